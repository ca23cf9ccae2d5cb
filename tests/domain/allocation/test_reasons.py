from ordercore.domain.allocation import DemandLine, Policy, Shortfall, Supply
from ordercore.domain.allocation.plan import Pick
from ordercore.domain.allocation.reasons import WHERE, line_reason, pick_phrasing
from ordercore.testing.strategies_allocation import ANCHOR

TODAY = ANCHOR.date()
LINE = DemandLine("O-1", "1", "RETRO-CLOCK", 5)
EAST = Supply("RETRO-CLOCK", "WH-EAST", 3, priority=1)
WEST = Supply("RETRO-CLOCK", "WH-WEST", 9, eta=TODAY.add(days=2), supply_id="PO-1", priority=2)


def pick(row: Supply, quantity: int) -> Pick:
    return Pick(row, quantity, row.available, pick_phrasing(row, Policy(), None))


def test_a_pick_reason_names_where_how_much_was_free_and_why() -> None:
    expected = "WH-WEST: incoming, ETA 2026-11-28, priority 2, 9 available"
    assert expected == pick(WEST, 2).reason


def test_a_line_served_from_two_locations_names_both() -> None:
    assert (0, 0, "allocated in full from WH-EAST and WH-WEST") == line_reason(
        LINE, [pick(EAST, 3), pick(WEST, 2)], Policy()
    )


def test_a_short_line_says_what_is_backordered_and_why() -> None:
    expected = (
        2,
        0,
        (
            "3 of 5 allocated from WH-EAST; 2 backordered: "
            "no more RETRO-CLOCK that the policy 'default' may use"
        ),
    )
    assert expected == line_reason(LINE, [pick(EAST, 3)], Policy())


def test_a_partial_policy_leaves_the_rest_unfilled() -> None:
    policy = Policy().with_shortfall(Shortfall.PARTIAL)
    assert (0, 2) == line_reason(LINE, [pick(EAST, 3)], policy)[:2]


def test_the_same_locations_share_one_reason_string() -> None:
    assert WHERE[("WH-EAST", "WH-WEST", "WH-EAST")] is WHERE[("WH-EAST", "WH-WEST", "WH-EAST")]
    assert "WH-EAST and WH-WEST" == WHERE[("WH-EAST", "WH-WEST", "WH-EAST")]
