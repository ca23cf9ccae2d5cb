"""Properties of the money after the sale, through the Engine: refunds never exceed captures,
refunding every unit in any order and split gives back exactly what was paid, and a refused
return or edit changes nothing."""

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.orders import Discount, InvoicingPolicy, Order
from ordercore.domain.returns import Condition, Disposition, DispositionKind, Grade
from ordercore.errors import OrdercoreError
from ordercore.kernel.money import Money, sum_money
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, HOME, VASE_LINE, T, eur, shop

LINES = {CLOCK_LINE: 3, VASE_LINE: 2}
PRICES = {CLOCK_LINE: eur("19.99"), VASE_LINE: eur("35.00")}


def discounted_order() -> Order:
    """3 clocks at 19.99 and 2 vases at 35.00 (129.97), less 10% (13.00): 116.97."""
    order = Order.draft(
        order_id="order-1",
        number="ORDER-1",
        customer_id="cust-1",
        currency="EUR",
        ship_to=HOME,
        now=T,
        invoicing_policy=InvoicingPolicy.ON_PLACEMENT,
        discounts=[Discount.percentage("TEN", "10", of=eur("129.97"))],
    )
    order.add_line("RETRO-CLOCK", 3, PRICES[CLOCK_LINE], T)
    order.add_line("BLUE-VASE", 2, PRICES[VASE_LINE], T)
    return order


def delivered(gift_card: str) -> tuple[Engine, MemoryStore, Money]:
    """The order, paid by a gift card of ``gift_card`` and a card for the rest, delivered."""
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(discounted_order())
    total = eur("116.97")
    gift = eur(gift_card)
    engine.record_authorization("order-1", gift, "gc-1", method="gift_card")
    engine.record_capture("order-1", gift, "gc-1-cap")
    engine.record_authorization("order-1", total - gift, "card-1", payment=2)
    engine.record_capture("order-1", total - gift, "card-1-cap", payment=2)
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship("order-1", LINES)
    for shipment in stored(store, "shipments"):
        engine.deliver_shipment(shipment.id)
    return engine, store, total


def refunded(store: MemoryStore) -> Money:
    return sum_money((p.refunded for p in stored(store, "payments")), "EUR")


def captured(store: MemoryStore) -> Money:
    return sum_money((p.captured for p in stored(store, "payments")), "EUR")


batches = st.lists(
    st.tuples(st.sampled_from(sorted(LINES)), st.integers(1, 3)), min_size=1, max_size=8
)


def return_and_refund(engine: Engine, store: MemoryStore, line: str, units: int, n: int) -> None:
    rma = engine.request_return("order-1", line, units)
    engine.authorize_return(rma)
    engine.receive_return_line(rma, line, units, "WH-EAST", condition=Condition.SEALED)
    engine.inspect_return_line(
        rma, line, units, Grade.GOOD, Disposition(DispositionKind.RESTOCK, "WH-EAST")
    )
    outcome = engine.resolve_return(rma)
    for part, planned in enumerate(
        engine.refund_plan("order-1", outcome.refund, refund_to=("gift_card",))
    ):
        number = int(planned.payment_id.rsplit("-", 1)[1])
        engine.record_refund(
            "order-1", planned.amount, f"rf-{n}-{part}", payment=number, rma_id=rma
        )


@settings(deadline=None, max_examples=25)
@given(batches=batches, gift=st.sampled_from(["0.01", "20.00", "58.48", "116.96"]))
def test_refunding_every_unit_in_any_order_and_split_gives_back_exactly_what_was_paid(
    batches: list[tuple[str, int]], gift: str
) -> None:
    engine, store, total = delivered(gift)
    left = dict(LINES)
    for n, (line, units) in enumerate(batches):
        take = min(units, left[line])
        if take:
            return_and_refund(engine, store, line, take, n)
            left[line] -= take
        assert refunded(store) <= captured(store)
    for n, (line, units) in enumerate(sorted(left.items()), start=len(batches)):
        if units:
            return_and_refund(engine, store, line, units, n)
    assert total == captured(store)
    assert total == refunded(store)


@settings(deadline=None, max_examples=25)
@given(
    amounts=st.lists(st.integers(1, 6000), min_size=1, max_size=6),
    payments=st.lists(st.integers(1, 2), min_size=6, max_size=6),
)
def test_refunds_recorded_in_any_amounts_never_exceed_what_was_captured(
    amounts: list[int], payments: list[int]
) -> None:
    engine, store, _ = delivered("40.00")
    for n, (cents, number) in enumerate(zip(amounts, payments, strict=False)):
        with contextlib.suppress(OrdercoreError):
            engine.record_refund("order-1", eur("0.01") * cents, f"rf-{n}", payment=number)
        assert refunded(store) <= captured(store)
        for payment in stored(store, "payments"):
            assert payment.refunded <= payment.captured


edits = st.lists(
    st.one_of(
        st.tuples(
            st.just("quantity"),
            st.sampled_from([CLOCK_LINE, VASE_LINE, "line-9"]),
            st.integers(-1, 6),
        ),
        st.tuples(
            st.just("remove"), st.sampled_from([CLOCK_LINE, VASE_LINE, "line-9"]), st.just(0)
        ),
        st.tuples(st.just("return"), st.sampled_from([CLOCK_LINE, VASE_LINE]), st.integers(0, 4)),
    ),
    min_size=1,
    max_size=6,
)


@settings(deadline=None, max_examples=25)
@given(steps=edits, ship_first=st.booleans())
def test_a_refused_edit_or_return_changes_nothing_in_the_store(
    steps: list[tuple[str, str, int]], ship_first: bool
) -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(discounted_order())
    engine.record_authorization("order-1", eur("116.97"), "card-1")
    engine.record_capture("order-1", eur("116.97"), "card-1-cap")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    if ship_first:
        engine.ship("order-1", {CLOCK_LINE: 1})
    for kind, line, units in steps:
        before = store.snapshot()
        try:
            if kind == "quantity":
                engine.change_line_quantity("order-1", line, units)
            elif kind == "remove":
                engine.remove_order_line("order-1", line)
            else:
                engine.request_return("order-1", line, units)
        except OrdercoreError:
            assert before == store.snapshot()
        assert refunded(store) <= captured(store)
