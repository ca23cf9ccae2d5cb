import pytest

from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import SeededIds, SequentialIds, require_id


def test_sequential_ids_count_per_kind() -> None:
    ids = SequentialIds()
    assert ["order-1", "order-2", "invoice-1"] == [
        ids.new_id("order"),
        ids.new_id("order"),
        ids.new_id("invoice"),
    ]


def test_seeded_ids_repeat_for_the_same_seed_and_differ_for_another() -> None:
    first = [SeededIds(7).new_id("order") for _ in range(2)]
    assert first[0] == first[1]
    assert SeededIds(7).new_id("order") != SeededIds(8).new_id("order")


def test_seeded_ids_do_not_repeat_within_one_factory() -> None:
    ids = SeededIds(1)
    issued = {ids.new_id("order") for _ in range(1000)}
    assert 1000 == len(issued)


@pytest.mark.parametrize("bad", ["", " order-1", 17, None])
def test_refuses_an_empty_or_padded_or_non_string_id(bad: object) -> None:
    with pytest.raises(ValidationError):
        require_id("order_id", bad)
