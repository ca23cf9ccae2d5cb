import pendulum
import pytest

from ordercore.kernel.errors import ValidationError
from ordercore.service import LateOrder, backorders_by_sku, best_sellers
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, VASE_LINE, an_order, shop


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
