import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.warehouse.bins import Bin
from ordercore.domain.warehouse.errors import UnknownBin
from ordercore.domain.warehouse.walk import SERPENTINE, HostSequence, walk
from ordercore.kernel.errors import ValidationError, WrongType

bins = st.builds(
    Bin,
    location=st.just("WH-EAST"),
    zone=st.sampled_from(["A", "B"]),
    aisle=st.integers(1, 6),
    bay=st.integers(1, 12),
    level=st.integers(1, 3),
)


def test_a_bin_has_a_readable_code() -> None:
    assert "WH-EAST/A-03-12-2" == Bin("WH-EAST", "A", 3, 12, 2).code


def test_a_bin_refuses_aisle_zero_and_a_blank_zone() -> None:
    with pytest.raises(ValidationError):
        Bin("WH-EAST", "A", 0, 1)
    with pytest.raises(ValidationError):
        Bin("WH-EAST", " ", 1, 1)
    with pytest.raises(WrongType):
        Bin("WH-EAST", "A", 1.0, 1)  # type: ignore[arg-type]


def test_the_serpentine_goes_up_odd_aisles_and_down_even_ones() -> None:
    places = [Bin("WH", "A", a, b) for a in (1, 2, 3) for b in (1, 2)]
    expected = [(1, 1), (1, 2), (2, 2), (2, 1), (3, 1), (3, 2)]
    assert expected == [(b.aisle, b.bay) for b in walk(reversed(places))]


def test_a_host_sequence_is_walked_as_given() -> None:
    first, second = Bin("WH", "A", 5, 5), Bin("WH", "A", 1, 1)
    assert (first, second) == walk([second, first], HostSequence([first, second]))


def test_a_host_sequence_refuses_a_bin_it_does_not_list() -> None:
    with pytest.raises(UnknownBin) as refused:
        walk([Bin("WH", "A", 1, 1)], HostSequence([Bin("WH", "A", 2, 2)]))
    assert "WH/A-01-01-1" == refused.value.bin


@given(st.lists(bins))
def test_a_walk_visits_every_bin_once(places: list[Bin]) -> None:
    walked = walk(places)
    assert sorted(set(places), key=SERPENTINE.key) == list(walked)
    assert len(set(walked)) == len(walked) == len(set(places))


@given(st.lists(bins, min_size=2))
def test_a_serpentine_walk_never_goes_back(places: list[Bin]) -> None:
    walked = walk(places)
    for here, there in itertools.pairwise(walked):
        if here.zone != there.zone:
            assert here.zone < there.zone
        elif here.aisle != there.aisle:
            assert here.aisle < there.aisle
        elif here.aisle % 2:
            assert here.bay <= there.bay
        else:
            assert here.bay >= there.bay
