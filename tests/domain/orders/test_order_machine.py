"""A stateful property: random commands (valid and not) against one order, checked after each."""

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ordercore.domain.orders import (
    BUCKET_MOVES,
    CANCELLABLE_BUCKETS,
    FulfilmentStatus,
    LineId,
    Order,
    OrderEvent,
    OrderPlaced,
    OrderQuantityMoved,
    OrderStatus,
)
from ordercore.kernel.errors import OrdercoreError
from ordercore.testing.strategies_orders import (
    addresses,
    draft_orders,
    hold_types,
    line_specs,
    placed_orders,
    progressed_orders,
)

from .helpers import NOW, snapshot, unchanged

quantities = st.integers(-1, 6)
FORWARD = ("allocate", "pick", "pack", "ship", "deliver", "request_return", "receive_return")
line_picks = st.integers(0, 6)


class OrderMachine(RuleBasedStateMachine):
    """Drives one order with edits, moves, holds, cancellations and lifecycle triggers."""

    def __init__(self) -> None:
        super().__init__()
        self.order: Order
        self.ordered: dict[LineId, int] = {}
        self.refused = 0
        self.log: list[OrderEvent] = []
        self.now = NOW

    @initialize(
        order=st.one_of(
            placed_orders(keep_events=True),
            draft_orders(min_lines=1, keep_events=True),
            progressed_orders(keep_events=True),
        )
    )
    def start(self, order: Order) -> None:
        self.order = order
        self.ordered = {line.id: line.quantity for line in order.lines.values()}
        self.log = [e for e in order.pull_events() if isinstance(e, OrderEvent)]

    def line_id(self, pick: int) -> LineId:
        ids = sorted(self.order.lines)
        return ids[pick] if pick < len(ids) else LineId(f"line-{90 + pick}")

    def attempt(self, command: Callable[[], Any]) -> bool:
        before = snapshot(self.order)
        version = self.order.version
        try:
            command()
        except OrdercoreError:
            assert unchanged(self.order, before)
            self.refused += 1
            return False
        new_events = self.order.pull_events()
        self.log.extend(e for e in new_events if isinstance(e, OrderEvent))
        assert len(new_events) == len([e for e in new_events if isinstance(e, OrderEvent)])
        assert self.order.version in (version, version + 1)
        assert (self.order.version > version) == bool(new_events)
        assert all(e.version == self.order.version for e in new_events)
        assert all(e.entity_id == self.order.id for e in new_events)
        return True

    @rule(minutes=st.integers(-90, 240))
    def clock_moves(self, minutes: int) -> None:
        """Time passes, and sometimes a fact arrives dated earlier (it must then be refused)."""
        self.now = self.now.add(minutes=minutes)

    # -- lifecycle -------------------------------------------------------------------------------

    @rule(trigger=st.sampled_from(["place", "confirm", "complete", "archive"]))
    def lifecycle(self, trigger: str) -> None:
        self.attempt(lambda: getattr(self.order, trigger)(self.now))

    @rule(really=st.integers(0, 4))
    def cancel(self, really: int) -> None:
        if really == 0:  # rarely, so that orders live long enough to ship and return
            self.attempt(lambda: self.order.cancel("customer changed their mind", self.now))

    # -- quantities ------------------------------------------------------------------------------

    @rule(pick=line_picks, quantity=quantities, move=st.sampled_from(BUCKET_MOVES))
    def move(self, pick: int, quantity: int, move: Any) -> None:
        self.attempt(lambda: self.order.move(self.line_id(pick), quantity, move.name, self.now))

    @rule(pick=line_picks, quantity=st.integers(1, 6))
    def advance(self, pick: int, quantity: int) -> None:
        """A step forward that the order can take, so that orders ship, deliver and return."""
        order = self.order
        active = order.active_holds
        if active:
            self.attempt(lambda: order.release_hold(active[0].id, "ops", self.now))
        elif order.status in (OrderStatus.DRAFT, OrderStatus.PLACED):
            self.attempt(lambda: getattr(order, order.allowed_triggers()[-1])(self.now))
        elif order.status is OrderStatus.IN_FULFILMENT and order.all_shipped():
            self.attempt(lambda: order.complete(self.now))
        else:
            line = order.lines.get(self.line_id(pick % max(1, len(order.lines))))
            forward = [m for m in BUCKET_MOVES if m.name in FORWARD]
            spec = next((m for m in reversed(forward) if line and line.ledger[m.source]), None)
            if line is not None and spec is not None:
                units = min(quantity, line.ledger[spec.source])
                self.attempt(lambda: order.move(line.id, units, spec.name, self.now))

    @rule(pick=line_picks, quantity=quantities)
    def cancel_quantity(self, pick: int, quantity: int) -> None:
        line_id = self.line_id(pick)
        line = self.order.lines.get(line_id)
        if self.attempt(lambda: self.order.cancel_quantity(line_id, quantity, "oos", self.now)):
            assert line is not None
            assert quantity <= sum(line.ledger[b] for b in CANCELLABLE_BUCKETS)

    @rule(pick=line_picks, quantity=quantities)
    def record_invoiced(self, pick: int, quantity: int) -> None:
        self.attempt(lambda: self.order.record_invoiced(self.line_id(pick), quantity, self.now))

    @rule(pick=line_picks, quantity=quantities)
    def record_credited(self, pick: int, quantity: int) -> None:
        self.attempt(lambda: self.order.record_credited(self.line_id(pick), quantity, self.now))

    # -- edits -----------------------------------------------------------------------------------

    @rule(pick=line_picks, quantity=quantities)
    def change_quantity(self, pick: int, quantity: int) -> None:
        line_id = self.line_id(pick)
        if self.attempt(lambda: self.order.change_quantity(line_id, quantity, self.now)):
            self.ordered[line_id] = quantity

    @rule(data=st.data())
    def add_line(self, data: st.DataObject) -> None:
        spec = data.draw(line_specs(self.order.currency.code))
        result: list[Any] = []
        if self.attempt(lambda: result.append(self.order.add_line(now=self.now, **spec.kwargs()))):
            line_id = result[0].line_id
            self.ordered[line_id] = spec.quantity

    @rule(pick=line_picks)
    def remove_line(self, pick: int) -> None:
        line_id = self.line_id(pick)
        if self.attempt(lambda: self.order.remove_line(line_id, self.now)):
            del self.ordered[line_id]

    @rule(address=addresses())
    def change_ship_to(self, address: Any) -> None:
        self.attempt(lambda: self.order.change_ship_to(address, self.now))

    # -- holds -----------------------------------------------------------------------------------

    @rule(kind=hold_types(), really=st.integers(0, 2))
    def place_hold(self, kind: Any, really: int) -> None:
        if really == 0:
            self.attempt(lambda: self.order.place_hold(kind, "checking", "ops", self.now))

    @rule(pick=st.integers(0, 4))
    def release_hold(self, pick: int) -> None:
        holds = self.order.holds
        hold_id = holds[pick].id if pick < len(holds) else "order-1/hold-99"
        self.attempt(lambda: self.order.release_hold(hold_id, "ops", self.now))

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def replaying_the_events_rebuilds_a_placed_order_exactly(self) -> None:
        """Checked after every step, so after every successful command."""
        if self.order.placed_at is not None:  # only placed orders replay (not cancelled drafts)
            replayed = Order.replay(self.log)
            assert self.order == replayed
            assert self.order.version == replayed.version

    @invariant()
    def no_fact_is_dated_before_the_placement_or_a_delivery_before_its_line_shipped(self) -> None:
        placed = next((e for e in self.log if isinstance(e, OrderPlaced)), None)
        later = self.log[self.log.index(placed) :] if placed is not None else []
        assert [] == [e.name for e in later if placed and e.occurred_at < placed.occurred_at]
        first_shipped: dict[LineId, Any] = {}
        for e in later:
            if isinstance(e, OrderQuantityMoved) and e.move == "ship":
                first_shipped.setdefault(e.line_id, e.occurred_at)
            if isinstance(e, OrderQuantityMoved) and e.move == "deliver":
                assert first_shipped[e.line_id] <= e.occurred_at

    @invariant()
    def buckets_sum_to_the_ordered_quantity_and_none_is_negative(self) -> None:
        actual = {
            line.id: sum(line.ledger.buckets().values()) for line in self.order.lines.values()
        }
        assert self.ordered == actual
        for line in self.order.lines.values():
            assert [] == [b for b, n in line.ledger.buckets().items() if n < 0]

    @invariant()
    def billing_counters_stay_within_their_rules(self) -> None:
        for line in self.order.lines.values():
            ledger = line.ledger
            assert 0 <= ledger.credited <= ledger.invoiced
            assert ledger.invoiced - ledger.credited <= ledger.active

    @invariant()
    def fulfilment_status_agrees_with_the_buckets(self) -> None:
        ledgers = [line.ledger for line in self.order.lines.values()]
        status = self.order.fulfilment_status
        out = sum(lg.out for lg in ledgers)
        active = sum(lg.active for lg in ledgers)
        if status is FulfilmentStatus.UNFULFILLED:
            assert 0 == out
        if status is FulfilmentStatus.FULFILLED:
            assert active == out
        if status is FulfilmentStatus.CANCELLED:
            assert 0 == active

    @invariant()
    def a_completed_order_has_nothing_left_in_the_warehouse(self) -> None:
        if self.order.status in (OrderStatus.COMPLETED, OrderStatus.ARCHIVED):
            assert self.order.all_shipped()

    @invariant()
    def money_adds_up_and_is_never_negative(self) -> None:
        order = self.order
        assert False is order.total.is_negative()
        assert order.subtotal - order.discount_total + order.shipping_total + order.tax_total == (
            order.total
        )


TestOrderMachine = OrderMachine.TestCase
