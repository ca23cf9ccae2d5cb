"""Contract tests for the ledger stream: append-only, in order, committed with the aggregates.

Every adapter keeps, per SKU, the movements units of work append through ``uow.ledger``
(:mod:`ordercore.ports.ledger`): rows are numbered ``seq`` 1, 2, 3, ... without a gap, read back
in that order, written by the same commit as the aggregates beside them, and forgotten with a
rollback or a failed commit.
"""

from __future__ import annotations

import pytest

from ordercore.domain.inventory.ledger import Movement, MovementKind
from ordercore.kernel.errors import ConcurrencyConflict, OrdercoreError
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract_base import ContractBase, add_committed, expect
from ordercore.testing.contract_specimens import KIT_NOW

__all__ = ["LedgerContract", "kit_movement"]


def kit_movement(seq: int, on_hand: int = 1, reason: str = "") -> Movement:
    """The kit's ledger row number ``seq``: ``on_hand`` units received at ``"MAIN"``."""
    return Movement(
        seq, MovementKind.RECEIPT, "MAIN", None, on_hand, 0, 0, KIT_NOW, reason, None, None
    )


def rows_of(store: Store, sku: str, after: int = 0) -> list[Movement]:
    """The ledger rows of ``sku`` with ``seq > after``, read in a unit of work of their own."""
    with store.unit_of_work() as uow:
        return uow.ledger.rows(sku, after)


def append_committed(store: Store, sku: str, movements: list[Movement]) -> None:
    """Append ``movements`` of ``sku`` in a unit of work of their own, and commit."""
    with store.unit_of_work() as uow:
        uow.ledger.append(sku, movements)
        uow.commit()


class LedgerContract(ContractBase):
    """What every ledger stream does (see :mod:`ordercore.ports.ledger`)."""

    def test_ledger_reads_back_committed_rows_in_seq_order(self, store: Store) -> None:
        """Rows come back in ``seq`` order; ``after`` skips the rows already read."""
        append_committed(store, "RETRO-CLOCK", [kit_movement(1, 5), kit_movement(2, 3)])
        append_committed(store, "RETRO-CLOCK", [kit_movement(3, 2)])
        expect([1, 2, 3], [row.seq for row in rows_of(store, "RETRO-CLOCK")], "every row")
        expect([kit_movement(3, 2)], rows_of(store, "RETRO-CLOCK", after=2), "rows after 2")
        expect([], rows_of(store, "RETRO-CLOCK", after=3), "rows after the last")
        expect([], rows_of(store, "LAVA-LAMP"), "the rows of a SKU that has none")

    def test_ledger_keeps_the_movements_of_held_stock(self, store: Store) -> None:
        """Held stock's kinds read back whole (hold, release_hold, scrap_held, move_hold...).

        Their ``reason`` names the hold (``quarantine``, ``repair``, ``vendor``); a
        ``release_hold`` row without one is the sellable half of a release.
        """
        held = [
            Movement(1, MovementKind.HOLD, "QC-BAY", "LOT-7", 3, 0, 0, KIT_NOW, "quarantine",
                     "RMA-000001", None),
            Movement(2, MovementKind.RELEASE_HOLD, "QC-BAY", "LOT-7", -1, 0, 0, KIT_NOW,
                     "quarantine", None, None),
            Movement(3, MovementKind.RELEASE_HOLD, "QC-BAY", "LOT-7", 1, 0, 0, KIT_NOW, "", None,
                     None),
            Movement(4, MovementKind.SCRAP_HELD, "QC-BAY", "LOT-7", -1, 0, 0, KIT_NOW,
                     "quarantine", None, None),
            Movement(5, MovementKind.HOLD, "MAIN", None, 2, 0, 0, KIT_NOW, "vendor", None, None),
            Movement(6, MovementKind.RETURN_TO_VENDOR, "MAIN", None, -2, 0, 0, KIT_NOW, "vendor",
                     "RTV-1", None),
            Movement(7, MovementKind.MOVE_HOLD, "QC-BAY", "LOT-7", -1, 0, 0, KIT_NOW,
                     "quarantine", "QC-1", None),
            Movement(8, MovementKind.MOVE_HOLD, "QC-BAY", "LOT-7", 1, 0, 0, KIT_NOW, "repair",
                     "QC-1", None),
        ]  # fmt: skip
        append_committed(store, "RETRO-CLOCK", held)
        found = rows_of(store, "RETRO-CLOCK")
        expect(held, found, "the held stock movements as they were appended")
        expect(
            [
                *("quarantine", "quarantine", None, "quarantine", "vendor", "vendor"),
                *("quarantine", "repair"),
            ],
            [None if row.hold is None else row.hold.value for row in found],
            "the hold each row names",
        )

    def test_ledger_numbers_each_sku_on_its_own(self, store: Store) -> None:
        """Every SKU's stream starts at ``seq`` 1, whatever other SKUs hold."""
        append_committed(store, "RETRO-CLOCK", [kit_movement(1), kit_movement(2)])
        append_committed(store, "LAVA-LAMP", [kit_movement(1, 7)])
        expect([kit_movement(1, 7)], rows_of(store, "LAVA-LAMP"), "the second SKU's rows")

    def test_ledger_shows_staged_rows_only_to_their_own_unit_of_work(self, store: Store) -> None:
        """Before commit the appending unit of work reads its rows after the committed ones."""
        append_committed(store, "RETRO-CLOCK", [kit_movement(1)])
        with store.unit_of_work() as uow:
            uow.ledger.append("RETRO-CLOCK", [kit_movement(2)])
            mine = [row.seq for row in uow.ledger.rows("RETRO-CLOCK")]
            others = [row.seq for row in rows_of(store, "RETRO-CLOCK")]
            uow.commit()
        expect([1, 2], mine, "the appending unit of work's view")
        expect([1], others, "another unit of work's view before the commit")
        expect([1, 2], [row.seq for row in rows_of(store, "RETRO-CLOCK")], "after the commit")

    def test_ledger_commits_its_rows_with_the_aggregates(self, store: Store) -> None:
        """An aggregate and the rows appended beside it become visible in one commit."""
        for n, specimen in enumerate(self.specimens()):
            sku = f"RETRO-CLOCK-{n}"
            with store.unit_of_work() as uow:
                uow.repository(specimen.collection).add(specimen.new(41))
                uow.ledger.append(sku, [kit_movement(1, 4)])
                uow.commit()
            with store.unit_of_work() as uow:
                found = uow.repository(specimen.collection).find(specimen.key(specimen.new(41)))
            expect(specimen.key(specimen.new(41)), found and specimen.key(found), "the aggregate")
            expect([kit_movement(1, 4)], rows_of(store, sku), "the rows committed with it")

    def test_ledger_keeps_nothing_of_a_rolled_back_unit_of_work(self, store: Store) -> None:
        """Rows appended in a unit of work that ends without commit are gone."""
        append_committed(store, "RETRO-CLOCK", [kit_movement(1)])
        with store.unit_of_work() as uow:
            uow.ledger.append("RETRO-CLOCK", [kit_movement(2), kit_movement(3)])
        expect([kit_movement(1)], rows_of(store, "RETRO-CLOCK"), "rows after a rollback")
        append_committed(store, "RETRO-CLOCK", [kit_movement(2, 9)])
        expect([1, 2], [row.seq for row in rows_of(store, "RETRO-CLOCK")], "the next commit")

    def test_ledger_keeps_nothing_of_a_failed_commit(self, store: Store) -> None:
        """A stale aggregate fails the commit, and the rows appended beside it are not written."""
        for n, specimen in enumerate(self.specimens()):
            sku = f"LAVA-LAMP-{n}"
            stale = add_committed(store, specimen, 42)
            with store.unit_of_work() as rival:
                theirs = rival.repository(specimen.collection).get(specimen.key(stale))
                specimen.change(theirs)
                rival.repository(specimen.collection).save(theirs, stale.version)
                rival.commit()
            with pytest.raises(ConcurrencyConflict), store.unit_of_work() as uow:  # noqa: PT012
                uow.ledger.append(sku, [kit_movement(1)])
                read_at = stale.version
                specimen.change(stale)
                uow.repository(specimen.collection).save(stale, read_at)
                uow.commit()
            expect([], rows_of(store, sku), "rows of a failed commit")

    def test_ledger_refuses_a_row_that_does_not_follow_the_last(self, store: Store) -> None:
        """A gap or a repeat in ``seq`` is refused (when appended or at commit); nothing lands."""
        append_committed(store, "RETRO-CLOCK", [kit_movement(1), kit_movement(2)])
        for wrong in ([kit_movement(4)], [kit_movement(2)], [kit_movement(3), kit_movement(5)]):
            with pytest.raises(OrdercoreError), store.unit_of_work() as uow:  # noqa: PT012
                uow.ledger.append("RETRO-CLOCK", wrong)
                uow.commit()
            expect([1, 2], [row.seq for row in rows_of(store, "RETRO-CLOCK")], f"after {wrong}")

    def test_ledger_lets_only_the_first_of_two_appenders_of_one_seq_commit(
        self, store: Store
    ) -> None:
        """Two units of work append the same next ``seq``: the later commit conflicts."""
        append_committed(store, "RETRO-CLOCK", [kit_movement(1)])
        first, second = store.unit_of_work(), store.unit_of_work()
        with first, second:
            first.ledger.append("RETRO-CLOCK", [kit_movement(2, 5, "first")])
            second.ledger.append("RETRO-CLOCK", [kit_movement(2, 6, "second")])
            first.commit()
            with pytest.raises(ConcurrencyConflict):
                second.commit()
        expect(
            [kit_movement(1), kit_movement(2, 5, "first")], rows_of(store, "RETRO-CLOCK"), "rows"
        )
