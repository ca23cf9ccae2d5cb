import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.orders import BUCKET_MOVES, Bucket, BucketMove, QuantityLedger, bucket_move
from ordercore.domain.orders import ledger as ledger_module
from ordercore.domain.orders.ledger import (
    _FIELDS,
    CANCELLABLE_BUCKETS,
    EDITABLE_BUCKETS,
    OUT_BUCKETS,
)
from ordercore.kernel.errors import ValidationError, WrongType


def test_starts_with_every_unit_unallocated() -> None:
    ledger = QuantityLedger.new(4)
    assert (4, 4, 4) == (ledger.ordered, ledger.unallocated, ledger.active)


def test_refuses_an_empty_line() -> None:
    with pytest.raises(ValidationError):
        QuantityLedger.new(0)


def test_refuses_a_negative_bucket() -> None:
    with pytest.raises(ValidationError) as caught:
        QuantityLedger(picked=-1)
    assert "picked" == caught.value.field


def test_declares_each_move_once_with_distinct_buckets() -> None:
    names = [move.name for move in BUCKET_MOVES]
    assert len(set(names)) == len(names)
    assert [] == [move.name for move in BUCKET_MOVES if move.source is move.target]


def test_names_the_known_moves_when_a_move_is_unknown() -> None:
    with pytest.raises(ValidationError) as caught:
        bucket_move("teleport")
    assert "allocate" in str(caught.value)


def test_looks_up_a_move_by_name() -> None:
    assert (Bucket.PACKED, Bucket.SHIPPED) == (
        bucket_move("ship").source,
        bucket_move("ship").target,
    )


def test_takes_units_in_the_given_bucket_order() -> None:
    ledger = QuantityLedger(unallocated=1, backordered=2, allocated=3)
    after, taken = ledger.taken(4, EDITABLE_BUCKETS)
    assert {Bucket.UNALLOCATED: 1, Bucket.BACKORDERED: 2, Bucket.ALLOCATED: 1} == taken
    assert QuantityLedger(allocated=2) == after


@given(st.integers(1, 20), st.lists(st.tuples(st.sampled_from(BUCKET_MOVES), st.integers(1, 5))))
def test_moves_conserve_the_ordered_quantity(
    quantity: int, steps: list[tuple[BucketMove, int]]
) -> None:
    ledger = QuantityLedger.new(quantity)
    for move, units in steps:
        if units <= ledger[move.source]:
            ledger = ledger.moved(move.source, move.target, units)
    assert quantity == ledger.ordered
    assert all(count >= 0 for count in ledger.buckets().values())


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=10, max_size=10))
def test_the_ordered_quantity_counts_every_bucket_there_is(counts: list[int]) -> None:
    ledger = QuantityLedger(**{bucket.value: n for bucket, n in zip(Bucket, counts, strict=True)})
    assert sum(ledger[bucket] for bucket in Bucket) == ledger.ordered
    assert sum(ledger[bucket] for bucket in EDITABLE_BUCKETS) == ledger.editable


@pytest.mark.parametrize("value", [True, 1.0, "2"])
def test_refuses_a_count_that_is_not_a_whole_int_by_name(value: object) -> None:
    with pytest.raises(WrongType) as caught:
        QuantityLedger(invoiced=value)  # type: ignore[arg-type]
    assert ("invoiced", value) == (caught.value.field, caught.value.value)


def test_refuses_a_move_that_would_take_more_than_the_source_holds() -> None:
    ledger = QuantityLedger(allocated=2)
    with pytest.raises(ValidationError) as caught:
        ledger.moved(Bucket.ALLOCATED, Bucket.PICKED, 3)
    assert ("allocated", -1) == (caught.value.field, caught.value.value)


def test_a_move_changes_only_its_two_buckets() -> None:
    ledger = QuantityLedger(unallocated=1, allocated=3, invoiced=2, credited=1)
    expected = QuantityLedger(unallocated=1, allocated=1, picked=2, invoiced=2, credited=1)
    assert expected == ledger.moved(Bucket.ALLOCATED, Bucket.PICKED, 2)


@given(st.lists(st.integers(min_value=0, max_value=50), min_size=10, max_size=10))
def test_out_and_cancellable_count_their_declared_buckets(counts: list[int]) -> None:
    ledger = QuantityLedger(**{bucket.value: n for bucket, n in zip(Bucket, counts, strict=True)})
    assert sum(ledger[bucket] for bucket in OUT_BUCKETS) == ledger.out
    assert sum(ledger[bucket] for bucket in CANCELLABLE_BUCKETS) == ledger.cancellable


def test_a_ledger_spells_out_its_twelve_counts_in_the_order_of_its_fields() -> None:
    ledger = QuantityLedger(**{name: n for n, name in enumerate(_FIELDS)})
    assert list(range(12)) == ledger._values()
    assert [field.name for field in attrs.fields(QuantityLedger)] == list(_FIELDS)


@pytest.mark.parametrize("units", [1.0, 1.5])
def test_a_move_by_units_that_are_not_a_whole_int_is_refused_by_name(units: object) -> None:
    ledger = QuantityLedger(allocated=2)
    with pytest.raises(WrongType) as caught:
        ledger.moved(Bucket.ALLOCATED, Bucket.PICKED, units)  # type: ignore[arg-type]
    assert "allocated" == caught.value.field


def test_a_count_that_would_go_below_zero_is_refused_by_name() -> None:
    ledger = QuantityLedger(allocated=2, invoiced=1, credited=1)
    with pytest.raises(ValidationError) as caught:
        ledger.counted(credited=-2)
    assert ("credited", -1) == (caught.value.field, caught.value.value)


@given(st.lists(st.integers(min_value=0, max_value=9), min_size=12, max_size=12))
def test_a_moved_or_counted_ledger_equals_the_one_its_constructor_builds(counts: list[int]) -> None:
    ledger = QuantityLedger(**dict(zip(_FIELDS, counts, strict=True)))
    moved = ledger.moved(Bucket.UNALLOCATED, Bucket.ALLOCATED, counts[0])
    expected = dict(zip(_FIELDS, counts, strict=True))
    expected["unallocated"], expected["allocated"] = 0, counts[2] + counts[0]
    assert QuantityLedger(**expected) == moved
    assert QuantityLedger(**{**expected, "invoiced": counts[10] + 1}) == moved.counted(invoiced=1)


def test_a_new_ledger_equals_the_one_its_constructor_builds() -> None:
    assert QuantityLedger(unallocated=3) == QuantityLedger.new(3)


def test_two_ledgers_of_the_same_counts_built_by_moves_are_one_shared_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ledger_module, "_KNOWN", {})  # none known yet, whatever ran before
    by_pick = QuantityLedger.new(2).moved(Bucket.UNALLOCATED, Bucket.ALLOCATED, 2)
    by_pick = by_pick.moved(Bucket.ALLOCATED, Bucket.PICKED, 2)
    straight = QuantityLedger.new(2).moved(Bucket.UNALLOCATED, Bucket.PICKED, 2)
    built = QuantityLedger(picked=2)
    assert (built, hash(built), repr(built)) == (by_pick, hash(by_pick), repr(by_pick))
    assert by_pick is straight


def test_keeps_at_most_its_bound_of_shared_ledgers_and_builds_the_rest_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ledger_module, "_KNOWN", {})
    for units in range(1, ledger_module._KNOWN_MAX + 50):
        QuantityLedger.new(units).moved(Bucket.UNALLOCATED, Bucket.DELIVERED, units)
    beyond = ledger_module._KNOWN_MAX + 60
    moved = QuantityLedger.new(beyond).moved(Bucket.UNALLOCATED, Bucket.DELIVERED, beyond)
    assert ledger_module._KNOWN_MAX == len(ledger_module._KNOWN)
    assert QuantityLedger(delivered=beyond) == moved
