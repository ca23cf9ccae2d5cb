from collections.abc import Mapping
from typing import Any

import attrs
import pendulum

from ordercore.domain.billing import PaymentState
from ordercore.domain.inventory import Allocation
from ordercore.service import Engine, OverdueInvoice
from tests.service.helpers import (
    CLOCK_LINE,
    LOCATIONS,
    VASE_LINE,
    T,
    an_order,
    eur,
    payment_in,
    shop,
    stock_in,
)


def test_a_tick_expires_an_authorisation_whose_time_has_come() -> None:
    engine, store, clock = shop()
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1", expires_at=T.add(days=7))
    assert () == engine.tick().expired_payments
    clock.advance(days=7)
    assert ("order-1/payment-1",) == engine.tick().expired_payments
    assert PaymentState.EXPIRED == payment_in(store).state


def test_a_tick_expires_soft_holds_at_their_boundary_instant() -> None:
    engine, store, clock = shop()
    with store.unit_of_work() as uow:
        item = uow.stock.get("RETRO-CLOCK")
        read_at = item.version
        item.reserve(
            "cart-7", order_ref="cart-7", line_ref="1",
            allocations=[Allocation("WH-EAST", 2)], now=T, ttl=pendulum.duration(minutes=15),
        )  # fmt: skip
        uow.stock.save(item, read_at)
        uow.commit()
    clock.advance(minutes=15)
    assert ("cart-7",) == engine.tick(skus=["RETRO-CLOCK"]).expired_holds
    item = stock_in(store, "RETRO-CLOCK")
    assert ({}, 0) == (dict(item.reservations), item.reserved())  # an expired hold leaves the item


def but_timers(rows: Mapping[tuple[str, str], Any]) -> dict[tuple[str, str], Any]:
    """The stored rows, less the tick watermark (which every forward tick advances)."""
    return {slot: row for slot, row in rows.items() if slot[0] != "timers"}


def test_a_tick_reports_invoices_past_due_without_changing_them() -> None:
    engine, store, clock = shop(clocks=5, vases=5)
    engine.place_order(an_order())
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship("order-1", {CLOCK_LINE: 2, VASE_LINE: 2})  # net 30: due 2026-12-26
    clock.advance(days=30)
    assert () == engine.tick().overdue
    clock.advance(days=1)
    before = store.snapshot().rows
    report = engine.tick()
    assert (
        OverdueInvoice("order-1/invoice-1", "INV-000001", "order-1", eur("110.00")),
    ) == report.overdue
    assert but_timers(before) == but_timers(store.snapshot().rows)  # only the watermark moved


def test_a_quiet_tick_writes_nothing_but_its_watermark() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    before = store.snapshot()
    report = engine.tick()
    after = store.snapshot()
    assert ((), (), ()) == (report.expired_holds, report.expired_payments, report.overdue)
    assert attrs.evolve(before, rows=after.rows) == after
    assert but_timers(before.rows) == but_timers(after.rows)
    assert [("timers", "tick")] == [slot for slot in after.rows if slot not in before.rows]


@attrs.define
class _SkewedClock:
    """A host clock that may go backwards (NTP steps, a second scheduler host)."""

    at: pendulum.DateTime = T

    def now(self) -> pendulum.DateTime:
        return self.at


def test_a_tick_with_a_clock_behind_the_last_tick_does_nothing_and_says_so() -> None:
    _, store, _ = shop()
    clock = _SkewedClock()
    engine = Engine(store, clock, LOCATIONS)
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1", expires_at=T.add(days=7))
    clock.at = T.add(days=1)
    assert T.add(days=1) == engine.tick().at
    clock.at = T
    before = store.snapshot()
    report = engine.tick()
    assert (T.add(days=1), ()) == (report.behind, report.expired_payments)
    assert before == store.snapshot()


def test_a_tick_after_a_tick_that_was_behind_catches_up() -> None:
    _, store, _ = shop()
    clock = _SkewedClock()
    engine = Engine(store, clock, LOCATIONS)
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1", expires_at=T.add(days=7))
    clock.at = T.add(days=2)
    engine.tick()
    clock.at = T.add(days=1)
    assert T.add(days=2) == engine.tick().behind
    clock.at = T.add(days=7)
    report = engine.tick()
    assert (None, ("order-1/payment-1",)) == (report.behind, report.expired_payments)
    assert PaymentState.EXPIRED == payment_in(store).state
