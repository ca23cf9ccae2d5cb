"""A state machine that drives the whole :class:`~ordercore.service.Engine` on a store.

:class:`EngineMachine` places orders (paid on placement or invoiced on shipment), authorises,
captures and refunds, confirms, allocates, ships (in one step, or shipment by shipment: open,
pick, pack, ship with tracking, deliver, cancel), delivers, cancels, returns, receives stock
(filling backorders), puts shipments on pick lists and confirms them (short picks included),
packs by scan, records carrier tracking and lets time pass (``tick``, which releases waves),
with random and often invalid arguments; after the sale it edits placed orders (quantities,
lines, ship-to), exchanges returned units for another SKU, resolves returns as store credit,
records chargebacks won or lost, and records the customer's satisfaction.
After every step it checks what must always hold:

* every order line's buckets sum to the quantity ordered; invoiced - credited never exceeds
  the units not cancelled;
* per SKU: on hand >= 0 at every location, reserved <= on hand, the reservations sum to the
  reserved figure, and the ledger replays to the positions (``StockItem.verify()``);
* the stock reserved for an order line equals its allocated + picked + packed units;
* the units in an order line's shipments equal its buckets: picked in open shipments, packed
  in packed ones, shipped (and onwards) in shipped or delivered ones; every shipment is what
  its events in the outbox replay to;
* money: captured <= authorised and refunded <= captured per payment; every invoice's balance
  is total - paid - discount taken - credit applied, never negative, and an order's invoices
  were paid no more than its payments captured;
* pick lists, shipments and the stock ledger agree: a shipment on an unfinished list asks for
  exactly the list's open and short units, and the units written off as not found are the
  lists' short units; a packing holds what its shipment picked (``FloorRules``);
* a refused command changed nothing in the store (aggregates, outbox);
* a command sent again with its idempotency key (a host retrying after a lost acknowledgement)
  returns the first call's result and changes nothing (aggregates, outbox, keys);
* retention (#11, ``RetentionRules``): a relay delivers messages (often out of order), the host
  prunes delivered ones and expires keys; no message is lost, the store's pending messages are
  the model's, kept messages keep their sequences, and a retry after its key expired runs again.
  Aggregates replay from every message the machine saw (pruned ones included).

The checks of orders, stock and money are in :mod:`ordercore.testing.stateful_engine_checks`.
Run it with ``TestEngine = EngineMachine.TestCase``; the strategies it draws from are exported.
It runs on a memory store; to run it on an adapter's store, override
:meth:`EngineMachine.make_store`, :meth:`EngineMachine.close_store` and
:meth:`EngineMachine.snapshot` (see :mod:`ordercore.testing.stateful_store`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ordercore.domain.billing import Payment
from ordercore.domain.inventory import HoldKind, Location, StockItem
from ordercore.domain.inventory.signals import SignalSettings
from ordercore.domain.orders import Address, InvoicingPolicy, LineId, Order, ShippingCharge
from ordercore.domain.returns import Disposition, DispositionKind, Grade, RefundPolicy
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money, Rounding, sum_money
from ordercore.memory import MemoryStore
from ordercore.memory.store import StoreSnapshot
from ordercore.service import Engine
from ordercore.testing.stateful_engine_checks import EngineChecks, check
from ordercore.testing.stateful_floor import SLOTTING, FloorRules, floor_options
from ordercore.testing.stateful_retention import RetentionRules
from ordercore.testing.stateful_selling import SellingRules
from ordercore.testing.stateful_shipping import ShipmentRules
from ordercore.testing.stateful_store import MachineStore, read_stored
from ordercore.testing.strategies_kernel import ANCHOR

if TYPE_CHECKING:
    import pendulum

    from ordercore.ports.outbox import OutboxMessage

__all__ = [
    "LOCATIONS",
    "PRICES",
    "SKUS",
    "START",
    "EngineMachine",
    "fractions",
    "order_lines",
    "picks",
]

START = ANCHOR
"""When every run starts (the clock only moves forward from here)."""
SKUS = ("RETRO-CLOCK", "BLUE-VASE", "GREEN-LAMP")
"""The SKUs the machine sells."""
PRICES = {"RETRO-CLOCK": "20.00", "BLUE-VASE": "35.00", "GREEN-LAMP": "12.50"}
"""Unit prices in EUR."""
LOCATIONS = {"WH-EAST": Location("WH-EAST", priority=1), "WH-WEST": Location("WH-WEST", 2)}
"""The shop's two warehouses."""
_HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")
_OFFICE = Address(name="Ada", line1="9 Dock Rd", city="Hamburg", postal_code="20457", country="DE")


def order_lines() -> st.SearchStrategy[list[tuple[str, int]]]:
    """One to three ``(sku, quantity)`` lines of distinct SKUs, 1 to 4 units each."""
    return st.lists(
        st.tuples(st.sampled_from(SKUS), st.integers(1, 4)),
        min_size=1,
        max_size=3,
        unique_by=lambda line: line[0],
    )


def fractions() -> st.SearchStrategy[Decimal]:
    """Shares of a relevant amount (a total, what is capturable): often valid, sometimes not."""
    return st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal(1), Decimal("1.5")])


def picks() -> st.SearchStrategy[int]:
    """An index into whatever list the rule picks from (taken modulo its length)."""
    return st.integers(0, 7)


_HELD_DISPOSITIONS = (
    DispositionKind.QUARANTINE,
    DispositionKind.REPAIR,
    DispositionKind.RETURN_TO_VENDOR,
    DispositionKind.SCRAP,
)
"""The dispositions of a damaged returned unit (held on hand, or scrapped)."""


def _eur(amount: Money | str) -> Money:
    return amount if isinstance(amount, Money) else Money.of(amount, "EUR")


class EngineMachine(
    EngineChecks, ShipmentRules, FloorRules, SellingRules, RetentionRules, RuleBasedStateMachine
):
    """Random commands through the Engine, invariants of orders, stock and money after each.

    The shipment rules (open, pick, pack, ship, deliver, cancel) and their checks come from
    :class:`~ordercore.testing.stateful_shipping.ShipmentRules`; the warehouse floor's (pick
    lists, scan-verified packing, tracking) and their checks from
    :class:`~ordercore.testing.stateful_floor.FloorRules`; the checks of orders, stock and
    money from :class:`~ordercore.testing.stateful_engine_checks.EngineChecks`; delivering,
    pruning and expiring keys (retention, #11) from
    :class:`~ordercore.testing.stateful_retention.RetentionRules`.
    """

    store_type: type[MemoryStore] = MemoryStore
    """The memory store class :meth:`make_store` builds (a test hands it a broken one)."""

    def __init__(self) -> None:
        super().__init__()
        self.store: MachineStore = self.make_store()
        self.clock = FixedClock(START)
        self.engine = Engine(
            self.store,
            self.clock,
            LOCATIONS,
            payment_first=True,
            refund_policy=RefundPolicy(refund_shipping=True),
            slotting=SLOTTING,
            **floor_options(),  # the floor (#15): bins at WH-EAST, products, boxes, SSCCs
        )
        self.engine.signals = SignalSettings(low_stock=2)  # selling (#17): signals in the outbox
        self.orders: list[str] = []
        self.ordered: dict[tuple[str, str], int] = {}
        self.refused = 0
        self.goodwill_granted = Money.zero("EUR")
        self.supplies: list[tuple[str, str]] = []
        self.keyed: list[tuple[str, tuple[Any, ...], dict[str, Any], str, Any]] = []
        self.keyed_at: dict[str, pendulum.DateTime] = {}  # retention (#11): the key model
        self.expired: set[str] = set()
        self.history: dict[int, OutboxMessage] = {}  # retention (#11): the outbox model
        self.handed: set[int] = set()
        self.pruned: set[int] = set()
        self.held: dict[str, int] = {}  # held stock (#16): units per SKU in a hold, as expected
        for sku in SKUS:
            for location in LOCATIONS:
                self.engine.receive_stock(sku, location, 3)

    # -- the store under test ---------------------------------------------------------------

    def make_store(self) -> MachineStore:
        """A new, empty store for one run: a ``store_type()`` memory store by default.

        An adapter's machine overrides it to open (and migrate) its own store, together with
        :meth:`close_store` and :meth:`snapshot`.
        """
        return self.store_type()

    def close_store(self) -> None:
        """Release what :meth:`make_store` opened (connections, files); nothing by default."""

    def teardown(self) -> None:
        """Hypothesis ends a run here: close the store."""
        self.close_store()

    def snapshot(self) -> StoreSnapshot:
        """Everything the store holds, as comparable values (rows, outbox, delivered, keys).

        The memory store makes its own; no port offers a whole-store view, so an adapter's
        machine overrides this to read its tables (see :mod:`ordercore.testing.stateful_store`).
        """
        if isinstance(self.store, MemoryStore):
            return self.store.snapshot()
        raise NotImplementedError("override snapshot() to read everything your store holds")

    # -- helpers --------------------------------------------------------------------------------

    def attempt(self, command: Callable[[], Any]) -> bool:
        """Run ``command``: True if accepted; if refused, check the store did not change."""
        before = self.snapshot()
        try:
            command()
        except OrdercoreError:
            after = self.snapshot()
            check(before.rows == after.rows, "a refused command changed an aggregate")
            check(before.outbox == after.outbox, "a refused command wrote to the outbox")
            self.refused += 1
            return False
        return True

    def attempt_keyed(self, name: str, *args: Any, **kwargs: Any) -> bool:
        """Run Engine command ``name`` with a fresh idempotency key; remember it to retry."""
        key = f"key-{len(self.keyed) + 1}-{self.refused}"
        results: list[Any] = []

        def command() -> None:
            results.append(getattr(self.engine, name)(*args, idempotency_key=key, **kwargs))

        if not self.attempt(command):
            return False
        self.keyed.append((name, args, kwargs, key, results[0]))
        self.keyed_at[key] = self.clock.now()
        return True

    def order(self, pick: int) -> Order | None:
        """The ``pick``-th order (modulo), as stored; None before the first order."""
        if not self.orders:
            return None
        found = read_stored(self.store, "orders", self.orders[pick % len(self.orders)])
        if not isinstance(found, Order):
            raise TypeError(f"expected an Order, got {found!r}")
        return found

    def line_of(self, order: Order, pick: int) -> str:
        """The id of the ``pick``-th line (modulo) of ``order``."""
        ids = list(order.lines)
        return str(ids[pick % len(ids)])

    def payment(self, order_id: str) -> Payment | None:
        """The order's first payment, if any."""
        found = read_stored(self.store, "payments", f"{order_id}/payment-1")
        return found if isinstance(found, Payment) else None

    # -- rules ----------------------------------------------------------------------------------

    @rule(
        sku=st.sampled_from(SKUS),
        location=st.sampled_from(sorted(LOCATIONS)),
        units=st.integers(-1, 6),
    )
    def receive_stock(self, sku: str, location: str, units: int) -> None:
        """Stock arrives; backorders of every order are filled from it."""
        self.attempt_keyed("receive_stock", sku, location, units, order_ids=list(self.orders))

    @rule(sku=st.sampled_from(SKUS), units=st.integers(1, 6), days=st.integers(1, 10))
    def expect_stock(self, sku: str, units: int, days: int) -> None:
        """A purchase order is announced; the allocator may promise its units."""
        supply_id = f"PO-{len(self.supplies) + 1}"
        due = self.clock.now().add(days=days).date()
        if self.attempt(lambda: self.engine.expect_stock(sku, supply_id, "WH-WEST", units, due)):
            self.supplies.append((sku, supply_id))

    @rule(supply=picks(), units=st.integers(1, 6))
    def receive_incoming(self, supply: int, units: int) -> None:
        """Part of a purchase order arrives; promised units follow, backorders are filled."""
        if not self.supplies:
            return
        sku, supply_id = self.supplies[supply % len(self.supplies)]
        self.attempt(
            lambda: self.engine.receive_incoming(sku, supply_id, units, order_ids=list(self.orders))
        )

    @precondition(lambda self: len(self.orders) < 5)
    @rule(
        lines=order_lines(),
        on_placement=st.booleans(),
        priority=st.integers(1, 3),
        shipping=st.sampled_from([None, "4.99"]),
    )
    def place_order(
        self,
        lines: list[tuple[str, int]],
        on_placement: bool,
        priority: int,
        shipping: str | None = None,
    ) -> None:
        """A customer (or a B2B buyer) places an order, with or without a shipping charge.

        Returns refund the returned units' share of shipping (the Engine's refund policy, #16):
        on placement from the order's invoice, on shipment from the first shipment's.
        """
        order_id = f"order-{len(self.orders) + 1}"
        policy = InvoicingPolicy.ON_PLACEMENT if on_placement else InvoicingPolicy.ON_SHIPMENT
        charges = [] if shipping is None else [ShippingCharge(method="DHL", amount=_eur(shipping))]
        order = Order.draft(
            order_id=order_id, number=order_id, customer_id="cust-1", currency="EUR",
            ship_to=_HOME, now=self.clock.now(), invoicing_policy=policy, priority=priority,
            shipping=charges,
        )  # fmt: skip
        for sku, units in lines:
            line = order.add_line(sku, units, _eur(PRICES[sku]), self.clock.now())
            self.ordered[(order_id, str(line.line_id))] = units
        self.engine.place_order(order)
        self.orders.append(order_id)

    @rule(pick=picks(), share=fractions())
    def authorise(self, pick: int, share: Decimal) -> None:
        """The gateway authorises a share of the order's total."""
        order = self.order(pick)
        if order is None:
            return
        amount = order.total.multiply(share, Rounding.HALF_UP)
        reference = f"auth-{order.id}-{self.refused}-{len(self.store.pending(1000))}"
        self.attempt(lambda: self.engine.record_authorization(order.id, amount, reference))

    @rule(pick=picks(), share=fractions())
    def capture(self, pick: int, share: Decimal) -> None:
        """The gateway captures a share of what is capturable."""
        order = self.order(pick)
        payment = None if order is None else self.payment(order.id)
        if order is None or payment is None:
            return
        amount = payment.capturable.multiply(share, Rounding.HALF_UP)
        reference = f"cap-{order.id}-{payment.version}"
        self.attempt_keyed("record_capture", order.id, amount, reference)

    @rule(pick=picks(), share=fractions())
    def refund(self, pick: int, share: Decimal) -> None:
        """The merchant refunds a share of what was captured."""
        order = self.order(pick)
        payment = None if order is None else self.payment(order.id)
        if order is None or payment is None:
            return
        amount = payment.refundable.multiply(share, Rounding.HALF_UP)
        reference = f"ref-{order.id}-{payment.version}"
        self.attempt(lambda: self.engine.record_refund(order.id, amount, reference))

    @rule(pick=picks())
    def confirm(self, pick: int) -> None:
        """The order is confirmed (paid-on-placement orders need their money secured)."""
        order = self.order(pick)
        if order is not None:
            self.attempt(lambda: self.engine.confirm_order(order.id))

    @rule(pick=picks())
    def allocate(self, pick: int) -> None:
        """The warehouse allocates the order's unallocated units."""
        order = self.order(pick)
        if order is not None:
            self.attempt_keyed("allocate_order", order.id)

    @rule(pick=picks(), line=picks(), units=st.integers(0, 4))
    def ship(self, pick: int, line: int, units: int) -> None:
        """Units of a line are picked, packed and shipped."""
        order = self.order(pick)
        if order is not None:
            line_id = self.line_of(order, line)
            self.attempt_keyed("ship_line", order.id, line_id, units)

    @rule(pick=picks(), line=picks(), units=st.integers(1, 4))
    def deliver(self, pick: int, line: int, units: int) -> None:
        """Shipped units reach the customer."""
        order = self.order(pick)
        if order is not None:
            line_id = self.line_of(order, line)
            self.attempt(lambda: self.engine.deliver_line(order.id, line_id, units))

    @rule(pick=picks())
    def cancel_order(self, pick: int) -> None:
        """The whole order is cancelled."""
        order = self.order(pick)
        if order is not None:
            self.attempt(lambda: self.engine.cancel_order(order.id, "customer asked"))

    @rule(pick=picks(), line=picks(), units=st.integers(1, 4))
    def cancel_quantity(self, pick: int, line: int, units: int) -> None:
        """Some units of a line are cancelled."""
        order = self.order(pick)
        if order is not None:
            line_id = self.line_of(order, line)
            self.attempt_keyed("cancel_quantity", order.id, line_id, units, "fewer")

    @rule(pick=picks(), line=picks(), units=st.integers(1, 3))
    def request_return(self, pick: int, line: int, units: int) -> None:
        """The customer asks to return delivered units."""
        order = self.order(pick)
        if order is not None:
            line_id = self.line_of(order, line)
            self.attempt(lambda: self.engine.request_return(order.id, line_id, units))

    @rule(pick=picks(), line=picks(), units=st.integers(1, 3), restock=st.booleans())
    def receive_return(self, pick: int, line: int, units: int, restock: bool) -> None:
        """Returned units come back (to the shelf, unless damaged) and are credited."""
        order = self.order(pick)
        if order is not None:
            line_id = self.line_of(order, line)
            self.attempt_keyed(
                "receive_return", order.id, line_id, units, "WH-WEST", restock=restock
            )

    @rule(latest=st.integers(1, 2), steps=st.integers(1, 6))
    def progress(self, latest: int, steps: int) -> None:
        """The happy path: take a recent order up to ``steps`` steps further, one command each."""
        for _ in range(steps):
            order = self.order(len(self.orders) - latest)
            if order is not None:
                self.attempt(self._next_step(order))

    def _next_step(self, order: Order) -> Callable[[], Any]:  # noqa: PLR0911 - one per step
        """The command that takes ``order`` one step along the happy path."""
        engine, payment = self.engine, self.payment(order.id)
        lines = {str(i): line.ledger for i, line in order.lines.items()}
        status = str(order.status)
        if status == "placed" and (payment is None or payment.capturable < order.total):
            ref = f"auth-{order.id}-{0 if payment is None else payment.version}"
            return lambda: engine.record_authorization(order.id, order.total, ref)
        if status == "placed":
            return lambda: engine.confirm_order(order.id)
        if any(ledger.unallocated for ledger in lines.values()):
            return lambda: engine.allocate_order(order.id)
        if ready := {i: ledger.allocated for i, ledger in lines.items() if ledger.allocated}:
            return lambda: engine.ship(order.id, ready)
        if payment is not None and payment.capturable.amount > 0:
            amount, ref = payment.capturable, f"cap-{order.id}-{payment.version}"
            return lambda: engine.record_capture(order.id, amount, ref)
        for i, ledger in lines.items():
            if ledger.shipped:
                return lambda: engine.deliver_line(order.id, i, ledger.shipped)
            if ledger.return_requested:
                return lambda: engine.receive_return(order.id, i, 1, "WH-EAST")
            if ledger.delivered:
                return lambda: engine.request_return(order.id, i, 1)
        return lambda: None

    # -- after the sale: edits, exchanges, disputes, store credit ---------------------------------

    @precondition(lambda self: len(self.orders) < 8)
    @rule(lines=order_lines())
    def sell_and_deliver(self, lines: list[tuple[str, int]]) -> None:
        """A paid storefront order goes all the way: captured, allocated, shipped, delivered."""
        self.place_order(lines, True, 2)  # noqa: FBT003 - the rule's own argument
        order = self.order(len(self.orders) - 1)
        if order is None:
            return
        ref = f"sale-{order.id}"
        self.attempt(lambda: self.engine.record_authorization(order.id, order.total, ref))
        self.attempt(lambda: self.engine.record_capture(order.id, order.total, f"{ref}-cap"))
        self.attempt(lambda: self.engine.confirm_order(order.id))
        self.attempt(lambda: self.engine.allocate_order(order.id))
        allocated = self.order(len(self.orders) - 1)
        if allocated is None:
            return
        ready = {str(i): ln.ledger.allocated for i, ln in allocated.lines.items()}
        ready = {i: units for i, units in ready.items() if units}
        if ready and self.attempt(lambda: self.engine.ship(order.id, ready)):
            for line_id, units in ready.items():
                self.attempt(partial(self.engine.deliver_line, order.id, line_id, units))

    @rule(pick=picks(), line=picks(), quantity=st.integers(0, 5))
    def edit_quantity(self, pick: int, line: int, quantity: int) -> None:
        """The customer changes a line's quantity; stock, invoices and money follow."""
        order = self.order(pick)
        if order is None:
            return
        line_id = self.line_of(order, line)
        if self.attempt_keyed("change_line_quantity", order.id, line_id, quantity):
            self.ordered[(order.id, line_id)] = quantity

    @rule(pick=picks(), sku=st.sampled_from(SKUS), quantity=st.integers(1, 3))
    def add_line(self, pick: int, sku: str, quantity: int) -> None:
        """The customer adds a line to a placed order."""
        order = self.order(pick)
        if order is None:
            return
        if self.attempt_keyed("add_order_line", order.id, sku, quantity, _eur(PRICES[sku])):
            _, _, _, _, outcome = self.keyed[-1]
            self.ordered[(order.id, str(outcome.line_id))] = quantity

    @rule(pick=picks(), line=picks())
    def remove_line(self, pick: int, line: int) -> None:
        """The customer drops a line none of whose units is picked."""
        order = self.order(pick)
        if order is None:
            return
        line_id = self.line_of(order, line)
        if self.attempt_keyed("remove_order_line", order.id, line_id):
            del self.ordered[(order.id, line_id)]

    @rule(pick=picks(), office=st.booleans())
    def change_ship_to(self, pick: int, office: bool) -> None:
        """The customer asks for another address; allocated units are allocated again."""
        order = self.order(pick)
        if order is not None:
            self.attempt_keyed("change_ship_to", order.id, _OFFICE if office else _HOME)

    @rule(pick=picks(), line=picks(), other=st.sampled_from(SKUS), restock=st.booleans())
    def exchange(self, pick: int, line: int, other: str, restock: bool) -> None:
        """A delivered unit comes back under an RMA and is exchanged for another SKU."""
        order = self.order(pick)
        if order is None:
            return
        line_id = self.line_of(order, line)
        rma: list[str] = []
        if not self.attempt(lambda: rma.append(self.engine.request_return(order.id, line_id, 1))):
            return
        grade, disposition = (
            (Grade.GOOD, Disposition(DispositionKind.RESTOCK, "WH-EAST"))
            if restock
            else (Grade.DAMAGED, Disposition(DispositionKind.SCRAP))
        )
        steps = (
            lambda: self.engine.authorize_return(rma[0]),
            lambda: self.engine.ship_back_return(rma[0], "DHL", tracking=["RET-1"]),
            lambda: self.engine.receive_return_line(rma[0], line_id, 1, "WH-EAST"),
            lambda: self.engine.inspect_return_line(rma[0], line_id, 1, grade, disposition),
        )
        for step in steps:
            if not self.attempt(step):
                return
        if self.attempt_keyed("exchange_return", rma[0], {line_id: other}):
            _, _, _, _, outcome = self.keyed[-1]
            self.orders.append(outcome.order_id)
            for new_line in outcome.lines.values():
                self.ordered[(outcome.order_id, new_line)] = 1

    @rule(pick=picks(), share=fractions(), won=st.booleans())
    def dispute(self, pick: int, share: Decimal, won: bool) -> None:
        """The card holder's bank charges back part of a capture; the merchant wins or loses."""
        order = self.order(pick)
        payment = None if order is None else self.payment(order.id)
        if order is None or payment is None:
            return
        amount = payment.refundable.multiply(share, Rounding.HALF_UP)
        reference = f"dp-{order.id}-{payment.version}"
        if self.attempt_keyed("record_chargeback", order.id, amount, reference):
            outcome = "record_dispute_won" if won else "record_dispute_lost"
            self.attempt_keyed(outcome, order.id, reference)

    @rule(pick=picks(), share=fractions())
    def resolve_with_credit(self, pick: int, share: Decimal) -> None:
        """A delivered unit comes back and is resolved as store credit (a share of its worth)."""
        order = self.order(pick)
        if order is None:
            return
        line_id = self.line_of(order, 0)
        rma: list[str] = []
        if not self.attempt(lambda: rma.append(self.engine.request_return(order.id, line_id, 1))):
            return
        restock = Disposition(DispositionKind.RESTOCK, "WH-EAST")
        for step in (
            lambda: self.engine.authorize_return(rma[0]),
            lambda: self.engine.receive_return_line(rma[0], line_id, 1, "WH-EAST"),
            lambda: self.engine.inspect_return_line(rma[0], line_id, 1, Grade.GOOD, restock),
        ):
            if not self.attempt(step):
                return
        worth = order.lines[LineId(line_id)].unit_price.multiply(share, Rounding.DOWN)
        self.attempt_keyed("resolve_return", rma[0], refund=Money.zero("EUR"), credit=worth)

    # -- store credit as a tender (#16, aftersale) ----------------------------------------------

    def payments_of(self, order_id: str) -> list[Payment]:
        """The order's payments, as stored, by id."""
        rows = self.snapshot().rows
        found = [p for (kind, _), p in sorted(rows.items()) if kind == "payments"]
        return [p for p in found if isinstance(p, Payment) and p.order_id == order_id]

    @rule(cents=st.integers(1, 5_000))
    def goodwill(self, cents: int) -> None:
        """The merchant grants the customer store credit as a gesture of goodwill."""
        amount = Money.from_minor(cents, "EUR")
        if self.attempt_keyed("grant_store_credit", "cust-1", amount, f"gw-{len(self.keyed)}"):
            self.goodwill_granted += amount

    @rule(pick=picks(), share=fractions())
    def spend_store_credit(self, pick: int, share: Decimal) -> None:
        """The customer pays (part of) an order with store credit: a payment on the order.

        A customer holding none is granted some first (goodwill), so spending happens often.
        """
        order = self.order(pick)
        if order is None:
            return
        held = sum_money((p.net_paid + p.capturable for p in self.payments_of(order.id)), "EUR")
        owed = max(order.total - held, _eur("0.00"))
        if self.engine.store_credit_balance("cust-1", "EUR").is_zero() and owed.amount > 0:
            self.goodwill(owed.minor_units)
        balance = self.engine.store_credit_balance("cust-1", "EUR")
        amount = min(balance, owed).multiply(share, Rounding.UP)
        reference = f"sc-{order.id}-{len(self.keyed)}"
        self.attempt_keyed("redeem_store_credit", "cust-1", amount, reference, order_id=order.id)

    @rule(pick=picks(), share=fractions())
    def refund_store_credit(self, pick: int, share: Decimal) -> None:
        """A share of a store-credit payment is refunded: it goes back as store credit."""
        spent = [
            p
            for order_id in self.orders
            for p in self.payments_of(order_id)
            if p.method.value == "store_credit"
        ]
        if not spent:
            return
        payment = spent[pick % len(spent)]
        amount = payment.refundable.multiply(share, Rounding.UP)
        number = int(str(payment.id).rsplit("-", 1)[1])
        reference = f"scr-{payment.order_id}-{payment.version}"
        self.attempt_keyed("record_refund", payment.order_id, amount, reference, payment=number)

    @rule(pick=picks(), satisfied=st.booleans(), opted_out=st.booleans())
    def satisfaction(self, pick: int, satisfied: bool, opted_out: bool) -> None:
        """The customer answers the follow-up: a review is asked for, or a case opened."""
        order = self.order(pick)
        if order is not None:
            reason = None if satisfied else "arrived late"
            self.attempt_keyed(
                "record_satisfaction", order.id, satisfied, opted_out=opted_out, reason=reason
            )

    # -- held stock: quarantine, repair, return to vendor (issue #16) ----------------------------

    @rule(
        pick=picks(),
        line=picks(),
        kind=st.sampled_from(_HELD_DISPOSITIONS),
        where=st.sampled_from([None, "WH-EAST", "WH-WEST"]),
    )
    def return_into_a_hold(
        self, pick: int, line: int, kind: DispositionKind, where: str | None
    ) -> None:
        """A delivered unit comes back damaged: quarantined, repaired, for the vendor or scrap.

        It arrives at ``where`` (None: where the line shipped from), and is held there.
        """
        order = self.order(pick)
        if order is None:
            return
        line_id = self.line_of(order, line)
        rma: list[str] = []
        if not self.attempt(lambda: rma.append(self.engine.request_return(order.id, line_id, 1))):
            return
        steps = (
            lambda: self.engine.authorize_return(rma[0]),
            lambda: self.engine.receive_return_line(rma[0], line_id, 1, where),
            lambda: self.engine.inspect_return_line(
                rma[0], line_id, 1, Grade.DAMAGED, Disposition(kind)
            ),
        )
        for step in steps:
            if not self.attempt(step):
                return
        if kind is not DispositionKind.SCRAP:
            sku = str(order.lines[LineId(line_id)].sku)
            self.held[sku] = self.held.get(sku, 0) + 1

    @rule(
        sku=st.sampled_from(SKUS),
        action=st.sampled_from(["release_held_stock", "scrap_held_stock", "ship_to_vendor"]),
        units=st.integers(1, 3),
    )
    def leave_a_hold(self, sku: str, action: str, units: int) -> None:
        """Held units are released (available again), scrapped or shipped back to the vendor."""
        item = read_stored(self.store, "stock", sku)
        if not isinstance(item, StockItem) or not item.held_positions():
            return
        key, _ = item.held_positions()[0]
        hold = {"hold": key.hold} if action == "ship_to_vendor" else {}
        args = (sku, key.location, units) if hold else (sku, key.location, units, key.hold)
        if self.attempt_keyed(action, *args, lot=key.lot, **hold):
            self.held[sku] -= units

    @rule(sku=st.sampled_from(SKUS), to=st.sampled_from(list(HoldKind)), units=st.integers(1, 3))
    def move_between_holds(self, sku: str, to: HoldKind, units: int) -> None:
        """Held units move to another hold where they are (#16): never available on the way."""
        item = read_stored(self.store, "stock", sku)
        if not isinstance(item, StockItem) or not item.held_positions():
            return
        key, _ = item.held_positions()[0]
        free = item.available()
        if self.attempt_keyed(
            "move_held_stock", sku, key.location, units, key.hold, to, lot=key.lot
        ):
            after = read_stored(self.store, "stock", sku)
            moved = isinstance(after, StockItem) and after.available() == free
            check(moved, f"{sku}: a move between holds leaves available at {free}")

    @precondition(lambda self: bool(self.keyed))
    @rule(pick=picks())
    def retry_with_the_same_key(self, pick: int) -> None:
        """The host retries a command it already sent (its acknowledgement was lost)."""
        kept = [entry for entry in self.keyed if entry[3] not in self.expired]
        if not kept:
            return
        name, args, kwargs, key, result = kept[pick % len(kept)]
        before = self.snapshot()
        again = getattr(self.engine, name)(*args, idempotency_key=key, **kwargs)
        check(result == again, f"a retried {name} returned another result")
        check(before == self.snapshot(), f"a retried {name} changed the store")

    @rule(hours=st.integers(1, 24 * 10))
    def time_passes(self, hours: int) -> None:
        """Time passes and the host ticks: expiries happen, overdue invoices are reported."""
        self.clock.advance(hours=hours)
        if isinstance(self.store, MemoryStore):
            self.engine.tick()  # None: everything in the store (a memory store lists it)
            return
        # a database store cannot list its aggregates, so its host names them (the Engine's
        # rule): every stored SKU, payment, invoice, follow-up and pick list
        named: dict[str, list[str]] = {
            name: [] for name in ("stock", "payments", "invoices", "follow_ups", "pick_lists")
        }
        for collection, key in sorted(self.snapshot().rows):
            named.get(collection, []).append(key)
        self.engine.tick(
            skus=named["stock"],
            payment_ids=named["payments"],
            invoice_ids=named["invoices"],
            follow_up_ids=named["follow_ups"],
            pick_list_ids=named["pick_lists"],
        )

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def everything_adds_up(self) -> None:
        """After every step: units, stock and money all add up (one snapshot of the store)."""
        snapshot = self.snapshot()
        rows = snapshot.rows
        kinds: dict[str, list[Any]] = {
            "orders": [],
            "stock": [],
            "payments": [],
            "invoices": [],
            "shipments": [],
            "returns": [],
            "follow_ups": [],
            "pick_lists": [],
            "packings": [],
            "store_credits": [],
            "timers": [],
            "bin_stock": [],
        }
        for (collection, _key), entity in sorted(rows.items(), key=lambda row: row[0]):
            kinds[collection].append(entity)
        self.every_line_keeps_its_units(kinds["orders"])
        self.stock_never_oversells(kinds["stock"])
        self.stock_reserved_for_a_line_matches_its_buckets(kinds["orders"], kinds["stock"])
        self.money_adds_up(kinds["payments"], kinds["invoices"])
        self.shipments_hold_the_picked_units(kinds["orders"], kinds["shipments"])
        self.no_message_is_lost(snapshot.outbox, snapshot.delivered)
        history = self.history.values()  # a pruned message's event still built its aggregate
        self.shipments_replay_from_the_outbox(kinds["shipments"], history)
        self.stock_replays_from_the_outbox(kinds["stock"], history)
        self.returns_await_the_requested_units(kinds["orders"], kinds["returns"])
        self.pick_lists_hold_the_units_to_pick(kinds["shipments"], kinds["pick_lists"])
        self.short_units_are_written_off(kinds["stock"], kinds["pick_lists"])
        self.packings_hold_picked_units(kinds["shipments"], kinds["packings"])
        self.store_credit_is_never_overdrawn(kinds["store_credits"])
        self.held_stock_is_never_available(kinds["stock"])
        self.store_credit_is_conserved(kinds["store_credits"], kinds["payments"], kinds["returns"])
        self.bins_hold_the_shelf(kinds["stock"], kinds["bin_stock"])
        self.bins_promise_only_what_open_lists_still_pick(kinds["bin_stock"], kinds["pick_lists"])

    def held_stock_is_never_available(self, items: list[Any]) -> None:
        """Held units are on hand, never available: on hand = sellable + held, as expected."""
        for item in items:
            held = item.held()
            sellable = sum(position.on_hand for position in item.positions())
            check(held == self.held.get(item.sku, 0), f"{item.sku}: {held} units held")
            check(item.on_hand() == sellable + held, f"{item.sku}: on hand = sellable + held")
            check(
                item.available() + item.reserved() + held <= item.on_hand(),
                f"{item.sku}: available + reserved + held <= on hand",
            )

    def store_credit_is_never_overdrawn(self, ledgers: list[Any]) -> None:
        """Every store credit balance is granted - redeemed, never negative."""
        for credit in ledgers:
            check(not credit.balance.is_negative(), f"{credit.id}: balance >= 0")
            check(credit.granted - credit.redeemed == credit.balance, f"{credit.id}: balance")

    def store_credit_is_conserved(
        self, ledgers: list[Any], payments: list[Any], rmas: list[Any]
    ) -> None:
        """Store credit is conserved: granted - redeemed = balance, and both are accounted for.

        Granted = goodwill + returns resolved by credit + refunds of store-credit payments;
        redeemed = what the store-credit payments took (every spend here pays an order).
        """
        spent = [p for p in payments if p.method.value == "store_credit"]
        redeemed = sum_money((p.captured for p in spent), "EUR")
        refunded = sum_money((p.refunded for p in spent), "EUR")
        credited = sum_money((r.credit for r in rmas if r.credit is not None), "EUR")
        granted = self.goodwill_granted + credited + refunded
        for credit in ledgers:
            check(credit.redeemed == redeemed, f"{credit.id}: redeemed = store-credit payments")
            check(credit.granted == granted, f"{credit.id}: granted = goodwill + RMAs + refunds")
        if not ledgers:
            check(redeemed.is_zero() and granted.is_zero(), "no store credit, no credit payment")

    def returns_await_the_requested_units(self, orders: list[Any], rmas: list[Any]) -> None:
        """Every return-requested unit of a line is awaited by exactly one open return."""
        awaited: dict[tuple[str, str], int] = {}
        for rma in rmas:
            if rma.status.value in ("requested", "authorized", "in_transit", "received"):
                for line_id, line in rma.lines.items():
                    key = (rma.order_id, line_id)
                    awaited[key] = awaited.get(key, 0) + line.awaited
        for order in orders:
            for line_id, line in order.lines.items():
                key = (str(order.id), str(line_id))
                wanted = awaited.get(key, 0)
                check(line.ledger.return_requested == wanted, f"{key}: RMAs await {wanted}")
