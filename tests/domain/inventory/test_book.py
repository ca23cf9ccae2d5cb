from ordercore.domain.inventory import Allocation, PositionKey, StockItem
from tests.domain.inventory.helpers import T, hard, later, soft, stock


def test_a_closed_reservation_waits_only_until_its_events_are_pulled() -> None:
    item = stock(WH_EAST=5)
    hard(item, "R-1", Allocation("WH-EAST", 2))
    item.release_all("R-1", T)
    waiting = dict(item.book.closing)
    item.pull_events()
    assert (["R-1"], {}, False) == (list(waiting), item.book.closing, item.book.knows("R-1"))


def test_the_expiry_index_stays_bounded_by_the_open_holds() -> None:
    item = stock(WH_EAST=5)
    soft(item, "R-1", Allocation("WH-EAST", 1))
    for minutes in range(1, 60):
        item.extend("R-1", later(15 + minutes), T)
    assert len(item.book.expiries) <= 2 * len(item.book.open) + 9


def test_the_lowest_priority_latest_placed_lose_first() -> None:
    item = StockItem("WOOL-RUG")
    item.receive("WH-EAST", 6, T)
    hard(item, "VIP", Allocation("WH-EAST", 2), priority=1)
    hard(item, "EARLY", Allocation("WH-EAST", 2), placed_minutes=0)
    hard(item, "LATE", Allocation("WH-EAST", 2), placed_minutes=5)
    plan = item.book.plan_shrink(PositionKey("WH-EAST"), 3, None)
    assert [("LATE", 2), ("EARLY", 1)] == [(r.id, take) for r, _, take in plan]
