"""What the allocation engine reads: supply rows, the stock snapshot, and the demand.

* :class:`Supply` is one source of one SKU: a (location, lot) on hand, or an incoming shipment
  with an ``eta``. Its ``available`` is already net of reservations and safety stock.
* :class:`StockSnapshot` groups supply rows per SKU; it is a value, and
  :meth:`StockSnapshot.after` returns the snapshot that remains once a plan has consumed its picks.
* :class:`DemandLine` and :class:`OrderDemand` say what is wanted, by whom, how urgently
  (``priority``: 1 is served before 2) and since when (``placed_at``).
* :class:`Backorder` is a line (or the rest of one) that waits for stock to arrive.

Every quantity is an ``int``; ``bool``, ``float`` and negative values are refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from ordercore.domain.allocation.errors import DuplicateDemand, DuplicateSupply
from ordercore.kernel.clock import instant, require_date
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import LocationId, LotId, OrderId, Sku, require_id
from ordercore.kernel.slots import draft_class

if TYPE_CHECKING:  # pragma: no cover - only for the annotation of StockSnapshot.after
    from ordercore.domain.allocation.plan import Plan

__all__ = [
    "Backorder",
    "DemandLine",
    "OrderDemand",
    "StockSnapshot",
    "Supply",
    "SupplyKey",
    "require_quantity",
]

_EPOCH = pendulum.datetime(1970, 1, 1, tz="UTC")
_MICROSECOND = timedelta(microseconds=1)

SupplyKey = tuple[str, str, str | None, str | None]
"""The identity of a supply row: ``(sku, location, lot, supply_id)``."""


def require_quantity(field: str, value: object, *, minimum: int = 0) -> int:
    """``value`` if it is an ``int`` (not a ``bool``) of at least ``minimum``; refused otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongType(field, value, "a quantity is a whole number of units (int)")
    if value < minimum:
        raise ValidationError(field, value, f"a quantity is at least {minimum}")
    return value


def _sku(value: object) -> Sku:
    return Sku(require_id("sku", value))


def _location(value: object) -> LocationId:
    return LocationId(require_id("location", value))


def _lot(value: object) -> LotId | None:
    return None if value is None else LotId(require_id("lot", value))


def _order_id(value: object) -> OrderId:
    return OrderId(require_id("order_id", value))


def _line_id(value: object) -> str:
    return require_id("line_id", value)


def _channel(value: object) -> str:
    return require_id("channel", value)


def _supply_id(value: object) -> str | None:
    return None if value is None else require_id("supply_id", value)


def _available(value: object) -> int:
    return require_quantity("available", value)


def _priority(value: object) -> int:
    return require_quantity("priority", value)


def _quantity(value: object) -> int:
    return require_quantity("quantity", value, minimum=1)


def _expires_on(value: object) -> pendulum.Date | None:
    return None if value is None else require_date(value, "expires_on")


def _eta(value: object) -> pendulum.Date | None:
    return None if value is None else require_date(value, "eta")


def _received_at(value: object) -> pendulum.DateTime | None:
    return None if value is None else instant(value, "received_at")


def _placed_at(value: object) -> pendulum.DateTime:
    return instant(value, "placed_at")


@attrs.frozen
class Supply:
    """One source of a SKU: a location and lot on hand, or an incoming shipment (``eta`` set).

    ``priority`` ranks locations (1 before 2); ``place`` is opaque data (region, coordinates) the
    host's distance function understands; ``expires_on`` and ``received_at`` describe the lot.
    """

    sku: Sku = attrs.field(converter=_sku)
    location: LocationId = attrs.field(converter=_location)
    available: int = attrs.field(converter=_available)
    lot: LotId | None = attrs.field(default=None, converter=_lot)
    priority: int = attrs.field(default=100, converter=_priority)
    place: object = None
    expires_on: pendulum.Date | None = attrs.field(default=None, converter=_expires_on)
    received_at: pendulum.DateTime | None = attrs.field(default=None, converter=_received_at)
    eta: pendulum.Date | None = attrs.field(default=None, converter=_eta)
    supply_id: str | None = attrs.field(default=None, converter=_supply_id)

    @classmethod
    def row(
        cls,
        sku: object,
        location: object,
        available: object,
        lot: object,
        priority: object,
        place: object,
        expires_on: object,
        received_at: object,
        eta: object,
        supply_id: object,
    ) -> Supply:
        """``Supply(...)`` with every field given in order: the same row, built faster.

        When each value already is what its converter would return (an id: a non-empty str
        without outer spaces; a whole number of at least 0; ``None``, a ``pendulum.Date``, an
        aware ``pendulum.DateTime``), no converter is called (about 8 k instructions a row, a
        stock snapshot's bulk); any other value goes through ``Supply(...)``, which converts
        it or refuses it exactly as it always does.
        """
        if (
            cls is Supply  # a draft becomes a Supply: a subclass takes its constructor
            and type(sku) is str
            and sku
            and sku == sku.strip()
            and type(location) is str
            and location
            and location == location.strip()
            and type(available) is int
            and available >= 0
            and (lot is None or (type(lot) is str and lot and lot == lot.strip()))
            and type(priority) is int
            and priority >= 0
            and (expires_on is None or type(expires_on) is pendulum.Date)
            and (
                received_at is None
                or (type(received_at) is pendulum.DateTime and received_at.tzinfo is not None)
            )
            and (eta is None or type(eta) is pendulum.Date)
            and (
                supply_id is None
                or (type(supply_id) is str and supply_id and supply_id == supply_id.strip())
            )
        ):
            draft: Any = _SupplyDraft()  # every field assigned, then its class set (kernel.slots)
            draft.sku = sku
            draft.location = location
            draft.available = available
            draft.lot = lot
            draft.priority = priority
            draft.place = place
            draft.expires_on = expires_on
            draft.received_at = received_at
            draft.eta = eta
            draft.supply_id = supply_id
            draft.__class__ = Supply
            made: Supply = draft
            return made
        return cls(
            sku, location, available, lot, priority, place, expires_on, received_at, eta, supply_id
        )

    @property
    def key(self) -> SupplyKey:
        """``(sku, location, lot, supply_id)``: what makes this row unique in a snapshot."""
        return (self.sku, self.location, self.lot, self.supply_id)

    @property
    def on_hand(self) -> bool:
        """Whether the stock is in the location now (no ``eta``)."""
        return self.eta is None


_SupplyDraft = draft_class(Supply)
"""A ``Supply`` being built by :meth:`Supply.row` (kernel.slots.draft_class)."""


def _group(rows: Mapping[str, Iterable[Supply]]) -> dict[Sku, tuple[Supply, ...]]:
    grouped: dict[Sku, tuple[Supply, ...]] = {}
    for sku, sku_rows in rows.items():
        as_tuple = tuple(sku_rows)
        # A key holds its row's SKU, so a row can only repeat a row of its own SKU: each SKU's
        # keys are checked on their own, and a SKU of one row has none to repeat.
        seen: set[SupplyKey] | None = set() if len(as_tuple) > 1 else None
        for row in as_tuple:
            if not isinstance(row, Supply):
                raise WrongType("supply", row, "a snapshot holds Supply rows")
            if row.sku != sku:
                raise ValidationError("supply", row.key, f"a row filed under {sku!r} is of {sku}")
            if seen is not None:
                key = row.key
                if key in seen:
                    raise DuplicateSupply(key)
                seen.add(key)
        grouped[Sku(sku)] = as_tuple
    return grouped


@attrs.frozen
class StockSnapshot:
    """Supply rows grouped per SKU (``rows[sku]`` is a tuple of :class:`Supply`)."""

    rows: dict[Sku, tuple[Supply, ...]] = attrs.field(converter=_group)

    @classmethod
    def of(cls, supply: Iterable[Supply]) -> StockSnapshot:
        """A snapshot built from loose rows, grouped by their SKU in the order given."""
        grouped: dict[str, list[Supply]] = {}
        for row in supply:
            if not isinstance(row, Supply):
                raise WrongType("supply", row, "a snapshot holds Supply rows")
            grouped.setdefault(row.sku, []).append(row)
        return cls.grouped(grouped)  # each row checked above and filed under its own SKU

    @classmethod
    def grouped(cls, rows: Mapping[str, Iterable[Supply]]) -> StockSnapshot:
        """``StockSnapshot(rows)`` for ``Supply`` rows each filed under its own SKU, built faster.

        For a caller that made or checked the rows itself (:meth:`of`, the service's
        ``snapshot_of``): each row's type and SKU are not checked again, and the slot is
        written directly; a SKU of several rows is still refused a key given twice
        (``DuplicateSupply``), as the constructor refuses it.
        """
        grouped: dict[str, tuple[Supply, ...]] = {}  # a Sku is its str at run time
        for sku, sku_rows in rows.items():
            as_tuple = tuple(sku_rows)
            if len(as_tuple) > 1:  # a SKU of one row has no key to repeat
                seen: set[SupplyKey] = set()
                for row in as_tuple:
                    key = row.key
                    if key in seen:
                        raise DuplicateSupply(key)
                    seen.add(key)
            grouped[sku] = as_tuple
        if cls is not StockSnapshot:  # a draft becomes a StockSnapshot: a subclass is built
            return cls(grouped)
        draft: Any = _SnapshotDraft()
        draft.rows = grouped
        draft.__class__ = StockSnapshot
        made: StockSnapshot = draft
        return made

    def supply(self, sku: str) -> tuple[Supply, ...]:
        """The rows of ``sku`` (empty when the snapshot has none)."""
        return self.rows.get(Sku(sku), ())

    def available(self, sku: str, *, on_hand_only: bool = False) -> int:
        """The total ``available`` of ``sku``, optionally counting stock on hand only."""
        return sum(r.available for r in self.supply(sku) if r.eta is None or not on_hand_only)

    def after(self, plan: Plan) -> StockSnapshot:
        """The snapshot that remains once ``plan`` has taken what it consumed."""
        taken = {c.key: c.quantity for c in plan.consumed}
        return StockSnapshot(
            {
                sku: tuple(
                    attrs.evolve(row, available=row.available - taken[row.key])
                    if row.key in taken
                    else row
                    for row in rows
                )
                for sku, rows in self.rows.items()
            }
        )


_SnapshotDraft = draft_class(StockSnapshot)
"""A ``StockSnapshot`` being built by :meth:`StockSnapshot.grouped` (kernel.slots.draft_class)."""


@attrs.frozen
class DemandLine:
    """One order line: ``quantity`` units (at least 1) of ``sku``."""

    order_id: OrderId = attrs.field(converter=_order_id)
    line_id: str = attrs.field(converter=_line_id)
    sku: Sku = attrs.field(converter=_sku)
    quantity: int = attrs.field(converter=_quantity)

    @classmethod
    def row(cls, order_id: object, line_id: object, sku: object, quantity: object) -> DemandLine:
        """``DemandLine(...)``, built without its converters when they would change nothing.

        Three ids and a whole number of at least 1 as they are; any other value goes through
        ``DemandLine(...)``, which refuses it as it always does (see :meth:`Supply.row`).
        """
        if (
            cls is DemandLine  # a draft becomes a DemandLine: a subclass takes its constructor
            and type(order_id) is str
            and order_id
            and order_id == order_id.strip()
            and type(line_id) is str
            and line_id
            and line_id == line_id.strip()
            and type(sku) is str
            and sku
            and sku == sku.strip()
            and type(quantity) is int
            and quantity >= 1
        ):
            # ids checked inline: a call per id costs as much as the check
            draft: Any = _LineDraft()
            draft.order_id = order_id
            draft.line_id = line_id
            draft.sku = sku
            draft.quantity = quantity
            draft.__class__ = DemandLine
            made: DemandLine = draft
            return made
        return cls(order_id, line_id, sku, quantity)


_LineDraft = draft_class(DemandLine)
"""A ``DemandLine`` being built by :meth:`DemandLine.row` (kernel.slots.draft_class)."""

_DEMAND_LINE = frozenset((DemandLine,))
"""The one type of an order's lines, as :meth:`OrderDemand.row` checks their types."""


def _lines(value: Iterable[DemandLine]) -> tuple[DemandLine, ...]:
    lines = tuple(value)
    for line in lines:
        if not isinstance(line, DemandLine):
            raise WrongType("lines", line, "an order's lines are DemandLine values")
    return lines


@attrs.frozen
class OrderDemand:
    """An order's demand: its lines and what decides who is served first.

    Orders are served by ``priority`` (1 before 2), then ``placed_at``, then ``order_id``.
    ``ship_to`` is opaque (the host's distance function reads it); ``channel`` names the sales
    channel, whose safety buffer the policy may apply.
    """

    order_id: OrderId = attrs.field(converter=_order_id)
    placed_at: pendulum.DateTime = attrs.field(converter=_placed_at)
    lines: tuple[DemandLine, ...] = attrs.field(converter=_lines)
    priority: int = attrs.field(default=100, converter=_priority)
    channel: str = attrs.field(default="default", converter=_channel)
    ship_to: object = None

    @classmethod
    def row(
        cls,
        order_id: object,
        placed_at: object,
        lines: tuple[DemandLine, ...],
        priority: object,
        channel: object,
        ship_to: object,
    ) -> OrderDemand:
        """``OrderDemand(...)``, built without its converters when they would change nothing.

        Every field is given in order, and the order's own checks still run. An id, an aware
        ``pendulum.DateTime``, a tuple of ``DemandLine``, a whole number of at least 0 and an id
        are taken as they are; any other value goes through ``OrderDemand(...)``, which converts
        or refuses it as it always does (see :meth:`Supply.row`).
        """
        if (
            cls is OrderDemand  # a draft becomes an OrderDemand: a subclass takes its constructor
            and type(order_id) is str
            and order_id
            and order_id == order_id.strip()
            and type(placed_at) is pendulum.DateTime
            and placed_at.tzinfo is not None
            and type(lines) is tuple
            and {*map(type, lines)} <= _DEMAND_LINE  # every line a DemandLine: no generator
            and type(priority) is int
            and priority >= 0
            and type(channel) is str
            and channel
            and channel == channel.strip()
        ):
            draft: Any = _DemandDraft()  # every field assigned, then its class set (kernel.slots)
            draft.order_id = order_id
            draft.placed_at = placed_at
            draft.lines = lines
            draft.priority = priority
            draft.channel = channel
            draft.ship_to = ship_to
            draft.__class__ = OrderDemand
            made: OrderDemand = draft
            made.__attrs_post_init__()
            return made
        return cls(order_id, placed_at, lines, priority, channel, ship_to)

    @property
    def serving_key(self) -> tuple[int, int, str]:
        """``(priority, placed_at in UTC microseconds, order_id)``: the order a batch is served in.

        Worked out when read: a batch's sort reads it once per order, and a lone order (the
        engine's ``allocate_order``) is never sorted, so it costs nothing there.
        """
        micros = datetime.__sub__(self.placed_at, _EPOCH) // _MICROSECOND  # exact, in UTC
        return (self.priority, micros, self.order_id)

    def __attrs_post_init__(self) -> None:
        if not self.lines:
            raise ValidationError("lines", self.lines, "an order has at least one line")
        seen: set[str] = set()
        for line in self.lines:
            if line.order_id != self.order_id:
                raise ValidationError(
                    "lines", line.order_id, f"every line belongs to order {self.order_id!r}"
                )
            if line.line_id in seen:
                raise DuplicateDemand("line_id", line.line_id, f"order {self.order_id!r}")
            seen.add(line.line_id)


_DemandDraft = draft_class(OrderDemand)
"""An ``OrderDemand`` being built by :meth:`OrderDemand.row` (kernel.slots.draft_class)."""


@attrs.frozen
class Backorder:
    """A quantity of one order line that waits for stock, with what decides who is filled first."""

    order_id: OrderId = attrs.field(converter=_order_id)
    line_id: str = attrs.field(converter=_line_id)
    sku: Sku = attrs.field(converter=_sku)
    quantity: int = attrs.field(converter=_quantity)
    placed_at: pendulum.DateTime = attrs.field(converter=_placed_at)
    priority: int = attrs.field(default=100, converter=_priority)
    channel: str = attrs.field(default="default", converter=_channel)
    ship_to: object = None
