from ordercore.domain.inventory import PositionKey
from ordercore.domain.inventory.positions import Positions


def test_a_counter_that_reaches_zero_leaves_the_table() -> None:
    positions = Positions()
    positions.add("WH-EAST", None, 5, 2, 1)
    positions.add("WH-EAST", None, -5, -2, -1)
    assert ({}, {}, {}) == (positions.on_hand, positions.reserved, positions.picked)


def test_new_counters_are_keyed_by_position_keys() -> None:
    positions = Positions()
    positions.add("WH-EAST", "LOT-A", 3, 0, 0)
    positions.add_reserved("WH-EAST", "LOT-A", 2)
    assert ([PositionKey], [PositionKey], 1) == (
        [type(key) for key in positions.on_hand],
        [type(key) for key in positions.reserved],
        positions.free(PositionKey("WH-EAST", "LOT-A")),
    )


def test_a_location_is_free_over_all_its_lots() -> None:
    positions = Positions()
    positions.add("WH-EAST", None, 3, 1, 0)
    positions.add("WH-EAST", "LOT-A", 4, 0, 0)
    positions.add("WH-WEST", None, 9, 0, 0)
    assert (6, True, False) == (
        positions.location_free("WH-EAST"),
        positions.holds_lot("LOT-A"),
        positions.holds_lot("LOT-B"),
    )
