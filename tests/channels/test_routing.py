"""The host's routing values: they check themselves, so a bad route is refused when built."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels import ExternalRef
from ordercore.channels.routing import (
    AccountingRoute,
    AvailableToSell,
    OrderRoute,
    Routing,
    StockFeed,
)
from ordercore.kernel.errors import ValidationError, WrongType

SHOP = ExternalRef("shopify", "retro-shop", "450789469")


def feed(channel: str = "shopify", account: str = "retro-shop") -> StockFeed:
    return StockFeed(
        channel=channel,
        account=account,
        items={"RETRO-CLOCK": "808950810"},
        locations={"WH-EAST": "655441491"},
    )


def test_refuses_an_amazon_route_without_a_marketplace() -> None:
    with pytest.raises(ValidationError) as refused:
        OrderRoute(ref=ExternalRef("amazon", "vase-outlet", "902-1"), lines={})
    assert "marketplace_id" == refused.value.field


def test_refuses_a_tracking_url_template_without_the_number() -> None:
    with pytest.raises(ValidationError):
        OrderRoute(ref=SHOP, lines={}, tracking_urls={"DHL": "https://dhl.example/"})


def test_fills_the_tracking_number_into_the_carrier_template() -> None:
    route = OrderRoute(ref=SHOP, lines={}, tracking_urls={"DHL": "https://dhl.example/{number}"})
    assert ("https://dhl.example/JD1", None) == (
        route.tracking_url("DHL", "JD1"),
        route.tracking_url("UPS", "1Z"),
    )


def test_refuses_a_blank_channel_line_id() -> None:
    with pytest.raises(ValidationError):
        OrderRoute(ref=SHOP, lines={"line-1": " "})


def test_refuses_a_stock_feed_to_a_channel_without_level_bodies() -> None:
    with pytest.raises(ValidationError):
        feed(channel="amazon")


def test_refuses_two_feeds_for_one_channel_account() -> None:
    with pytest.raises(ValidationError):
        Routing(feeds=[feed(), feed()])


def test_finds_the_feed_of_a_channel_account() -> None:
    routing = Routing(feeds=[feed(), feed(account="vase-shop")])
    assert ("vase-shop", None) == (
        getattr(routing.feed("shopify", "vase-shop"), "account", None),
        routing.feed("shopify", "nobody"),
    )


def test_refuses_an_order_route_that_is_not_an_order_route() -> None:
    with pytest.raises(WrongType):
        Routing(orders={"order-1": SHOP})


def test_refuses_accounting_to_another_channel_than_quickbooks() -> None:
    with pytest.raises(ValidationError):
        AccountingRoute(account="books", item_refs={}, channel="xero")


def test_routing_copies_the_hosts_mappings() -> None:
    lines = {"line-1": "1071823172"}
    route = OrderRoute(ref=SHOP, lines=lines)
    lines["line-2"] = "1071823173"
    assert {"line-1": "1071823172"} == route.lines


@pytest.mark.parametrize(
    ("bad", "error"), [(True, WrongType), (1.5, WrongType), (-1, ValidationError)]
)
def test_refuses_a_held_back_figure_that_is_not_a_whole_non_negative_int(
    bad: object, error: type[Exception]
) -> None:
    with pytest.raises(error):
        AvailableToSell(held_back=bad)  # type: ignore[arg-type]


@given(st.integers(0, 50), st.integers(0, 10), st.none() | st.integers(0, 40))
def test_the_level_shown_is_never_negative_nor_above_available_nor_cap(
    available: int, held_back: int, cap: int | None
) -> None:
    level = AvailableToSell(held_back=held_back, cap=cap).level(available)
    assert (True, True, True) == (
        0 <= level,
        level <= available,
        cap is None or level <= cap,
    )
