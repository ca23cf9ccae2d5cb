from __future__ import annotations

from typing import Any

import attrs
import pytest

from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import FulfilmentStatus, InvoicingPolicy, OrderStatus
from ordercore.errors import NotAllowedInStatus
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import NotFound, ValidationError
from ordercore.memory import MemoryStore
from ordercore.memory.unit_of_work import MemoryUnitOfWork
from ordercore.service import Engine, fulfilling
from ordercore.service.errors import PaymentNotAuthorized
from ordercore.service.session import Session
from tests.service.helpers import (
    CLOCK_LINE,
    HOME,
    LOCATIONS,
    VASE_LINE,
    T,
    an_order,
    eur,
    invoice_in,
    ledger,
    order_in,
    shop,
    stock_in,
)


def test_allocates_what_is_in_stock_and_backorders_the_rest() -> None:
    engine, store, _ = shop(clocks=5, vases=1)
    engine.place_order(an_order())
    applied = engine.allocate_order("order-1")
    assert {CLOCK_LINE: 2, VASE_LINE: 1} == dict(applied.reserved)
    assert {VASE_LINE: 1} == dict(applied.backordered)
    assert {"allocated": 2} == ledger(store, CLOCK_LINE)
    assert {"allocated": 1, "backordered": 1} == ledger(store, VASE_LINE)
    clock_stock = stock_in(store, "RETRO-CLOCK")
    assert (5, 2, 3) == (clock_stock.on_hand(), clock_stock.reserved(), clock_stock.available())


def test_placing_leaves_the_hosts_draft_untouched() -> None:
    engine, _, _ = shop()
    draft = an_order()
    engine.place_order(draft)
    assert OrderStatus.DRAFT == draft.status


def test_shipping_a_line_moves_the_order_and_the_stock_together() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 2)
    clock_stock = stock_in(store, "RETRO-CLOCK")
    assert {"shipped": 2, "invoiced": 2} == ledger(store, CLOCK_LINE)
    assert (3, 0) == (clock_stock.on_hand(), clock_stock.reserved())
    assert FulfilmentStatus.PARTIALLY_FULFILLED == order_in(store).fulfilment_status


def test_shipping_every_unit_completes_the_order() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship("order-1", {CLOCK_LINE: 2, VASE_LINE: 2})
    assert OrderStatus.COMPLETED == order_in(store).status


def test_every_change_reaches_the_outbox_in_commit_order() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    engine.allocate_order("order-1")
    names = [message.event.name for message in store.pending()]
    assert ["StockReceived", "StockReceived"] == names[:2]
    assert "OrderPlaced" in names
    assert 2 == names.count("StockReserved")


def test_a_failed_command_leaves_the_store_as_it_was() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    before = store.snapshot()
    with pytest.raises(ValidationError, match="on the shelf"):
        engine.ship_line("order-1", CLOCK_LINE, 1)  # nothing was allocated: nothing to pick
    assert before == store.snapshot()


def test_two_orders_for_the_last_unit_never_oversell() -> None:
    engine, store, _ = shop(clocks=1, vases=2)
    engine.place_order(an_order("order-1", clocks=1, vases=1))
    engine.place_order(an_order("order-2", clocks=1, vases=1))
    first = engine.allocate_order("order-1")
    second = engine.allocate_order("order-2")
    assert {CLOCK_LINE: 1, VASE_LINE: 1} == dict(first.reserved)
    assert {VASE_LINE: 1} == dict(second.reserved)
    assert {CLOCK_LINE: 1} == dict(second.backordered)
    assert 1 == stock_in(store, "RETRO-CLOCK").reserved()


def test_a_refusal_half_way_through_a_command_writes_neither_aggregate() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    engine.allocate_order("order-1")  # allocated, but the order is not confirmed yet
    before = store.snapshot()
    with pytest.raises(ValueError, match="cannot 'pick' while status='placed'"):
        engine.ship_line("order-1", CLOCK_LINE, 2)  # stock picks and ships, then the order refuses
    assert before == store.snapshot()


def test_refuses_to_ship_zero_units_or_a_bool() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    before = store.snapshot()
    for units in (0, True, -1):
        with pytest.raises(ValidationError):
            engine.ship_line("order-1", CLOCK_LINE, units)
    with pytest.raises(ValidationError):
        engine.ship("order-1", {})
    assert before == store.snapshot()


def test_refuses_to_ship_a_line_the_order_lacks() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    before = store.snapshot()
    with pytest.raises(NotFound):
        engine.ship_line("order-1", "line-9", 1)
    assert before == store.snapshot()


def test_an_order_paid_on_placement_is_confirmed_only_once_its_total_is_authorised() -> None:
    engine, store, _ = shop()
    engine.payment_first = True
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    before = store.snapshot()
    with pytest.raises(PaymentNotAuthorized) as refused:
        engine.confirm_order("order-1")
    assert (eur("110.00"), eur("0.00")) == (refused.value.needed, refused.value.secured)
    assert before == store.snapshot()
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.confirm_order("order-1")
    assert OrderStatus.CONFIRMED == order_in(store).status


def test_a_b2b_order_invoiced_on_shipment_is_confirmed_without_payment() -> None:
    engine, store, _ = shop()
    engine.payment_first = True
    engine.place_order(an_order(policy=InvoicingPolicy.ON_SHIPMENT))
    engine.confirm_order("order-1")
    assert OrderStatus.CONFIRMED == order_in(store).status


def test_delivering_moves_shipped_units_to_delivered() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 2)
    engine.deliver_line("order-1", CLOCK_LINE, 1)
    assert {"shipped": 1, "delivered": 1, "invoiced": 2} == ledger(store, CLOCK_LINE)


def test_a_conflict_re_runs_the_command_on_fresh_copies() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    placed = order_in(store).version
    attempts: list[int] = []

    def rival_writes_first_then_allocate(session: Session) -> None:
        attempts.append(session.order("order-1").version)
        if len(attempts) == 1:
            with store.unit_of_work() as rival:
                order = rival.orders.get("order-1")
                read_at = order.version
                order.change_bill_to(attrs.evolve(HOME, name="Ada Lovelace"), T)
                rival.orders.save(order, read_at)
                rival.commit()
        fulfilling.allocate_order(session, "order-1")

    engine._run(rival_writes_first_then_allocate)
    assert [placed, placed + 1] == attempts
    assert {"allocated": 2} == ledger(store, CLOCK_LINE)


def test_without_payment_first_the_host_decides_when_to_confirm() -> None:
    engine, store, _ = shop()
    engine.payment_first = False
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    engine.confirm_order("order-1")
    assert OrderStatus.CONFIRMED == order_in(store).status


def _cancelled() -> tuple[Engine, MemoryStore]:
    engine, store, _ = shop(clocks=0, vases=0)
    engine.place_order(an_order())
    engine.cancel_order("order-1", "changed mind")
    return engine, store


def test_confirming_a_cancelled_order_is_refused_because_it_is_cancelled() -> None:
    engine, _ = _cancelled()
    with pytest.raises(NotAllowedInStatus) as refused:
        engine.confirm_order("order-1")
    assert ("confirm", "cancelled") == (refused.value.command, refused.value.status)


def test_allocating_a_cancelled_order_is_refused_because_it_is_cancelled() -> None:
    engine, store = _cancelled()
    before = store.snapshot()
    with pytest.raises(NotAllowedInStatus) as refused:
        engine.allocate_order("order-1")
    assert "cancelled" == refused.value.status
    assert before == store.snapshot()


def test_shipping_a_cancelled_order_is_refused_because_it_is_cancelled_not_for_stock() -> None:
    engine, _ = _cancelled()
    with pytest.raises(NotAllowedInStatus):
        engine.ship("order-1", {CLOCK_LINE: 1})
    with pytest.raises(NotAllowedInStatus):
        engine.open_shipment("order-1", {CLOCK_LINE: 1}, "WH-EAST")


@attrs.define
class _Numbers:
    taken: list[str] = attrs.field(factory=list)

    def next(self, name: str) -> str:
        self.taken.append(f"{name}-U{len(self.taken) + 1}")
        return self.taken[-1]


@attrs.define
class _NumberingUnitOfWork:
    inner: Any
    numbers: _Numbers

    def __enter__(self) -> _NumberingUnitOfWork:
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@attrs.define
class _NumberingStore:
    store: MemoryStore
    numbers: _Numbers = attrs.field(factory=_Numbers)

    def unit_of_work(self) -> _NumberingUnitOfWork:
        return _NumberingUnitOfWork(self.store.unit_of_work(), self.numbers)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def test_numbers_come_from_the_unit_of_work_when_the_engine_is_given_none() -> None:
    _, memory, clock = shop()
    store = _NumberingStore(memory)
    Engine(store, clock, LOCATIONS).place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    assert ["INV-U1"] == store.numbers.taken
    assert "INV-U1" == invoice_in(memory).number


def test_numbers_the_engine_is_given_come_first() -> None:
    _, memory, clock = shop()
    given = _Numbers()
    engine = Engine(_NumberingStore(memory), clock, LOCATIONS, numbers=given)
    engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    assert ["INV-U1"] == given.taken


@attrs.define
class _CountedStore(MemoryStore):
    """A memory store that counts the units of work it makes."""

    made: list[Any] = attrs.field(factory=list)

    def unit_of_work(self) -> Any:
        made = super().unit_of_work()
        self.made.append(made)
        return made


class _OnceOnly(MemoryUnitOfWork):
    """A memory unit of work whose class does not say itself that it reopens."""


@attrs.define
class _OnceOnlyStore(_CountedStore):
    def unit_of_work(self) -> Any:
        made = _OnceOnly(self)
        self.made.append(made)
        return made


def _stocked(store: MemoryStore) -> Engine:
    with store.unit_of_work() as uow:
        uow.stock.add(StockItem("RETRO-CLOCK"))
        uow.stock.add(StockItem("BLUE-VASE"))
        uow.commit()
    return Engine(store, FixedClock(T), LOCATIONS)


def test_the_engine_opens_the_unit_of_work_its_last_command_committed_again() -> None:
    store = _CountedStore()
    engine = _stocked(store)
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    assert (2, OrderStatus.CONFIRMED) == (len(store.made), order_in(store).status)


def test_a_unit_of_work_whose_class_does_not_say_it_reopens_is_used_once() -> None:
    store = _OnceOnlyStore()
    engine = _stocked(store)
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    assert 3 == len(store.made)


def test_a_refused_command_leaves_no_unit_of_work_for_the_next() -> None:
    store = _CountedStore()
    engine = _stocked(store)
    with pytest.raises(NotFound):
        engine.confirm_order("order-1")
    engine.place_order(an_order())
    assert 3 == len(store.made)


def test_a_reopened_unit_of_work_starts_clear_and_an_engine_given_another_store_uses_that() -> None:
    store, other = _CountedStore(), _CountedStore()
    engine = _stocked(store)
    _stocked(other)
    engine.place_order(an_order())
    ((kept, _, _),) = engine._spare
    clear = (kept.staging.rows, kept.staging.reads, kept.staging.handed_out, kept.staging.events)
    engine.store = other
    engine.place_order(an_order())
    assert (({}, {}, {}, []), 2, 2, OrderStatus.PLACED) == (
        clear,
        len(store.made),
        len(other.made),
        order_in(other).status,
    )


def test_a_reopened_unit_of_work_draws_the_next_numbers_through_the_same_handle() -> None:
    store = _CountedStore()
    engine = _stocked(store)
    engine.place_order(an_order("order-1", policy=InvoicingPolicy.ON_PLACEMENT))
    engine.place_order(an_order("order-2", policy=InvoicingPolicy.ON_PLACEMENT))
    numbers = [invoice_in(store, f"{order}/invoice-1").number for order in ("order-1", "order-2")]
    assert (2, ["INV-000001", "INV-000002"]) == (len(store.made), numbers)


def test_the_session_of_a_reopened_unit_of_work_is_renewed_in_every_field_for_the_next() -> None:
    store = _CountedStore()
    engine = _stocked(store)
    engine.place_order(an_order())
    ((_, _, kept),) = engine._spare
    stale = object()
    for field in attrs.fields(Session):
        object.__setattr__(kept, field.name, stale)
    kept.uow = store.made[-1]  # the one field the unit of work it goes with keeps
    seen: list[Session] = []
    engine._run(seen.append)
    fresh = Session(
        kept.uow,
        T,
        kept.numbers,
        locations=LOCATIONS,
        request_policies=engine.request_policies,
    )
    assert ([kept], fresh) == (seen, kept)
