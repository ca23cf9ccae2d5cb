"""split_packages with the parcels' contents: known boxes exactly, the rest dealt evenly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels.amazon import split_packages
from ordercore.channels.outbound import ShippedLine
from ordercore.kernel.errors import ValidationError, WrongType

LINES = [
    ShippedLine(external_line_id="A", quantity=3),
    ShippedLine(external_line_id="B", quantity=2),
]


def shape(packages: list[tuple[ShippedLine, ...]]) -> list[list[tuple[str, int]]]:
    return [[(line.external_line_id, line.quantity) for line in package] for package in packages]


def test_known_contents_are_the_packages_in_the_channels_line_order() -> None:
    contents = [{"B": 1, "A": 1}, {"A": 2, "B": 1}]
    assert [[("A", 1), ("B", 1)], [("A", 2), ("B", 1)]] == shape(split_packages(LINES, 2, contents))


def test_no_contents_known_deals_evenly_as_before() -> None:
    assert shape(split_packages(LINES, 3)) == shape(split_packages(LINES, 3, [None, None, None]))


def test_the_unclaimed_units_go_to_the_parcels_without_contents() -> None:
    assert [[("A", 1), ("B", 1)], [("A", 2)], [("B", 1)]] == shape(
        split_packages(LINES, 3, [None, {"A": 2}, {"B": 1}])
    )


def test_a_parcel_claiming_more_than_shipped_is_refused_by_name() -> None:
    with pytest.raises(ValidationError) as refused:
        split_packages(LINES, 2, [{"A": 2}, {"A": 2, "B": 2}])
    assert "contents[1]['A']" in str(refused.value)


def test_a_parcel_claiming_a_line_that_did_not_ship_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        split_packages(LINES, 1, [{"A": 3, "B": 2, "C": 1}])
    assert "C" in str(refused.value)


def test_contents_that_leave_units_out_with_no_parcel_to_take_them_are_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        split_packages(LINES, 1, [{"A": 3}])
    assert "every unit shipped" in str(refused.value)


def test_contents_need_one_entry_per_package() -> None:
    with pytest.raises(ValidationError):
        split_packages(LINES, 2, [{"A": 3, "B": 2}])
    with pytest.raises(WrongType):
        split_packages(LINES, 1, "A")  # type: ignore[arg-type]


@given(
    st.lists(st.integers(1, 6), min_size=1, max_size=3),
    st.lists(st.booleans(), min_size=1, max_size=4),
    st.data(),
)
def test_every_unit_shipped_is_in_exactly_one_package(
    counts: list[int], known: list[bool], data: st.DataObject
) -> None:
    lines = [ShippedLine(external_line_id=f"L{n}", quantity=c) for n, c in enumerate(counts)]
    left = {line.external_line_id: line.quantity for line in lines}
    contents: list[dict[str, int] | None] = []
    for is_known in known:
        if not is_known:
            contents.append(None)
            continue
        box = {k: data.draw(st.integers(0, n)) for k, n in left.items()}
        left = {k: n - box[k] for k, n in left.items()}
        contents.append({k: n for k, n in box.items() if n})
    if all(known) and any(left.values()):
        last = contents[-1]
        assert last is not None
        for k, n in left.items():
            last[k] = last.get(k, 0) + n
    packages = split_packages(lines, len(known), contents)
    per_line: dict[str, int] = {}
    for package in packages:
        for line in package:
            per_line[line.external_line_id] = per_line.get(line.external_line_id, 0) + line.quantity
    total = sum(counts)
    expected_packages = len(known) if any(known) else min(len(known), total)
    assert ({line.external_line_id: line.quantity for line in lines}, expected_packages) == (
        per_line,
        len(packages),
    )
    for claimed, package in zip(contents, packages, strict=False):
        if claimed is not None:
            assert {k: n for k, n in claimed.items() if n} == {
                line.external_line_id: line.quantity for line in package
            }
