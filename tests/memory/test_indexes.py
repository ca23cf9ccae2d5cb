from hypothesis import given
from hypothesis import strategies as st

from ordercore.memory.indexes import AttributeIndex


def test_finds_the_keys_indexed_under_a_value() -> None:
    index = AttributeIndex("order_id")
    index.put("PAY-1", "ORDER-1")
    index.put("PAY-2", "ORDER-2")
    index.put("PAY-3", "ORDER-1")
    assert {"PAY-1", "PAY-3"} == index.matching("ORDER-1")


def test_moves_a_key_whose_value_changed() -> None:
    index = AttributeIndex("order_id")
    index.put("PAY-1", "ORDER-1")
    index.put("PAY-1", "ORDER-2")
    assert (set(), {"PAY-1"}) == (index.matching("ORDER-1"), index.matching("ORDER-2"))


def test_forgets_a_discarded_key() -> None:
    index = AttributeIndex("order_id")
    index.put("PAY-1", "ORDER-1")
    index.discard("PAY-1")
    index.discard("PAY-9")
    assert set() == index.matching("ORDER-1")


def test_compares_unhashable_values_one_by_one() -> None:
    index = AttributeIndex("tags")
    index.put("RETRO-CLOCK", ["red", "clock"])
    index.put("BLUE-VASE", ["blue"])
    index.put("LAVA-LAMP", ("lava", ["lamp"]))
    assert ({"RETRO-CLOCK"}, {"LAVA-LAMP"}, set()) == (
        index.matching(["red", "clock"]),
        index.matching(("lava", ["lamp"])),
        index.matching("blue"),
    )


def test_finds_the_keys_left_as_a_value_gains_and_loses_keys() -> None:
    index = AttributeIndex("order_id")
    for key in ("PAY-1", "PAY-2", "PAY-3"):
        index.put(key, "ORDER-1")
    index.discard("PAY-2")
    after_one = index.matching("ORDER-1")
    index.put("PAY-3", "ORDER-2")
    after_two = index.matching("ORDER-1")
    index.discard("PAY-1")
    index.put("PAY-1", "ORDER-1")
    assert ({"PAY-1", "PAY-3"}, {"PAY-1"}, {"PAY-1"}, {"PAY-3"}) == (
        after_one,
        after_two,
        index.matching("ORDER-1"),
        index.matching("ORDER-2"),
    )


def test_a_found_set_is_the_callers_to_change() -> None:
    index = AttributeIndex("order_id")
    index.put("PAY-1", "ORDER-1")
    index.put("PAY-2", "ORDER-2")
    index.put("PAY-3", "ORDER-2")
    index.matching("ORDER-1").add("PAY-9")
    index.matching("ORDER-2").clear()
    assert ({"PAY-1"}, {"PAY-2", "PAY-3"}) == (
        index.matching("ORDER-1"),
        index.matching("ORDER-2"),
    )


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["PAY-1", "PAY-2", "PAY-3"]),
            st.one_of(st.sampled_from(["ORDER-1", "ORDER-2", None]), st.just(["odd"])),
            st.booleans(),
        ),
        max_size=12,
    ),
    st.one_of(st.sampled_from(["ORDER-1", "ORDER-2", "ORDER-9", None]), st.just(["odd"])),
)
def test_the_sorted_keys_of_a_value_are_its_matching_keys_in_order(
    changes: list[tuple[str, object, bool]], value: object
) -> None:
    index = AttributeIndex("order_id")
    for key, indexed, kept in changes:
        if kept:
            index.put(key, indexed)
        else:
            index.discard(key)
    assert sorted(index.matching(value)) == index.sorted_matching(value)
