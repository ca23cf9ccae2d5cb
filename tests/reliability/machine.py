"""The fault-injection machine: random Engine histories, a fault at random steps, then a retry.

Every step sends one Engine command to :class:`~tests.reliability.twins.Twins`: receive stock,
place, authorize, capture, confirm, allocate, open a shipment, pick, pack, ship, deliver,
cancel, request and receive a return, refund, or let time pass and tick. On the faulty side a
fault may fire before, inside or just after the commit, and the host retries with the same
idempotency key. After every step both stores hold the same state (stock positions and
reservations, line buckets, money captured and refunded, outbox ids, document numbers, keys).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ordercore.domain.billing import Payment
from ordercore.domain.fulfilment import Parcel, Shipment
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Address, InvoicingPolicy, Order
from ordercore.kernel.money import Money, Rounding
from ordercore.service.shipping import shelf_units
from ordercore.testing.faults import Fault, Moment
from ordercore.testing.stateful_engine import LOCATIONS, PRICES, SKUS, order_lines
from tests.reliability.twins import FAULTS, Twins, state_of

__all__ = ["FaultMachine", "faults"]

_PLACES = sorted(LOCATIONS)
_HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")
_SHARES = st.sampled_from([Decimal("0.5"), Decimal(1), Decimal("1.5")])
_PICK = st.integers(0, 7)


def faults(moments: tuple[Moment, ...]) -> st.SearchStrategy[Fault | None]:
    """No fault (half the time) or one at one of ``moments``, after 0-5 writes, of any kind."""
    fault = st.builds(
        Fault,
        moment=st.sampled_from(moments),
        after=st.integers(0, 5),
        error=st.sampled_from(FAULTS),
    )
    return st.none() | fault


_FAULT = faults(tuple(Moment))


class FaultMachine(RuleBasedStateMachine):
    """Random histories on twin Engines; subclasses choose the stores and the fault moments."""

    moments: tuple[Moment, ...] = tuple(Moment)
    """The moments faults are injected at."""

    def make_twins(self) -> Twins:
        """The twin Engines (memory stores by default)."""
        return Twins.in_memory()

    def __init__(self) -> None:
        super().__init__()
        self.twins = self.make_twins()
        self.orders: list[str] = []
        self.returns: list[tuple[str, str]] = []

    # -- reading the twin's state (equal to the faulty side's after every step) ---------------

    def _read(self, collection: str, key: str) -> Any:
        with self.twins.plain.unit_of_work() as uow:
            return uow.repository(collection).find(key)

    def order(self, pick: int) -> Order | None:
        """The ``pick``-th order (modulo), or None before the first."""
        if not self.orders:
            return None
        found = self._read("orders", self.orders[pick % len(self.orders)])
        return found if isinstance(found, Order) else None

    def payment(self, order_id: str) -> Payment | None:
        """The order's first payment, if any."""
        found = self._read("payments", f"{order_id}/payment-1")
        return found if isinstance(found, Payment) else None

    def shipments(self) -> list[Shipment]:
        """The stored shipments of every order."""
        found: list[Shipment] = []
        for order_id in self.orders:
            with self.twins.plain.unit_of_work() as uow:
                found += uow.repository("shipments").for_order(order_id)
        return sorted(found, key=lambda shipment: shipment.id)

    def send(self, name: str, fault: Fault | None, *args: Any, **kwargs: Any) -> Any:
        """Send a command to both twins (see :meth:`Twins.send`); its result, or None."""
        if fault is not None and fault.moment not in self.moments:
            fault = None
        kind, value = self.twins.send(name, *args, fault=fault, **kwargs)
        return value if kind == "ok" else None

    # -- rules ----------------------------------------------------------------------------------

    @rule(
        fault=_FAULT,
        sku=st.sampled_from(SKUS),
        location=st.sampled_from(_PLACES),
        units=st.integers(1, 5),
    )
    def receive_stock(self, fault: Fault | None, sku: str, location: str, units: int) -> None:
        """Stock arrives and fills backorders."""
        self.send("receive_stock", fault, sku, location, units, order_ids=list(self.orders))

    @rule(fault=_FAULT, lines=order_lines(),
          on_placement=st.booleans())  # fmt: skip
    def place_order(
        self, fault: Fault | None, lines: list[tuple[str, int]], on_placement: bool
    ) -> None:
        """A customer places an order (invoiced on placement or on shipment)."""
        order_id = f"order-{len(self.orders) + 1}"
        now = self.twins.clock.now()
        policy = InvoicingPolicy.ON_PLACEMENT if on_placement else InvoicingPolicy.ON_SHIPMENT
        order = Order.draft(
            order_id=order_id, number=order_id, customer_id="cust-1", currency="EUR",
            ship_to=_HOME, now=now, invoicing_policy=policy,
        )  # fmt: skip
        for sku, units in lines:
            order.add_line(sku, units, Money.of(PRICES[sku], "EUR"), now)
        self.send("place_order", fault, order)
        if self._read("orders", order_id) is not None:
            self.orders.append(order_id)

    @precondition(lambda self: bool(self.orders))
    @rule(fault=_FAULT, pick=_PICK, share=_SHARES)
    def authorize(self, fault: Fault | None, pick: int, share: Decimal) -> None:
        """The gateway authorises a share of the order's total."""
        order = self.order(pick)
        if order is not None:
            amount = order.total.multiply(share, Rounding.HALF_UP)
            reference = f"auth-{self.twins.sent}"
            self.send("record_authorization", fault, order.id, amount, reference)

    @precondition(lambda self: bool(self.orders))
    @rule(fault=_FAULT, pick=_PICK, share=_SHARES)
    def capture(self, fault: Fault | None, pick: int, share: Decimal) -> None:
        """The gateway captures a share of what is capturable."""
        order = self.order(pick)
        payment = None if order is None else self.payment(order.id)
        if order is not None and payment is not None:
            amount = payment.capturable.multiply(share, Rounding.HALF_UP)
            self.send("record_capture", fault, order.id, amount, f"cap-{self.twins.sent}")

    @precondition(lambda self: bool(self.orders))
    @rule(fault=_FAULT, pick=_PICK, share=_SHARES)
    def refund(self, fault: Fault | None, pick: int, share: Decimal) -> None:
        """The merchant refunds a share of what was captured."""
        order = self.order(pick)
        payment = None if order is None else self.payment(order.id)
        if order is not None and payment is not None:
            amount = payment.refundable.multiply(share, Rounding.HALF_UP)
            self.send("record_refund", fault, order.id, amount, f"ref-{self.twins.sent}")

    @precondition(lambda self: bool(self.orders))
    @rule(fault=_FAULT, pick=_PICK)
    def confirm(self, fault: Fault | None, pick: int) -> None:
        """The order is confirmed (once its money is secured)."""
        order = self.order(pick)
        if order is not None:
            self.send("confirm_order", fault, order.id)

    @precondition(lambda self: bool(self.orders))
    @rule(fault=_FAULT, pick=_PICK)
    def allocate(self, fault: Fault | None, pick: int) -> None:
        """The warehouse allocates the order's unallocated units."""
        order = self.order(pick)
        if order is not None:
            self.send("allocate_order", fault, order.id)

    @precondition(lambda self: bool(self.orders))
    @rule(fault=_FAULT, pick=_PICK,
          place=st.sampled_from(_PLACES))  # fmt: skip
    def open_shipment(self, fault: Fault | None, pick: int, place: str) -> None:
        """A picker opens a shipment of the order's units reserved on the shelf at ``place``."""
        order = self.order(pick)
        if order is None:
            return
        lines: dict[str, int] = {}
        for line_id, line in order.lines.items():
            item = self._read("stock", line.sku)
            if isinstance(item, StockItem):
                units = shelf_units(item, order.id, str(line_id), place)
                if units:
                    lines[str(line_id)] = units
        if lines:
            self.send("open_shipment", fault, order.id, lines, place)

    @rule(fault=_FAULT, pick=_PICK,
          step=st.sampled_from(["pick", "pack", "ship", "deliver", "cancel"]))  # fmt: skip
    def shipment_step(self, fault: Fault | None, pick: int, step: str) -> None:
        """A shipment is picked, packed, shipped with tracking, delivered or cancelled."""
        shipments = self.shipments()
        if not shipments:
            return
        shipment = shipments[pick % len(shipments)]
        line = max(shipment.lines.values(), key=lambda line: line.remaining)
        if step == "pick":
            self.send("pick", fault, shipment.id, line.line_id, line.remaining)
        elif step == "pack":
            self.send("pack", fault, shipment.id, [Parcel(750)])
        elif step == "ship":
            self.send("ship_shipment", fault, shipment.id, "DHL", [f"JD{self.twins.sent:08d}"])
        elif step == "deliver":
            self.send("deliver_shipment", fault, shipment.id)
        else:
            self.send("cancel_shipment", fault, shipment.id, "wrong box")

    @precondition(lambda self: bool(self.orders))
    @rule(fault=_FAULT, pick=_PICK,
          line=_PICK, one_step=st.booleans())  # fmt: skip
    def ship_or_deliver(self, fault: Fault | None, pick: int, line: int, one_step: bool) -> None:
        """A line's allocated units ship in one step, or its shipped units are delivered."""
        order = self.order(pick)
        if order is None:
            return
        line_id = list(order.lines)[line % len(order.lines)]
        ledger = order.lines[line_id].ledger
        if one_step:
            self.send("ship_line", fault, order.id, str(line_id), max(ledger.allocated, 1))
        else:
            self.send("deliver_line", fault, order.id, str(line_id), max(ledger.shipped, 1))

    @precondition(lambda self: bool(self.orders))
    @rule(fault=_FAULT, pick=_PICK,
          line=_PICK, whole=st.booleans())  # fmt: skip
    def cancel(self, fault: Fault | None, pick: int, line: int, whole: bool) -> None:
        """The order, or one unit of a line, is cancelled."""
        order = self.order(pick)
        if order is None:
            return
        if whole:
            self.send("cancel_order", fault, order.id, "customer asked")
        else:
            line_id = str(list(order.lines)[line % len(order.lines)])
            self.send("cancel_quantity", fault, order.id, line_id, 1, "fewer")

    @precondition(lambda self: bool(self.orders))
    @rule(fault=_FAULT, pick=_PICK,
          line=_PICK, restock=st.booleans())  # fmt: skip
    def return_units(self, fault: Fault | None, pick: int, line: int, restock: bool) -> None:
        """A delivered unit is asked back (an RMA); a unit asked back is received."""
        order = self.order(pick)
        if order is None:
            return
        line_id = list(order.lines)[line % len(order.lines)]
        ledger = order.lines[line_id].ledger
        if ledger.return_requested:
            self.send(
                "receive_return", fault, order.id, str(line_id), 1, "WH-WEST", restock=restock
            )
        else:
            self.send("request_return", fault, order.id, str(line_id), 1)

    @rule(fault=_FAULT, hours=st.integers(1, 240))
    def tick(self, fault: Fault | None, hours: int) -> None:
        """Time passes; holds and authorisations expire, invoices fall overdue."""
        self.twins.clock.advance(hours=hours)
        payments, invoices = [], []
        for order_id in self.orders:
            with self.twins.plain.unit_of_work() as uow:
                payments += [p.id for p in uow.repository("payments").for_order(order_id)]
                invoices += [i.id for i in uow.repository("invoices").for_order(order_id)]
        self.send("tick", fault, skus=list(SKUS), payment_ids=payments, invoice_ids=invoices)

    # -- the check ------------------------------------------------------------------------------

    @invariant()
    def the_faulty_store_holds_what_its_twin_holds(self) -> None:
        """After every step (and its retry): stock, buckets, money, outbox, numbers agree."""
        expected = state_of(self.twins.plain)
        actual = state_of(self.twins.faulty.inner)
        for part in expected:
            assert expected[part] == actual[part], (
                f"{part} differ: {_diff(expected[part], actual[part])}"
            )


def _diff(expected: Any, actual: Any) -> str:
    """The keys at which two mappings differ (or both values, if they are not mappings)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        keys = sorted(
            k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k)
        )
        return f"at {keys}: " + "; ".join(
            f"{expected.get(k)!r:.300} / {actual.get(k)!r:.300}" for k in keys[:1]
        )
    return f"twin {expected!r}, faulty {actual!r}"
