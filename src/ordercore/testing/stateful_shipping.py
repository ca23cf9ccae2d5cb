"""The shipment rules of :class:`~ordercore.testing.stateful_engine.EngineMachine`.

A mixin (kept apart so each module stays small): it opens shipments (often for units that are
not reserved where it asks), picks (sometimes too many), packs, ships with tracking, delivers
and cancels them, and takes the newest shipment along the happy path. Its check, run by the
machine after every step: the units in an order's shipments equal the line's buckets, per line:
picked in open shipments == picked, in packed ones == packed, in shipped or delivered ones ==
the units that left (shipped, delivered, returned or on their way back); and every shipment
equals what its events in the outbox replay to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st
from hypothesis.stateful import rule

from ordercore.domain.fulfilment import Parcel, Shipment, ShipmentStatus, replay_shipment
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.service.shipping import shelf_units
from ordercore.testing.stateful_store import read_stored
from ordercore.testing.strategies_fulfilment import carriers, tracking_numbers

if TYPE_CHECKING:
    from ordercore.memory.store import StoreSnapshot
    from ordercore.ports.outbox import OutboxMessage
    from ordercore.service import Engine
    from ordercore.testing.stateful_store import MachineStore

__all__ = ["ShipmentRules", "units_in_shipments"]

_OPEN = (ShipmentStatus.OPEN, ShipmentStatus.PICKING, ShipmentStatus.PICKED)
_LEFT = tuple(  # handed to the carrier: on the way, delivered, lost or sent back
    status
    for status in ShipmentStatus
    if status not in (*_OPEN, ShipmentStatus.PACKED, ShipmentStatus.CANCELLED)
)
_PLACES = ("WH-EAST", "WH-WEST")


def units_in_shipments(
    shipments: Iterable[Shipment], order_id: str, line_id: str
) -> tuple[int, int, int]:
    """Units of one order line in its shipments: (picked, packed, handed to the carrier)."""
    picked = packed = out = 0
    for shipment in shipments:
        line = shipment.lines.get(line_id)
        if shipment.order_id != order_id or line is None:
            continue
        if shipment.status in _OPEN:
            picked += line.picked
        elif shipment.status is ShipmentStatus.PACKED:
            packed += line.picked
        elif shipment.status in _LEFT:
            out += line.picked
    return picked, packed, out


def _check(condition: bool, what: object) -> None:
    if not condition:
        raise AssertionError(str(what))


class ShipmentRules:
    """Shipment rules and their check, for a machine with an engine on a memory store."""

    engine: Engine
    store: MachineStore

    if TYPE_CHECKING:

        def snapshot(self) -> StoreSnapshot:
            """Everything the store holds (the machine's own)."""
            ...

        def attempt(self, command: Callable[[], Any]) -> bool:
            """Run a command; a refusal must change nothing (the machine's own)."""
            ...

        def order(self, pick: int) -> Order | None:
            """The ``pick``-th order (the machine's own)."""
            ...

        def line_of(self, order: Order, pick: int) -> str:
            """The ``pick``-th line id of ``order`` (the machine's own)."""
            ...

    def shipments(self) -> list[Shipment]:
        """Every stored shipment, by id."""
        rows = self.snapshot().rows
        return [s for (name, _), s in sorted(rows.items()) if name == "shipments"]

    def shipment(self, pick: int) -> Shipment | None:
        """The ``pick``-th stored shipment (modulo), or None."""
        found = self.shipments()
        return found[pick % len(found)] if found else None

    @rule(
        pick=st.integers(0, 7),
        line=st.integers(0, 7),
        units=st.integers(0, 4),
        place=st.sampled_from(_PLACES),
        whole=st.booleans(),
    )
    def open_shipment(self, pick: int, line: int, units: int, place: str, whole: bool) -> None:
        """A picker opens a shipment: every line's shelf units there, or some units of a line."""
        order = self.order(pick)
        if order is None:
            return
        lines = {self.line_of(order, line): units}
        if whole:
            lines = self._shelf(order, place) or lines
        self.attempt(lambda: self.engine.open_shipment(order.id, lines, place))

    @rule(pick=st.integers(0, 7), units=st.none() | st.integers(0, 4))
    def pick_units(self, pick: int, units: int | None) -> None:
        """Units of a shipment line are picked (``None``: all it still asks for)."""
        shipment = self.shipment(pick)
        if shipment is None:
            return
        lines = sorted(shipment.lines.values(), key=lambda line: -line.remaining)
        line_id, count = lines[0].line_id, lines[0].remaining if units is None else units
        self.attempt(lambda: self.engine.pick(shipment.id, line_id, count))

    @rule(pick=st.integers(0, 7), boxes=st.integers(0, 2))
    def pack_shipment(self, pick: int, boxes: int) -> None:
        """A shipment is packed into parcels (none: not recorded)."""
        shipment = self.shipment(pick)
        if shipment is not None:
            parcels = [Parcel(500 * (n + 1), label=f"BOX-{n + 1}") for n in range(boxes)]
            self.attempt(lambda: self.engine.pack(shipment.id, parcels))

    @rule(pick=st.integers(0, 7), carrier=carriers(), tracking=tracking_numbers())
    def ship_shipment(self, pick: int, carrier: str, tracking: list[str]) -> None:
        """A packed shipment is handed to a carrier with tracking numbers."""
        shipment = self.shipment(pick)
        if shipment is not None:
            self.attempt(lambda: self.engine.ship_shipment(shipment.id, carrier, tracking))

    @rule(pick=st.integers(0, 7))
    def deliver_shipment(self, pick: int) -> None:
        """The carrier delivers a shipment."""
        shipment = self.shipment(pick)
        if shipment is not None:
            self.attempt(lambda: self.engine.deliver_shipment(shipment.id))

    @rule(pick=st.integers(0, 7))
    def cancel_shipment(self, pick: int) -> None:
        """A shipment is cancelled (refused once it has left)."""
        shipment = self.shipment(pick)
        if shipment is not None:
            self.attempt(lambda: self.engine.cancel_shipment(shipment.id, "wrong box"))

    def _shelf(self, order: Order, place: str) -> dict[str, int]:
        """Units of each line of ``order`` reserved on the shelf at ``place``, unpicked."""
        here: dict[str, int] = {}
        for line_id, order_line in order.lines.items():
            item = read_stored(self.store, "stock", order_line.sku)
            if isinstance(item, StockItem):
                units = shelf_units(item, order.id, str(line_id), place)
                if units:
                    here[str(line_id)] = units
        return here

    @rule(latest=st.integers(1, 3), steps=st.integers(1, 6), place=st.sampled_from(_PLACES))
    def shipment_progress(self, latest: int, steps: int, place: str) -> None:
        """The happy path: the newest shipment under way moves up to ``steps`` steps on.

        Without one, a recent order's shelf units at ``place`` get a new shipment.
        """
        for _ in range(steps):
            going = [s for s in self.shipments() if s.status is not ShipmentStatus.DELIVERED]
            going = [s for s in going if s.status is not ShipmentStatus.CANCELLED]
            if going:
                self.attempt(self._next_shipment_step(max(going, key=lambda s: s.id)))
                continue
            order = self.order(-latest)
            lines = {} if order is None else self._shelf(order, place)
            if order is None or not lines:
                return
            self.attempt(self._opening(order.id, lines, place))

    def _opening(self, order_id: str, lines: dict[str, int], place: str) -> Callable[[], Any]:
        """The command that opens a shipment of ``lines`` of an order at ``place``."""
        return lambda: self.engine.open_shipment(order_id, lines, place)

    def _next_shipment_step(self, shipment: Shipment) -> Callable[[], Any]:
        """The command that takes ``shipment`` one step along the happy path."""
        engine, status = self.engine, shipment.status
        line = max(shipment.lines.values(), key=lambda line: line.remaining)
        if status in (ShipmentStatus.OPEN, ShipmentStatus.PICKING) and line.remaining:
            return lambda: engine.pick(shipment.id, line.line_id, line.remaining)
        if status in (ShipmentStatus.PICKING, ShipmentStatus.PICKED):
            return lambda: engine.pack(shipment.id, [Parcel(750)])
        if status is ShipmentStatus.PACKED:
            return lambda: engine.ship_shipment(shipment.id, "DHL", ["JD00000001"])
        if status is ShipmentStatus.SHIPPED:
            return lambda: engine.deliver_shipment(shipment.id)
        return lambda: None

    def shipments_hold_the_picked_units(
        self, orders: list[Order], shipments: list[Shipment]
    ) -> None:
        """Per order line: units in its shipments == picked, packed and left buckets."""
        for order in orders:
            for line_id, line in order.lines.items():
                ledger = line.ledger
                expected = (ledger.picked, ledger.packed, ledger.out)
                actual = units_in_shipments(shipments, order.id, str(line_id))
                _check(expected == actual, f"{order.id}/{line_id}: buckets {expected} != {actual}")

    def shipments_replay_from_the_outbox(
        self, shipments: list[Shipment], outbox: Iterable[OutboxMessage]
    ) -> None:
        """Each stored shipment equals the replay of its events in the outbox."""
        logs: dict[str, list[Any]] = {}
        for message in outbox:
            if message.event.entity_kind == "shipment":
                logs.setdefault(message.event.entity_id, []).append(message.event)
        for shipment in shipments:
            rebuilt = replay_shipment(logs.get(shipment.id, []))
            _check(shipment == rebuilt, f"{shipment.id} does not replay from its events")
