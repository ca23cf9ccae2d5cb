"""The catalogue's values and the screening rule for order lines."""

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.catalogue import (
    Dimensions,
    Product,
    UnknownSku,
    UnknownSkuPolicy,
    UnsellableSku,
    screen_lines,
)
from ordercore.kernel.errors import OrdercoreError, ValidationError, WrongType

CLOCK = Product(
    "RETRO-CLOCK",
    "Retro alarm clock",
    barcodes=("4006381333931",),
    weight_g=450,
    dimensions=Dimensions(120, 80, 60),
    fragile=True,
)
OLD_VASE = Product("OLD-VASE", "Discontinued vase", sellable=False)
PRODUCTS = {p.sku: p for p in (CLOCK, OLD_VASE)}


def test_a_product_keeps_what_the_catalogue_says_about_it() -> None:
    assert ("4006381333931",) == CLOCK.barcodes
    assert (450, 576_000, True, True, True) == (
        CLOCK.weight_g,
        CLOCK.dimensions.volume_mm3 if CLOCK.dimensions else 0,
        CLOCK.fragile,
        CLOCK.sellable,
        CLOCK.track_inventory,
    )


def test_barcodes_given_as_a_list_are_kept_as_a_tuple() -> None:
    assert ("1", "2") == Product("A", "A", barcodes=["1", "2"]).barcodes


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: Product("", "Clock"), "sku"),
        (lambda: Product("CLOCK", "  "), "title"),
        (lambda: Product("CLOCK", "Clock", barcodes=("1", "1")), "barcodes"),
        (lambda: Product("CLOCK", "Clock", barcodes="123"), "barcodes"),
        (lambda: Product("CLOCK", "Clock", weight_g=-1), "weight_g"),
        (lambda: Product("CLOCK", "Clock", weight_g=1.5), "weight_g"),  # type: ignore[arg-type]
        (lambda: Product("CLOCK", "Clock", sellable="yes"), "sellable"),  # type: ignore[arg-type]
        (lambda: Product("C", "C", dimensions=(1, 2, 3)), "dimensions"),  # type: ignore[arg-type]
        (lambda: Dimensions(0, 10, 10), "length_mm"),
    ],
)
def test_a_product_refuses_a_bad_fact_by_name(make: object, field: str) -> None:
    with pytest.raises((ValidationError, WrongType)) as caught:
        make()  # type: ignore[operator]
    assert field == caught.value.fields["field"]


def test_an_order_for_an_unknown_sku_is_refused_by_name() -> None:
    with pytest.raises(UnknownSku) as caught:
        screen_lines("order-1", [("line-1", "RETRO-CLOCK"), ("line-2", "MOON-ROCK")], PRODUCTS.get)
    assert ("MOON-ROCK", "order-1", "line-2") == (
        caught.value.sku,
        caught.value.order_id,
        caught.value.line_id,
    )
    assert isinstance(caught.value, LookupError)
    assert "sku='MOON-ROCK' on line order-1/line-2 was refused" in str(caught.value)


def test_an_unknown_sku_passes_when_the_policy_accepts_and_backorders() -> None:
    lines = [("line-1", "MOON-ROCK"), ("line-2", "RETRO-CLOCK")]
    screen_lines("order-1", lines, PRODUCTS.get, UnknownSkuPolicy.ACCEPT_AND_BACKORDER)


def test_an_unsellable_product_is_refused_whatever_the_policy() -> None:
    for policy in UnknownSkuPolicy:
        with pytest.raises(UnsellableSku) as caught:
            screen_lines("order-1", [("line-3", "OLD-VASE")], PRODUCTS.get, policy)
        assert ("OLD-VASE", "line-3") == (caught.value.sku, caught.value.line_id)
        assert isinstance(caught.value, ValueError)


def test_the_policy_is_named_by_its_value_too() -> None:
    assert UnknownSkuPolicy.ACCEPT_AND_BACKORDER is UnknownSkuPolicy("accept_and_backorder")


@pytest.mark.parametrize(
    ("error", "message", "fields"),
    [
        (
            UnknownSku("MOON-ROCK", "o-1", "l-1"),
            (
                "sku='MOON-ROCK' on line o-1/l-1 was refused: the catalogue has no such product, "
                "and the rule is that an order line names a product the shop sells (add it to "
                "the catalogue, or run the Engine with unknown_skus=accept_and_backorder)"
            ),
            {
                "field": "sku",
                "value": "MOON-ROCK",
                "rule": "a SKU the catalogue knows",
                "order_id": "o-1",
                "line_id": "l-1",
            },
        ),
        (
            UnsellableSku("OLD-VASE", "o-1", "l-2"),
            (
                "sku='OLD-VASE' on line o-1/l-2 was refused: the catalogue marks it not "
                "sellable, and the rule is that an order line names a sellable product"
            ),
            {
                "field": "sku",
                "value": "OLD-VASE",
                "rule": "a sellable product",
                "order_id": "o-1",
                "line_id": "l-2",
            },
        ),
    ],
)
def test_catalogue_errors_keep_their_message_and_fields_and_pickle(
    error: OrdercoreError, message: str, fields: dict[str, str]
) -> None:
    assert message == str(error)
    assert fields == dict(error.fields)
    back = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert (message, fields) == (str(back), dict(back.fields))


@given(
    st.lists(
        st.tuples(st.sampled_from(["RETRO-CLOCK", "OLD-VASE", "MOON-ROCK"]), st.booleans()),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(list(UnknownSkuPolicy)),
)
def test_screening_refuses_exactly_when_some_line_is_unknown_or_unsellable(
    picked: list[tuple[str, bool]], policy: UnknownSkuPolicy
) -> None:
    lines = [(f"line-{i}", sku) for i, (sku, _) in enumerate(picked)]
    accepts_unknown = policy is UnknownSkuPolicy.ACCEPT_AND_BACKORDER
    allowed = all(
        sku == "RETRO-CLOCK" or (sku == "MOON-ROCK" and accepts_unknown) for _, sku in lines
    )
    if allowed:
        screen_lines("o-1", lines, PRODUCTS.get, policy)  # raises nothing
        return
    with pytest.raises((UnknownSku, UnsellableSku)) as caught:
        screen_lines("o-1", lines, PRODUCTS.get, policy)
    first = next(
        (line_id, sku)
        for line_id, sku in lines
        if sku == "OLD-VASE" or (sku == "MOON-ROCK" and not accepts_unknown)
    )
    assert first == (caught.value.fields["line_id"], caught.value.fields["value"])
