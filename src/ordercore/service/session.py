"""``Session``: one attempt of one Engine command inside one unit of work.

It hands out each aggregate once (a second ``order(...)`` of the same id returns the same
object), remembers the version it was read at, and :meth:`Session.flush` adds the new ones and
saves every changed one with that version, so a command never forgets a save and the unit of
work commits all of them or none. It also carries what the command may use: the time ``now``
(read from the engine's clock once per attempt), the number sequence, the merchant's timezone,
the locations, the allocation policy and the after-sale settings (return window, refund policy,
follow-up delays).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import pendulum

from ordercore.domain.allocation import Policy, PreorderCaps, RequestPolicies
from ordercore.domain.billing import Invoice, Payment, RefundPriority
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import Location, StockItem
from ordercore.domain.orders import NotAllowedInStatus, Order, OrderStatus
from ordercore.domain.returns import (
    FollowUp,
    FollowUpPolicy,
    RefundPolicy,
    ReturnAuthorization,
    ReturnWindow,
)
from ordercore.domain.returns.values import follow_up_id
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.events import attach
from ordercore.ports.sequences import NumberSequence
from ordercore.ports.unit_of_work import FindsByName, ReadsAhead
from ordercore.service.errors import UnknownLocation

__all__ = ["OrderFile", "Session"]

_LIVE = ("placed", "confirmed", "in_fulfilment")


_READS_AHEAD: dict[type, bool] = {}


def _reads_ahead(kind: type) -> bool:
    """Whether units of work of class ``kind`` offer ``ReadsAhead``.

    Asked once per class: an ``isinstance`` on a runtime-checkable protocol costs about 12 us.
    """
    known = _READS_AHEAD.get(kind)
    if known is None:
        known = _READS_AHEAD[kind] = issubclass(kind, ReadsAhead)
    return known


_FINDS_BY_NAME: dict[type, bool] = {}


def _finds_by_name(kind: type) -> bool:
    """Whether units of work of class ``kind`` offer ``FindsByName`` (asked once per class)."""
    known = _FINDS_BY_NAME.get(kind)
    if known is None:
        known = _FINDS_BY_NAME[kind] = issubclass(kind, FindsByName)
    return known


def _issued(invoice: Invoice) -> tuple[bool, str, str, str]:
    """Oldest first: the earliest issued, then the lowest number (numbers are taken in order)."""
    issued = "" if invoice.issued_at is None else invoice.issued_at.isoformat()
    return (invoice.issued_at is None, issued, invoice.number or "", invoice.id)


@attrs.frozen
class OrderFile:
    """What a command works on, loaded before it changes anything: an order and its stock.

    ``stock`` holds the stock items of the order's SKUs that exist (by SKU), when asked for
    (empty otherwise). The order's payments and invoices come from :meth:`Session.billing_of`.
    """

    order: Order
    """The order."""
    stock: dict[str, StockItem] = attrs.field(factory=dict)
    """The stock items of the order's SKUs, by SKU (when loaded)."""


@attrs.define
class Session:
    """The aggregates one command attempt loaded, and the facts it runs with."""

    uow: Any
    """The open unit of work (``ordercore.ports.Transaction``)."""
    now: pendulum.DateTime
    """The time of the command."""
    numbers: NumberSequence
    """Invoice, credit note and RMA numbers."""
    timezone: str = "UTC"
    """The merchant's timezone: invoice due dates and 'overdue' are days there."""
    locations: Mapping[str, Location] = attrs.field(factory=dict)
    """The host's locations by id."""
    policy: Policy = attrs.field(factory=Policy.default)
    """The allocation policy."""
    return_window: ReturnWindow = attrs.field(factory=lambda: ReturnWindow(30))
    """Days after delivery a return may be requested (per channel, per SKU)."""
    refund_policy: RefundPolicy = attrs.field(factory=RefundPolicy)
    """Whether shipping is refunded, and the restocking fee."""
    follow_up_policy: FollowUpPolicy = attrs.field(factory=FollowUpPolicy)
    """Days after delivery the satisfaction check falls due (per channel)."""
    refund_priority: RefundPriority = attrs.field(factory=RefundPriority)
    """The order refunds go back to an order's payments."""
    preorders: PreorderCaps | None = None
    """The caps on selling against incoming supply (per SKU and channel), if any."""
    request_policies: RequestPolicies | None = None
    """Which channels' orders are all or nothing (backorder filling keeps those whole)."""
    _loaded: dict[tuple[str, str], tuple[Any, int | None]] = attrs.field(factory=dict)
    _queried: set[tuple[str, str]] | None = None  # made by the first for_order (most have none)

    def find(self, collection: str, key: str, kind: type[Any]) -> Any | None:
        """The aggregate of ``collection`` under ``key`` (the same object each time), or None."""
        slot = (collection, key)
        loaded = self._loaded.get(slot)
        if loaded is not None:
            return loaded[0]
        uow = self.uow
        finds = _FINDS_BY_NAME.get(uow.__class__)  # _finds_by_name, known: without the call
        if finds is None:
            finds = _finds_by_name(uow.__class__)
        # no repository handle to build when the unit of work finds by name (memory store)
        found = uow.find_in(collection, key) if finds else uow.repository(collection).find(key)
        if found is None:
            return None
        if not isinstance(found, kind):
            raise WrongType(collection, found, f"{collection} holds {kind.__name__} aggregates")
        self._loaded[slot] = (found, found.version)
        return found

    def measures_in_place(self) -> bool:
        """Whether :meth:`measure` counts on stored aggregates without reading a copy of them."""
        return callable(getattr(self.uow, "measure_in", None))

    def measure(
        self,
        collection: str,
        key: str,
        kind: type[Any],
        measure: Callable[..., int],
        *args: object,
    ) -> int | None:
        """What ``measure(aggregate, *args)`` counts on the aggregate under ``key``, or ``None``.

        ``None`` if there is no such aggregate.

        An aggregate this session holds is measured as it holds it; else a unit of work that
        measures in place (``measure_in``, the memory store) measures the stored state, which
        joins the read set without a copy being made; else the aggregate is read as by
        :meth:`find`. ``measure`` only reads what it is given and returns an ``int``.
        """
        loaded = self._loaded.get((collection, key))
        if loaded is not None:
            return measure(loaded[0], *args)
        measure_in = getattr(self.uow, "measure_in", None)
        if measure_in is not None:
            counted: int | None = measure_in(collection, key, kind, measure, *args)
            if counted is not None:
                return counted
        found = self.find(collection, key, kind)  # none, or not a kind: find says which
        return None if found is None else measure(found, *args)

    def get(self, collection: str, key: str, kind: type[Any]) -> Any:
        """The aggregate under ``key``; the repository's ``NotFound`` if there is none."""
        found = self.find(collection, key, kind)
        if found is None:
            self.uow.repository(collection).get(key)  # raises NotFound with the store's wording
        return found

    def keeps(self, collection: str) -> bool:
        """Whether the store keeps ``collection`` (a host's store may keep fewer)."""
        try:
            self.uow.repository(collection)
        except ValidationError:
            return False
        return True

    def add(self, collection: str, key: str, entity: Any) -> None:
        """Note a new aggregate, added to the store on :meth:`flush`.

        It gets an event sink of its own now (:func:`~ordercore.kernel.events.attach`), as
        the aggregates the unit of work hands out do, so the commit takes its events from the
        sink instead of calling back into it.
        """
        self._loaded[(collection, key)] = (entity, None)
        attach(entity)

    def loaded(self, collection: str) -> list[Any]:
        """The aggregates of ``collection`` this session loaded or added so far, in that order."""
        return [entity for (name, _), (entity, _) in self._loaded.items() if name == collection]

    def order(self, order_id: str) -> Order:
        """The order ``order_id`` (``NotFound`` if unknown)."""
        # find(), not get() (a call fewer: most commands read their order first)
        found: Order | None = self.find("orders", order_id, Order)
        if found is None:
            found = self.get("orders", order_id, Order)  # raises NotFound
        return found

    def live_order(self, order_id: str, command: str) -> Order:
        """The order ``order_id``; refused first (``NotAllowedInStatus``) if it is cancelled.

        A cancelled order is the real reason a fulfilment command cannot run, so it is named
        before any stock or money check could give another.
        """
        order = self.order(order_id)
        if order.status is OrderStatus.CANCELLED:
            raise NotAllowedInStatus(order.id, command, order.status.value, _LIVE)
        return order

    def known_location(self, location: str) -> str:
        """``location`` if the Engine knows it (or was given no locations); else refused."""
        if self.locations and location not in self.locations:
            raise UnknownLocation(location, tuple(sorted(self.locations)))
        return location

    def for_order(self, collection: str, order_id: str, kind: type[Any]) -> list[Any]:
        """The aggregates of ``collection`` that belong to ``order_id``, through the port's query.

        Each is loaded once (an aggregate this session already holds is that same object), and
        ones this session added but has not flushed yet are included; ordered by id.
        """
        found: dict[str, Any] = {}
        queried = self._queried
        if queried is None:
            queried = self._queried = set()
        if (collection, order_id) not in queried:  # asked once: later ones are loaded
            queried.add((collection, order_id))
            uow = self.uow
            finds = _FINDS_BY_NAME.get(uow.__class__)  # _finds_by_name, known: without the call
            if finds is None:
                finds = _finds_by_name(uow.__class__)
            # no repository handle to build when the unit of work finds by name (memory store)
            for entity in (
                uow.for_order_in(collection, order_id)
                if finds
                else uow.repository(collection).for_order(order_id)
            ):
                slot = (collection, str(entity.id))
                if slot not in self._loaded:
                    if not isinstance(entity, kind):
                        raise WrongType(collection, entity, f"{collection} holds {kind.__name__}")
                    self._loaded[slot] = (entity, entity.version)
                found[slot[1]] = self._loaded[slot][0]
        for (name, key), (entity, _read_at) in self._loaded.items():
            if name == collection and str(getattr(entity, "order_id", "")) == order_id:
                found[key] = entity
        return [found[key] for key in sorted(found)]

    def order_file(
        self,
        order_id: str,
        command: str | None = None,
        *,
        stock: bool = False,
    ) -> OrderFile:
        """The order ``order_id`` with the stock items of its SKUs, loaded in one call.

        With a ``command`` the order must be live (:meth:`live_order`); ``stock`` loads the
        stock items of its SKUs. A handler asks for what it needs first, decides in the
        aggregates, then states what happened to the policy table.
        """
        order = self.order(order_id) if command is None else self.live_order(order_id, command)
        items = self.stock_of([line.sku for line in order.lines.values()]) if stock else {}
        return OrderFile(order, items)

    def shipment(self, shipment_id: str) -> Shipment:
        """The shipment ``shipment_id`` (``NotFound`` if unknown)."""
        # find(), not get() (a call fewer: every shipping command reads one)
        found: Shipment | None = self.find("shipments", shipment_id, Shipment)
        if found is None:
            found = self.get("shipments", shipment_id, Shipment)  # raises NotFound
        return found

    def billing_of(self, order_id: str) -> tuple[list[Payment], list[Invoice]]:
        """The order's payments (by id) and invoices (oldest first), loaded in one call.

        Both come through the ports' ``for_order`` queries (:meth:`for_order`); a handler loads
        them before it changes anything, and hands them to the policy rows in its fact.
        """
        payments: list[Payment] = self.for_order("payments", order_id, Payment)
        return payments, self.invoices_of(order_id)

    def invoices_of(self, order_id: str) -> list[Invoice]:
        """The order's invoices, oldest first (the earliest issued, then the lowest number)."""
        invoices: list[Invoice] = self.for_order("invoices", order_id, Invoice)
        # one invoice or none is in order already (its key formats the issue time: ~2k saved)
        return sorted(invoices, key=_issued) if len(invoices) > 1 else invoices

    def stock_of(self, skus: Iterable[str]) -> dict[str, StockItem]:
        """The stock items of ``skus`` that exist, by SKU (sorted), loaded in one call.

        A unit of work that can read several rows in one round trip (``ReadsAhead``, as the
        PostgreSQL store's can) is told which it is about to read first.
        """
        found: dict[str, StockItem] = {}
        wanted = sorted(set(skus))
        if _reads_ahead(type(self.uow)):
            loaded = self._loaded
            self.uow.read_ahead("stock", [sku for sku in wanted if ("stock", sku) not in loaded])
        for sku in wanted:
            item = self.find("stock", sku, StockItem)
            if item is not None:
                found[sku] = item
        return found

    def stock(self, sku: str) -> StockItem:
        """The stock item of ``sku`` (``NotFound`` if unknown)."""
        found: StockItem = self.get("stock", sku, StockItem)
        return found

    def find_stock(self, sku: str) -> StockItem | None:
        """The stock item of ``sku``, or None."""
        found: StockItem | None = self.find("stock", sku, StockItem)
        return found

    def find_payment(self, payment_id: str) -> Payment | None:
        """The payment ``payment_id``, or None."""
        found: Payment | None = self.find("payments", payment_id, Payment)
        return found

    def find_invoice(self, invoice_id: str) -> Invoice | None:
        """The invoice ``invoice_id``, or None."""
        found: Invoice | None = self.find("invoices", invoice_id, Invoice)
        return found

    def rma(self, rma_id: str) -> ReturnAuthorization:
        """The return ``rma_id`` (``NotFound`` if unknown)."""
        found: ReturnAuthorization = self.get("returns", rma_id, ReturnAuthorization)
        return found

    def find_rma(self, rma_id: str) -> ReturnAuthorization | None:
        """The return ``rma_id``, or None."""
        found: ReturnAuthorization | None = self.find("returns", rma_id, ReturnAuthorization)
        return found

    def follow_up(self, follow_up_id: str) -> FollowUp:
        """The follow-up ``follow_up_id`` (``NotFound`` if unknown)."""
        found: FollowUp = self.get("follow_ups", follow_up_id, FollowUp)
        return found

    def find_follow_up(self, follow_up_id: str) -> FollowUp | None:
        """The follow-up ``follow_up_id``, or None."""
        found: FollowUp | None = self.find("follow_ups", follow_up_id, FollowUp)
        return found

    def follow_up_of(self, order_id: str) -> tuple[FollowUp, ...]:
        """The order's follow-up (``FUP-<order id>``), if it has one: a tuple of none or one.

        A delivery handler loads it with the rest and hands it to the row that schedules the
        follow-up after the last delivery.
        """
        found = self.find_follow_up(follow_up_id(order_id))
        return () if found is None else (found,)

    def flush(self) -> None:
        """Add every new aggregate and save every changed one with the version it was read at.

        A session is dropped when its command ends and nothing it staged is touched again, so
        it hands its aggregates over to a unit of work that offers it (``uow.hand_over()``,
        the memory store: the staged object is kept, not copied); other stores need not.
        """
        hand_over = getattr(self.uow, "hand_over", None)
        if callable(hand_over):  # and every aggregate that changed is saved below
            hand_over(saves_every_change=True)
        uow = self.uow
        if not self._loaded:
            return
        finds = _FINDS_BY_NAME.get(uow.__class__)  # _finds_by_name, known: without the call
        if finds is None:
            finds = _finds_by_name(uow.__class__)
        if finds:  # no repository handle to build (memory store)
            for (collection, _key), (entity, read_at) in self._loaded.items():
                if read_at is None:
                    uow.add_in(collection, entity)
                elif entity.version != read_at:  # an aggregate only read is not saved
                    uow.save_in(collection, entity, read_at)
            return
        for (collection, _key), (entity, read_at) in self._loaded.items():
            if read_at is None:
                uow.repository(collection).add(entity)
            elif entity.version != read_at:  # an aggregate only read needs no repository
                uow.repository(collection).save(entity, read_at)
