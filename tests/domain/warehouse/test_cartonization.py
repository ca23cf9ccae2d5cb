import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.catalogue.product import Dimensions, Product
from ordercore.domain.warehouse.cartonization import (
    Box,
    Cartonization,
    Item,
    Package,
    Placement,
    choose_boxes,
)
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.money import Money


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


SMALL = Box("S", Dimensions(200, 150, 100), 2000, 100, eur("0.40"))
MEDIUM = Box("M", Dimensions(300, 250, 200), 5000, 200, eur("0.70"))
LARGE = Box("L", Dimensions(500, 400, 300), 10000, 400, eur("1.20"), Dimensions(510, 410, 310))
BOXES = [LARGE, SMALL, MEDIUM]

MUG = Item("MUG", Dimensions(120, 90, 100), 350)
VASE = Item("VASE", Dimensions(280, 120, 120), 900, fragile=True)
CLOCK = Item("CLOCK", Dimensions(250, 200, 80), 1200)


def test_one_small_item_goes_into_the_cheapest_box_that_holds_it() -> None:
    chosen = choose_boxes([MUG], BOXES)
    assert ["S"] == [p.box.name for p in chosen.packages]
    assert (eur("0.40"), ()) == (chosen.cost, chosen.unfit)


def test_a_package_weighs_its_items_plus_the_tare_and_measures_the_box() -> None:
    package = choose_boxes([MUG, MUG], [LARGE]).packages[0]
    assert (2 * 350 + 400, Dimensions(510, 410, 310)) == (package.weight_g, package.dimensions)


def test_items_too_big_for_every_box_are_reported_never_dropped() -> None:
    sofa = Item("SOFA", Dimensions(2000, 900, 800), 40000)
    chosen = choose_boxes([MUG, sofa], BOXES)
    assert [MUG] == [item for p in chosen.packages for item in p.items]
    assert [(sofa, "40000 g is more than any box takes")] == [
        (u.item, u.reason) for u in chosen.unfit
    ]


def test_an_item_too_long_for_every_box_says_so() -> None:
    pole = Item("POLE", Dimensions(900, 20, 20), 100)
    assert "900x20x20 mm fits no box" == choose_boxes([pole], BOXES).unfit[0].reason


def test_a_tall_item_lies_down_unless_this_side_up() -> None:
    bottle = Item("BOTTLE", Dimensions(80, 80, 180), 500)
    upright = Item("BOTTLE", Dimensions(80, 80, 180), 500, this_side_up=True)
    assert ["S"] == [p.box.name for p in choose_boxes([bottle], BOXES).packages]
    assert ["M"] == [p.box.name for p in choose_boxes([upright], BOXES).packages]


def test_what_one_box_cannot_carry_is_split_over_the_fewest_boxes() -> None:
    # 15 kg of bricks; the large box carries 10 kg, so two boxes, each as small as still holds
    bricks = [Item("BRICK", Dimensions(100, 100, 50), 3000)] * 5
    chosen = choose_boxes(bricks, BOXES)
    assert [("L", 3), ("L", 2)] == [(p.box.name, len(p.items)) for p in chosen.packages]
    light = [Item("BRICK", Dimensions(100, 100, 50), 1000)] * 5
    assert [("M", 5)] == [(p.box.name, len(p.items)) for p in choose_boxes(light, BOXES).packages]
    mixed = [*bricks[:3], CLOCK]  # 10.2 kg: the clock and two bricks, then a brick alone
    assert [("L", 3), ("M", 1)] == [
        (p.box.name, len(p.items)) for p in choose_boxes(mixed, BOXES).packages
    ]


def test_a_product_from_the_catalogue_becomes_an_item() -> None:
    product = Product("MUG", "Mug", weight_g=350, dimensions=Dimensions(120, 90, 100), fragile=True)
    assert Item("MUG", Dimensions(120, 90, 100), 350, fragile=True) == Item.from_product(product)
    with pytest.raises(ValidationError):
        Item.from_product(Product("E-BOOK", "E-book"))


def test_box_costs_in_two_currencies_are_refused() -> None:
    usd = Box("U", Dimensions(10, 10, 10), 10, 1, Money.of("1.00", "USD"))
    with pytest.raises(ValidationError):
        choose_boxes([MUG], [SMALL, usd])
    with pytest.raises(WrongType):
        choose_boxes([MUG], [SMALL, "M"])  # type: ignore[list-item]


def test_nothing_to_pack_needs_no_box() -> None:
    assert Cartonization((), ()) == choose_boxes([], BOXES)


sizes = st.integers(10, 600)
items = st.builds(
    Item,
    sku=st.sampled_from(["A", "B", "C", "D"]),
    dimensions=st.builds(Dimensions, sizes, sizes, sizes),
    weight_g=st.integers(0, 12000),
    fragile=st.booleans(),
    this_side_up=st.booleans(),
)
box_types = st.lists(
    st.builds(
        Box,
        name=st.sampled_from("ABCDEFGHIJ"),
        inner=st.builds(Dimensions, sizes, sizes, sizes),
        max_weight_g=st.integers(0, 20000),
        tare_g=st.integers(0, 500),
        cost=st.integers(1, 500).map(lambda cents: Money.from_minor(cents, "EUR")),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda box: box.name,
)


def overlap(a: Placement, b: Placement) -> bool:
    return all(
        lo_a < lo_b + len_b and lo_b < lo_a + len_a
        for lo_a, len_a, lo_b, len_b in zip(
            (a.x, a.y, a.z), a.size, (b.x, b.y, b.z), b.size, strict=True
        )
    )


def check_package(package: Package) -> None:
    inner = (package.box.inner.length_mm, package.box.inner.width_mm, package.box.inner.height_mm)
    assert sum(item.weight_g for item in package.items) <= package.box.max_weight_g
    for placed in package.placements:
        assert sorted(placed.size) == sorted(
            (placed.item.dimensions.length_mm, placed.item.dimensions.width_mm,
             placed.item.dimensions.height_mm)
        )  # fmt: skip
        if placed.item.this_side_up:
            assert placed.item.dimensions.height_mm == placed.size[2]
        corner = (placed.x, placed.y, placed.z)
        assert all(
            0 <= c and c + n <= edge for c, n, edge in zip(corner, placed.size, inner, strict=True)
        )
    for a, b in itertools.combinations(package.placements, 2):
        assert not overlap(a, b)


@given(st.lists(items, max_size=12), box_types)
def test_no_box_breaks_an_items_size_or_its_weight_limit(
    given_items: list[Item], boxes: list[Box]
) -> None:
    for package in choose_boxes(given_items, boxes).packages:
        check_package(package)


@given(st.lists(items, max_size=12), box_types)
def test_every_item_is_in_a_box_or_reported(given_items: list[Item], boxes: list[Box]) -> None:
    chosen = choose_boxes(given_items, boxes)
    placed = [item for p in chosen.packages for item in p.items]
    reported = [u.item for u in chosen.unfit]
    key = repr
    assert sorted(map(key, given_items)) == sorted(map(key, placed + reported))
    assert all(
        p.weight_g == p.box.tare_g + sum(i.weight_g for i in p.items) for p in chosen.packages
    )


@given(st.lists(items, max_size=12), box_types, st.randoms(use_true_random=False))
def test_the_choice_does_not_depend_on_the_order_items_come_in(
    given_items: list[Item], boxes: list[Box], rng: object
) -> None:
    shuffled = list(given_items)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    first, again = choose_boxes(given_items, boxes), choose_boxes(shuffled, boxes)
    assert [p.box for p in first.packages] == [p.box for p in again.packages]
    assert sorted(map(repr, first.unfit)) == sorted(map(repr, again.unfit))


@given(st.lists(items, max_size=12), box_types)
def test_nothing_lies_on_top_of_a_fragile_item(given_items: list[Item], boxes: list[Box]) -> None:
    for package in choose_boxes(given_items, boxes).packages:
        for under, over in itertools.permutations(package.placements, 2):
            if not under.item.fragile or over.z < under.z + under.size[2]:
                continue
            xy_apart = (
                over.x >= under.x + under.size[0] or under.x >= over.x + over.size[0]
                or over.y >= under.y + under.size[1] or under.y >= over.y + over.size[1]
            )  # fmt: skip
            assert xy_apart
