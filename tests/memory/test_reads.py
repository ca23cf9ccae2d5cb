"""The read set: every aggregate a unit of work handed out is checked when it commits."""

import attrs
import pytest

from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.memory import MemoryStore
from ordercore.ports.repositories import Collection
from ordercore.testing.contract import TALLIES, Tally

PAYMENTS = Collection("payments", "payment")


@attrs.define
class Hold:
    """A fake payment of an order: confirm_order decides on it without saving it."""

    id: str
    order_id: str
    version: int = 1
    expired: bool = False

    def pull_events(self) -> list[object]:
        return []


def a_store() -> MemoryStore:
    store = MemoryStore((TALLIES, PAYMENTS))
    with store.unit_of_work() as uow:
        uow.repository("payments").add(Hold("PAY-1", "ORDER-1"))
        uow.repository("tallies").add(Tally.start("ORDER-1"))
        uow.commit()
    return store


def expire(store: MemoryStore, payment_id: str) -> None:
    with store.unit_of_work() as tick:
        hold = tick.repository("payments").get(payment_id)
        hold.expired, hold.version = True, 2
        tick.repository("payments").save(hold, 1)
        tick.commit()


def test_refuses_to_confirm_on_a_payment_found_by_order_that_expired_meanwhile() -> None:
    store = a_store()
    with pytest.raises(ConcurrencyConflict, match="payment 'PAY-1'"), store.unit_of_work() as uow:  # noqa: PT012
        holds = uow.repository("payments").where("order_id", "ORDER-1")
        assert [False] == [hold.expired for hold in holds]
        expire(store, "PAY-1")
        order = uow.repository("tallies").get("ORDER-1")
        order.bump()
        uow.repository("tallies").save(order, 1)
        uow.commit()
    assert 1 == store.version_of("tallies", "ORDER-1")


def test_a_read_only_unit_of_work_whose_reads_changed_cannot_commit_either() -> None:
    store = a_store()
    with pytest.raises(ConcurrencyConflict), store.unit_of_work() as uow:  # noqa: PT012
        uow.repository("payments").get("PAY-1")
        expire(store, "PAY-1")
        uow.commit()


def test_checks_the_version_first_read_even_if_a_second_read_saw_the_new_one() -> None:
    store = a_store()
    with pytest.raises(ConcurrencyConflict), store.unit_of_work() as uow:  # noqa: PT012
        uow.repository("payments").get("PAY-1")
        expire(store, "PAY-1")
        assert uow.repository("payments").get("PAY-1").expired
        uow.commit()


@pytest.mark.parametrize("hand_over", [False, True], ids=["at once", "at commit"])
def test_a_save_of_what_was_read_before_a_rival_committed_fails_naming_both(
    hand_over: bool,
) -> None:
    store = a_store()
    with pytest.raises(ConcurrencyConflict) as refused, store.unit_of_work() as uow:  # noqa: PT012
        mine = uow.repository("payments").get("PAY-1")
        expire(store, "PAY-1")
        mine.version = 2
        if hand_over:  # then a save of what was read at 1 is not looked up again
            uow.hand_over()
        uow.repository("payments").save(mine, 1)
        assert hand_over, "a save without hand_over looks the stored version up at once"
        uow.commit()
    assert (1, 2) == (refused.value.expected_version, refused.value.actual_version)
    with store.unit_of_work() as after:
        stored: Hold = after.repository("payments").get("PAY-1")
    assert (2, True) == (stored.version, stored.expired)
