import pendulum
import pytest

from ordercore.demo_shop import DEMO_NOW, demo_shop
from ordercore.domain.orders import InvoicingPolicy
from ordercore.kernel.errors import ValidationError
from ordercore.service import LateOrder, backorders_by_sku, best_sellers
from ordercore.service.reports import (
    Rate,
    fill_rate,
    on_time_ship_rate,
    open_balances_by_customer,
    shop_report,
    stored,
)
from tests.service.helpers import CLOCK_LINE, VASE_LINE, an_order, eur, shop


def test_late_orders_are_those_past_their_promise_with_units_waiting() -> None:
    engine, _, clock = shop(clocks=5, vases=5)
    engine.place_order(an_order("order-1", promised_ship_by=pendulum.date(2026, 11, 27)))
    engine.place_order(an_order("order-2", promised_ship_by=pendulum.date(2026, 11, 28)))
    engine.place_order(an_order("order-3"))
    assert [] == engine.late_orders()
    clock.advance(days=2)
    assert [LateOrder("order-1", "ORDER-1", pendulum.date(2026, 11, 27), 4, 1)] == (
        engine.late_orders()
    )


def test_an_order_that_shipped_everything_is_not_late() -> None:
    engine, _, clock = shop(clocks=5, vases=5)
    engine.place_order(an_order(promised_ship_by=pendulum.date(2026, 11, 27)))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship("order-1", {CLOCK_LINE: 2, VASE_LINE: 2})
    clock.advance(days=5)
    assert [] == engine.late_orders()


def test_backorders_are_counted_per_sku() -> None:
    engine, _, _ = shop(clocks=1, vases=0)
    engine.place_order(an_order("order-1"))
    engine.place_order(an_order("order-2", clocks=3, vases=1))
    engine.allocate_order("order-1")
    engine.allocate_order("order-2")
    assert {"BLUE-VASE": 3, "RETRO-CLOCK": 4} == engine.backorders_by_sku()


def test_best_sellers_rank_skus_by_units_shipped() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order("order-1", clocks=1, vases=3))
    engine.place_order(an_order("order-2", clocks=1, vases=0))
    for order_id in ("order-1", "order-2"):
        engine.confirm_order(order_id)
        engine.allocate_order(order_id)
    engine.ship("order-1", {CLOCK_LINE: 1, VASE_LINE: 3})
    engine.ship_line("order-2", CLOCK_LINE, 1)
    assert [("BLUE-VASE", 3), ("RETRO-CLOCK", 2)] == engine.best_sellers()
    assert [("BLUE-VASE", 3)] == best_sellers(stored(store, "orders"), top=1)


def test_reports_are_pure_queries_over_the_orders_the_host_passes() -> None:
    assert ({}, []) == (backorders_by_sku([]), best_sellers([]))
    with pytest.raises(ValidationError):
        best_sellers([], top=0)
    with pytest.raises(ValidationError):
        stored(object(), "orders")


def test_the_demo_shops_report_counts_orders_units_and_money() -> None:
    report = shop_report(demo_shop(), DEMO_NOW)
    assert {
        "completed": {"0-1d": 0, "2-7d": 3, "8-30d": 0, ">30d": 0},
        "confirmed": {"0-1d": 0, "2-7d": 2, "8-30d": 0, ">30d": 0},
        "in_fulfilment": {"0-1d": 0, "2-7d": 1, "8-30d": 0, ">30d": 0},
    } == report.orders_by_status_and_age
    assert ["1004", "1005"] == [late.number for late in report.late_orders]
    assert Rate(20, 26) == report.fill_rate
    assert Rate(2, 3) == report.on_time_ship_rate
    assert {
        "BLUE-VASE": Rate(0, 3),
        "RETRO-CLOCK": Rate(1, 5),
        "TEAK-TRAY": Rate(0, 12),
    } == report.return_rate_by_sku
    assert [("TEAK-TRAY", 12), ("RETRO-CLOCK", 5), ("BLUE-VASE", 3)] == report.best_sellers
    assert {"cust-bob": eur("77.50"), "cust-cy": eur("37.50")} == (report.open_balances_by_customer)


def test_fill_rate_counts_shipped_units_over_units_still_wanted() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.place_order(an_order("order-1", clocks=2, vases=2))
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 2)
    assert Rate(2, 4) == fill_rate(stored(store, "orders"))
    assert "50.0%" == fill_rate(stored(store, "orders")).percent()


def test_an_order_shipped_after_its_promise_is_not_on_time() -> None:
    engine, store, clock = shop(clocks=5, vases=5)
    engine.place_order(an_order("order-1", promised_ship_by=pendulum.date(2026, 11, 27)))
    engine.place_order(an_order("order-2", promised_ship_by=pendulum.date(2026, 11, 27)))
    for order_id in ("order-1", "order-2"):
        engine.confirm_order(order_id)
        engine.allocate_order(order_id)
    engine.ship("order-1", {CLOCK_LINE: 2, VASE_LINE: 2})
    clock.advance(days=3)
    engine.ship("order-2", {CLOCK_LINE: 2, VASE_LINE: 2})
    rate = on_time_ship_rate(stored(store, "orders"), stored(store, "shipments"))
    assert Rate(1, 2) == rate


def test_open_balances_sum_what_issued_invoices_still_ask_per_customer() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order("order-1", policy=InvoicingPolicy.ON_PLACEMENT))
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    engine.record_capture("order-1", eur("30.00"), "gw-cap-1")
    balances = open_balances_by_customer(stored(store, "orders"), stored(store, "invoices"))
    assert {"cust-1": eur("80.00")} == balances


def test_a_rate_of_nothing_has_no_value() -> None:
    assert (None, "-") == (Rate(0, 0).value, Rate(0, 0).percent())
    assert "33.3%" == Rate(1, 3).percent()
