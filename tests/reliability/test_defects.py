"""The ten defects of issue 13, one rule each: each test failed on the main of 0d11398."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from types import TracebackType
from typing import Any

import pendulum
import pytest

from ordercore.domain.billing import Invoice, Payment
from ordercore.domain.inventory import Lot, StockItem
from ordercore.domain.orders import InvoicingPolicy, Order
from ordercore.kernel.errors import InvalidTransition, OrdercoreError
from ordercore.memory import MemoryStore
from ordercore.ports.codec import Codec
from ordercore.service import Engine
from ordercore.testing.faults import Fault, FaultyStore, InjectedFault, Moment
from tests.service.helpers import CLOCK_LINE, LOCATIONS, T, an_order, eur, shop


class Hands:
    """A clock the test moves by hand, backwards too (a host whose clock was reset)."""

    def __init__(self, at: pendulum.DateTime) -> None:
        self.at = at

    def now(self) -> pendulum.DateTime:
        return self.at


def stock_on_hand(store: MemoryStore, sku: str) -> int:
    item = store.read("stock", sku)
    assert isinstance(item, StockItem)
    return sum(item.on_hand(location) for location in LOCATIONS)


class _RacingUnitOfWork:
    """A unit of work whose commit first lets another request run to its end."""

    def __init__(self, inner: Any, store: RacingStore) -> None:
        self.inner, self.racing = inner, store

    def __enter__(self) -> _RacingUnitOfWork:
        self.inner.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.inner.__exit__(kind, error, tb)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def commit(self) -> None:
        race, self.racing.race = self.racing.race, None
        if race is not None:
            race()
        self.inner.commit()


class RacingStore:
    """A store where ``race`` runs (once) between a command's reads and its commit."""

    def __init__(self, inner: MemoryStore, race: Callable[[], object]) -> None:
        self.inner: MemoryStore = inner
        self.race: Callable[[], object] | None = race

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def unit_of_work(self) -> _RacingUnitOfWork:
        return _RacingUnitOfWork(self.inner.unit_of_work(), self)


# -- 1. a retried command applies once -----------------------------------------------------------


def test_a_command_retried_after_its_acknowledgement_was_lost_applies_once() -> None:
    _, store, clock = shop(clocks=0)
    faulty = FaultyStore(store)
    engine = Engine(faulty, clock, LOCATIONS)
    faulty.arm(Fault(Moment.AFTER))
    with pytest.raises(InjectedFault):
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="delivery-7")
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="delivery-7")
    assert 3 == stock_on_hand(store, "RETRO-CLOCK")


# -- 2. one key, two requests; a None result is recalled -----------------------------------------


def test_the_loser_of_two_requests_with_one_key_gets_the_stored_result_not_duplicate_entity() -> (
    None
):
    _, store, clock = shop(clocks=0)
    winner = Engine(store, clock, LOCATIONS)
    results: list[object] = []

    def first_request() -> None:
        results.append(winner.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="k"))

    loser = Engine(RacingStore(store, first_request), clock, LOCATIONS)
    again = loser.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="k")
    assert results == [again]
    assert 3 == stock_on_hand(store, "RETRO-CLOCK")


def test_a_command_whose_result_is_none_is_recalled_by_its_key() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    confirm: Callable[..., object] = engine.confirm_order
    assert confirm("order-1", idempotency_key="confirm-1") is None
    before = store.snapshot()
    assert confirm("order-1", idempotency_key="confirm-1") is None
    assert before == store.snapshot()


# -- 3. a commit interrupted between two writes writes nothing -----------------------------------


def test_a_commit_interrupted_between_two_writes_writes_nothing() -> None:
    _, store, clock = shop()
    faulty = FaultyStore(store)
    engine = Engine(faulty, clock, LOCATIONS)
    engine.place_order(an_order(vases=0))
    before = store.snapshot()
    faulty.arm(Fault(Moment.INSIDE, after=1, error=KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        engine.allocate_order("order-1")  # the order's row and the stock's row
    assert before == store.snapshot()


# -- 4. what a command decided on is checked at its commit (no write skew) -----------------------


def test_an_order_is_not_confirmed_on_an_authorization_that_expired_while_it_decided() -> None:
    engine, store, clock = shop()
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    order = store.read("orders", "order-1")
    assert isinstance(order, Order)
    expiry = T.add(hours=1)
    engine.record_authorization("order-1", order.total, "auth-1", expires_at=expiry)
    later = type(clock)(expiry.add(hours=1))
    ticking = Engine(store, later, LOCATIONS)
    confirming = Engine(RacingStore(store, ticking.tick), clock, LOCATIONS)
    with pytest.raises(OrdercoreError):
        confirming.confirm_order("order-1")
    stored = store.read("orders", "order-1")
    assert isinstance(stored, Order)
    assert "placed" == str(stored.status)


# -- 5. invoice numbers are gapless --------------------------------------------------------------


def test_a_commit_that_failed_leaves_no_gap_in_the_invoice_numbers() -> None:
    _, store, clock = shop()
    faulty = FaultyStore(store)
    engine = Engine(faulty, clock, LOCATIONS)
    faulty.arm(Fault(Moment.BEFORE))
    with pytest.raises(InjectedFault):
        engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    invoice_id = engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    assert invoice_id is not None
    invoice = store.read("invoices", invoice_id)
    assert isinstance(invoice, Invoice)
    assert "INV-000001" == invoice.number


# -- 6. stored documents are decoded strictly ----------------------------------------------------


def _stock_document() -> dict[str, Any]:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 5, T)
    document = Codec().encode(item)
    assert isinstance(document, dict)
    return document


def _payment_document() -> dict[str, Any]:
    engine, store, _ = shop()
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("10.00"), "auth-1")
    document = Codec().encode(store.read("payments", "order-1/payment-1"))
    assert isinstance(document, dict)
    return document


def _negative_on_hand(document: dict[str, Any]) -> None:
    document["counters"]["on_hand"][0][1] = -5


def _negative_version(document: dict[str, Any]) -> None:
    document["version"] = -3


def _unknown_state(document: dict[str, Any]) -> None:
    document["state"] = "teleported"


def _decimal_comma(document: dict[str, Any]) -> None:
    document["ledger"]["operations"][0]["amount"]["amount"] = "1,5"


def _bad_zone(document: dict[str, Any]) -> None:
    document["ledger"]["operations"][0]["at"][1] = "Mars/Olympus_Mons"


def _duration_for_an_instant(document: dict[str, Any]) -> None:
    document["ledger"]["operations"][0]["at"] = "P1D"


def _newer_schema(document: dict[str, Any]) -> None:
    document["__schema__"] = 99
    document["loyalty_points"] = 7


_STOCK = (_negative_version,)
_PAYMENT = (_unknown_state, _decimal_comma, _bad_zone, _duration_for_an_instant, _newer_schema)


_NEGATIVE_ON_HAND = pytest.param(
    StockItem, _stock_document, _negative_on_hand, id="negative_on_hand"
)


@pytest.mark.parametrize(
    ("hint", "document", "mutation"),
    [(StockItem, _stock_document, m) for m in _STOCK]
    + [(Payment, _payment_document, m) for m in _PAYMENT]
    + [_NEGATIVE_ON_HAND],
    ids=lambda value: getattr(value, "__name__", "").lstrip("_"),
)
def test_a_stored_document_that_breaks_a_rule_is_refused_as_an_ordercore_error(
    hint: type, document: Callable[[], dict[str, Any]], mutation: Callable[[dict[str, Any]], None]
) -> None:
    changed = copy.deepcopy(document())
    mutation(changed)
    with pytest.raises(OrdercoreError):
        Codec().loads(hint, json.dumps(changed))


# -- 7. any value at the boundary is a typed refusal naming the parameter -------------------------


@pytest.mark.parametrize(
    ("command", "arguments", "parameter"),
    [
        ("receive_stock", (["RETRO-CLOCK"], "WH-EAST", 1), "sku"),
        ("confirm_order", ({"id": "order-1"},), "order_id"),
        ("ship", ("order-1", {CLOCK_LINE: 1.5}), "lines"),
        ("open_shipment", ("order-1", [CLOCK_LINE], "WH-EAST"), "lines"),
        ("record_capture", ("order-1", 10.0, "cap-1"), "amount"),
        ("tick", (), "skus"),
    ],
)
def test_a_value_of_the_wrong_kind_is_a_typed_refusal_naming_the_parameter(
    command: str, arguments: tuple[object, ...], parameter: str
) -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    keywords = {"skus": 42} if command == "tick" else {}
    before = store.snapshot()
    with pytest.raises(OrdercoreError) as refused:
        getattr(engine, command)(*arguments, **keywords)
    assert isinstance(refused.value, (TypeError, ValueError))
    assert parameter in str(refused.value)
    assert before == store.snapshot()


# -- 8. facts in time order ----------------------------------------------------------------------


def test_a_capture_dated_before_its_authorization_is_refused_naming_both_instants() -> None:
    _, store, _ = shop()
    hands = Hands(T)
    engine = Engine(store, hands, LOCATIONS)
    engine.place_order(an_order())
    hands.at = T.add(days=1)
    engine.record_authorization("order-1", eur("10.00"), "auth-1")
    hands.at = T
    before = store.snapshot()
    with pytest.raises(OrdercoreError) as refused:
        engine.record_capture("order-1", eur("10.00"), "cap-1")
    assert "2026-11-26" in str(refused.value)
    assert "2026-11-27" in str(refused.value)
    assert before == store.snapshot()


def test_a_tick_with_a_clock_that_went_backwards_does_nothing_and_says_so() -> None:
    _, store, _ = shop()
    hands = Hands(T.add(days=2))
    engine = Engine(store, hands, LOCATIONS)
    engine.tick()
    hands.at = T
    before = store.snapshot()
    report = engine.tick()
    assert T.add(days=2) == report.behind
    assert before == store.snapshot()


# -- 9. refusals name the real reason ------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        lambda engine: engine.allocate_order("order-1"),
        lambda engine: engine.ship_line("order-1", CLOCK_LINE, 1),
    ],
    ids=["allocate", "ship"],
)
def test_a_command_on_a_cancelled_order_is_refused_because_it_is_cancelled(
    command: Callable[[Engine], object],
) -> None:
    engine, _, _ = shop(clocks=0)
    engine.place_order(an_order())
    engine.cancel_order("order-1", "customer asked")
    with pytest.raises(OrdercoreError, match="cancelled"):
        command(engine)


def test_capturing_or_refunding_a_voided_payment_is_refused_because_it_is_voided() -> None:
    payment = Payment.start("order-1/payment-1", "order-1", "card", "EUR")
    payment.authorize(eur("10.00"), "auth-1", T)
    payment.void("void-1", T)
    with pytest.raises(OrdercoreError, match="voided"):
        payment.capture(eur("10.00"), "cap-1", T)
    with pytest.raises(OrdercoreError, match="voided"):
        payment.refund(eur("10.00"), "ref-1", T)


def test_capturing_on_a_cancelled_order_is_refused_because_it_is_cancelled() -> None:
    engine, store, _ = shop(clocks=0)
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("10.00"), "auth-1")
    engine.cancel_order("order-1", "customer asked")
    before = store.snapshot()
    with pytest.raises(InvalidTransition) as refused:
        engine.record_capture("order-1", eur("10.00"), "cap-1")
    assert ("cancelled", "capture") == (refused.value.state, refused.value.trigger)
    assert "cancelled" in str(refused.value)
    assert before == store.snapshot()


def test_capturing_more_than_was_authorized_on_a_cancelled_order_is_refused_as_cancelled() -> None:
    engine, _, _ = shop(clocks=0)
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("10.00"), "auth-1")
    engine.cancel_order("order-1", "customer asked")
    with pytest.raises(InvalidTransition, match="cancelled"):
        engine.record_capture("order-1", eur("500.00"), "cap-1")


def test_capturing_more_than_a_voided_authorization_is_refused_as_voided_at_the_engine() -> None:
    engine, store, _ = shop(clocks=0)
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("10.00"), "auth-1")
    with store.unit_of_work() as uow:
        payment = uow.payments.get("order-1/payment-1")
        read_at = payment.version
        payment.void("void-1", T)
        uow.payments.save(payment, read_at)
        uow.commit()
    with pytest.raises(InvalidTransition) as refused:
        engine.record_capture("order-1", eur("500.00"), "cap-1")
    assert ("voided", "capture") == (refused.value.state, refused.value.trigger)


def test_capturing_more_than_a_voided_authorization_is_refused_as_voided_by_the_payment() -> None:
    payment = Payment.start("order-1/payment-1", "order-1", "card", "EUR")
    payment.authorize(eur("10.00"), "auth-1", T)
    payment.void("void-1", T)
    with pytest.raises(InvalidTransition) as refused:
        payment.capture(eur("500.00"), "cap-1", T)
    assert ("voided", "capture") == (refused.value.state, refused.value.trigger)


# -- 10. stock only where the shop has such a place ----------------------------------------------


def test_stock_received_at_a_location_the_engine_does_not_know_is_refused() -> None:
    engine, store, _ = shop()
    before = store.snapshot()
    with pytest.raises(OrdercoreError, match="WH-MOON"):
        engine.receive_stock("RETRO-CLOCK", "WH-MOON", 3)
    assert before == store.snapshot()


def test_stock_into_an_unregistered_lot_is_refused_and_into_a_lot_with_its_expiry_is_not() -> None:
    engine, store, _ = shop()
    before = store.snapshot()
    with pytest.raises(OrdercoreError, match="LOT-X"):
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, lot="LOT-X")
    assert before == store.snapshot()
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, lot=Lot("LOT-X", T.add(days=90).date()))
    engine.receive_stock("RETRO-CLOCK", "WH-EAST", 2, lot="LOT-X")
    assert 10 == stock_on_hand(store, "RETRO-CLOCK")
