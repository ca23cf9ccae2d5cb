"""Contract tests for the ``timers`` collection: the store keeps the tick watermark.

The collection holds one record under one key (``"tick"``), so it has no specimen (the kit makes
several distinct ones of each); these tests round-trip that record instead. Subclass
:class:`TimerContract` with a ``make_store`` whose store keeps ``timers``
(``ORDERCORE_COLLECTIONS``).
"""

from __future__ import annotations

import pytest

from ordercore.domain.watermark import TICK, TickWatermark
from ordercore.kernel.errors import ConcurrencyConflict
from ordercore.ports.errors import DuplicateEntity
from ordercore.ports.unit_of_work import Store, Transaction
from ordercore.testing.contract_base import ContractBase, expect, save_and_commit
from ordercore.testing.contract_specimens import KIT_NOW

__all__ = ["TimerContract"]

TIMERS = "timers"


def _add_and_commit(uow: Transaction, mark: TickWatermark) -> None:
    """Add ``mark`` and commit; an adapter may refuse a taken key at either step."""
    uow.repository(TIMERS).add(mark)
    uow.commit()


def _first_tick(store: Store) -> TickWatermark:
    with store.unit_of_work() as uow:
        uow.repository(TIMERS).add(TickWatermark.start(KIT_NOW))
        uow.commit()
    with store.unit_of_work() as uow:
        found: TickWatermark = uow.repository(TIMERS).get(TICK)
    return found


class TimerContract(ContractBase):
    """What a store keeping ``timers`` does with the tick watermark."""

    def test_returns_the_tick_watermark_it_was_given(self, store: Store) -> None:
        """The watermark comes back with its instant, key and version 1."""
        expect(TickWatermark.start(KIT_NOW), _first_tick(store), "the stored watermark")

    def test_returns_an_advanced_watermark_with_its_next_version(self, store: Store) -> None:
        """An advance saved is what the next unit of work reads."""
        _first_tick(store)
        later = KIT_NOW.add(minutes=5)
        with store.unit_of_work() as uow:
            mark: TickWatermark = uow.repository(TIMERS).get(TICK)
            mark.advance(later)
            uow.repository(TIMERS).save(mark, 1)
            uow.commit()
        with store.unit_of_work() as uow:
            actual: TickWatermark = uow.repository(TIMERS).get(TICK)
        expect((later, 2), (actual.at, actual.version), "the watermark after one advance")

    def test_refuses_a_second_first_tick(self, store: Store) -> None:
        """Two first ticks: the key is taken, so the second ``add`` is refused."""
        _first_tick(store)
        with store.unit_of_work() as uow, pytest.raises(DuplicateEntity):
            _add_and_commit(uow, TickWatermark.start(KIT_NOW.add(minutes=1)))

    def test_refuses_a_stale_advance(self, store: Store) -> None:
        """Two ticks read version 1: the second to save is a ConcurrencyConflict."""
        _first_tick(store)
        first, second = store.unit_of_work(), store.unit_of_work()
        with first, second:
            mine: TickWatermark = first.repository(TIMERS).get(TICK)
            theirs: TickWatermark = second.repository(TIMERS).get(TICK)
            mine.advance(KIT_NOW.add(minutes=1))
            theirs.advance(KIT_NOW.add(minutes=2))
            first.repository(TIMERS).save(mine, 1)
            first.commit()
            with pytest.raises(ConcurrencyConflict):
                save_and_commit(second, TIMERS, theirs, 1)
        with store.unit_of_work() as uow:
            stored: TickWatermark = uow.repository(TIMERS).get(TICK)
        expect(KIT_NOW.add(minutes=1), stored.at, "the first advance")
