"""place_order with a catalogue: unknown and unsellable SKUs are refused by name, nothing stored."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.catalogue import Product, UnknownSku, UnknownSkuPolicy, UnsellableSku
from ordercore.domain.orders import InvoicingPolicy
from ordercore.memory.catalogue import MemoryCatalogue
from tests.service.helpers import CLOCK_LINE, VASE_LINE, T, an_order, eur, ledger, shop

CATALOGUE = MemoryCatalogue(
    [Product("RETRO-CLOCK", "Retro clock"), Product("BLUE-VASE", "Blue vase", fragile=True)]
)


def test_an_order_for_an_unknown_sku_is_refused_by_name() -> None:
    engine, store, _ = shop()
    engine.catalogue = CATALOGUE
    order = an_order()
    order.add_line("MOON-ROCK", 1, eur("99.00"), T)
    before = store.snapshot()
    with pytest.raises(UnknownSku, match="sku='MOON-ROCK' on line order-1/line-3") as caught:
        engine.place_order(order, idempotency_key="checkout-1")
    assert ("MOON-ROCK", "order-1", "line-3") == (
        caught.value.sku,
        caught.value.order_id,
        caught.value.line_id,
    )
    assert before == store.snapshot()
    assert store.record("checkout-1") is None


def test_an_order_for_an_unsellable_product_is_refused_and_nothing_is_invoiced() -> None:
    engine, store, _ = shop()
    engine.catalogue = MemoryCatalogue(
        [Product("RETRO-CLOCK", "Retro clock"), Product("BLUE-VASE", "Blue vase", sellable=False)]
    )
    before = store.snapshot()
    with pytest.raises(UnsellableSku) as caught:
        engine.place_order(an_order(policy=InvoicingPolicy.ON_PLACEMENT))
    assert ("BLUE-VASE", VASE_LINE) == (caught.value.sku, caught.value.line_id)
    assert before == store.snapshot()


def test_an_order_of_known_sellable_products_is_placed_as_before() -> None:
    engine, store, _ = shop()
    engine.catalogue = CATALOGUE
    engine.place_order(an_order())
    assert store.read("orders", "order-1") is not None


def test_accept_and_backorder_places_an_unknown_sku_and_allocation_backorders_it() -> None:
    engine, store, _ = shop(clocks=5, vases=5)
    engine.catalogue = CATALOGUE
    engine.unknown_skus = UnknownSkuPolicy.ACCEPT_AND_BACKORDER
    order = an_order()
    order.add_line("MOON-ROCK", 1, eur("99.00"), T)
    engine.place_order(order)
    applied = engine.allocate_order("order-1")
    assert {"line-3": 1} == dict(applied.backordered)
    assert {"backordered": 1} == ledger(store, "line-3")
    assert {"allocated": 2} == ledger(store, CLOCK_LINE)


def test_accept_and_backorder_still_refuses_an_unsellable_product() -> None:
    engine, _, _ = shop()
    engine.catalogue = MemoryCatalogue([Product("RETRO-CLOCK", "Retro clock", sellable=False)])
    engine.unknown_skus = UnknownSkuPolicy.ACCEPT_AND_BACKORDER
    with pytest.raises(UnsellableSku):
        engine.place_order(an_order(vases=0))


def test_without_a_catalogue_any_sku_is_placed_as_today() -> None:
    engine, store, _ = shop()
    order = an_order()
    order.add_line("MOON-ROCK", 1, eur("99.00"), T)
    engine.place_order(order)
    assert store.read("orders", "order-1") is not None


def test_a_product_added_to_the_catalogue_is_sold_by_the_next_command() -> None:
    engine, store, _ = shop()
    catalogue = MemoryCatalogue([Product("RETRO-CLOCK", "Retro clock")])
    engine.catalogue = catalogue
    with pytest.raises(UnknownSku):
        engine.place_order(an_order())
    catalogue.add(Product("BLUE-VASE", "Blue vase"))
    engine.place_order(an_order())
    assert store.read("orders", "order-1") is not None


@given(
    st.lists(st.sampled_from(["RETRO-CLOCK", "BLUE-VASE", "OLD-VASE", "MOON-ROCK"]), min_size=1),
    st.sampled_from(list(UnknownSkuPolicy)),
)
def test_an_order_is_placed_exactly_when_every_line_may_be_sold_and_a_refusal_changes_nothing(
    skus: list[str], policy: UnknownSkuPolicy
) -> None:
    engine, store, _ = shop()
    engine.catalogue = MemoryCatalogue(
        [
            Product("RETRO-CLOCK", "Retro clock"),
            Product("BLUE-VASE", "Blue vase"),
            Product("OLD-VASE", "Old vase", sellable=False),
        ]
    )
    engine.unknown_skus = policy
    order = an_order(clocks=0, vases=0)
    for sku in skus:
        order.add_line(sku, 1, eur("10.00"), T)
    sellable = {"RETRO-CLOCK", "BLUE-VASE"}
    if policy is UnknownSkuPolicy.ACCEPT_AND_BACKORDER:
        sellable.add("MOON-ROCK")
    before = store.snapshot()
    if set(skus) <= sellable:
        engine.place_order(order)
        assert store.read("orders", "order-1") is not None
        return
    with pytest.raises((UnknownSku, UnsellableSku)):
        engine.place_order(order)
    assert before == store.snapshot()
