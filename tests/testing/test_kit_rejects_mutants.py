"""The kit is tested by adapters broken on purpose: each must fail the kit tests named for it.

The mutants are copies of the shipped SQLite adapter with one fault each (tests/testing/mutants);
the PostgreSQL ones, which need a server, are in tests/ordercore_postgres/test_mutants.py.
"""

from pathlib import Path

import pytest

from ordercore.testing.contract import AdapterContract, ReadCheckContract, RetentionContract
from ordercore_sqlite import SqliteUnitOfWork
from tests.testing.kit import failures
from tests.testing.mutants import sqlite_mutants as mutants


class Kit(AdapterContract, ReadCheckContract, RetentionContract):
    """Every kit test, read checks and retention included."""


MUTANTS: list[tuple[type[SqliteUnitOfWork], list[str]]] = [
    (
        mutants.NoTransactionUnitOfWork,
        [
            "test_a_commit_that_loses_its_middle_row_to_a_rival_writes_nothing",
            "test_a_commit_whose_new_row_a_rival_added_first_writes_nothing",
        ],
    ),
    (
        mutants.VersionBlindUnitOfWork,
        [
            "test_refuses_a_stale_save_naming_both_versions",
            "test_lets_only_the_first_of_two_writers_of_one_version_commit",
            "test_concurrent_threads_never_lose_an_update",
        ],
    ),
    (
        mutants.WritesWhenStagedUnitOfWork,
        [
            "test_leaving_without_commit_changes_nothing",
            "test_an_error_inside_the_block_rolls_everything_back",
        ],
    ),
    (mutants.SharedObjectsUnitOfWork, ["test_two_units_of_work_never_share_an_object"]),
    (
        mutants.OutboxOrderedAtSaveUnitOfWork,
        ["test_events_follow_commit_order_when_units_of_work_interleave"],
    ),
    (
        mutants.ForOrderIgnoresStagedUnitOfWork,
        [
            "test_for_order_sees_staged_aggregates_only_in_their_unit_of_work",
            "test_for_order_returns_the_staged_version_of_a_saved_aggregate",
        ],
    ),
    (
        mutants.ForOrderForgetsTheOrderUnitOfWork,
        ["test_for_order_finds_exactly_the_aggregates_of_one_order"],
    ),
    (
        mutants.DuplicateKeyOnRaceUnitOfWork,
        ["test_lets_only_one_of_two_racing_requests_store_a_key"],
    ),
    (
        mutants.UncheckedNumbersUnitOfWork,
        ["test_two_units_of_work_that_drew_one_number_cannot_both_commit"],
    ),
    (mutants.EagerNumbersUnitOfWork, ["test_a_number_is_taken_only_by_the_commit_that_uses_it"]),
    (
        mutants.NoReadCheckUnitOfWork,
        ["test_a_commit_fails_when_an_aggregate_it_read_changed_since"],
    ),
    (
        mutants.KeysWithoutInstantUnitOfWork,
        ["test_expiry_drops_only_the_keys_recorded_before_the_instant"],
    ),
]

STORE_MUTANTS: list[tuple[type[mutants.MutantStore], list[str]]] = [
    (
        mutants.PrunesUndeliveredStore,
        [
            "test_pruning_keeps_every_undelivered_message_with_its_sequence",
            "test_pruning_up_to_a_sequence_leaves_the_delivered_messages_above_it",
            "test_an_id_marked_delivered_after_its_message_was_pruned_is_ignored",
        ],
    ),
    (
        mutants.ExpiresEveryKeyStore,
        ["test_expiry_drops_only_the_keys_recorded_before_the_instant"],
    ),
]


@pytest.mark.parametrize(
    ("mutant", "names"), MUTANTS, ids=[mutant.__name__ for mutant, _ in MUTANTS]
)
def test_the_kit_rejects_each_broken_copy_of_the_adapter(
    mutant: type[SqliteUnitOfWork], names: list[str], tmp_path: Path
) -> None:
    made = iter(range(1000))

    def make() -> mutants.MutantStore:
        store = mutants.MutantStore(str(tmp_path / f"mutant-{next(made)}.db"), mutant)
        store.migrate()
        return store

    assert names == failures(Kit(), make, names)


def test_the_repeating_mutant_meets_as_many_racers_as_the_kit_races() -> None:
    assert Kit().threads() == mutants.RepeatingNumbersStore.racers


def test_the_kit_rejects_numbers_that_racing_threads_can_repeat(tmp_path: Path) -> None:
    made = iter(range(1000))

    def make() -> mutants.MutantStore:
        store = mutants.RepeatingNumbersStore(str(tmp_path / f"mutant-{next(made)}.db"))
        store.migrate()
        return store

    name = "test_racing_threads_never_get_the_same_number"
    assert [name] == failures(Kit(), make, [name])


@pytest.mark.parametrize(
    ("mutant", "names"), STORE_MUTANTS, ids=[mutant.__name__ for mutant, _ in STORE_MUTANTS]
)
def test_the_kit_rejects_each_store_that_lets_go_of_the_wrong_things(
    mutant: type[mutants.MutantStore], names: list[str], tmp_path: Path
) -> None:
    made = iter(range(1000))

    def make() -> mutants.MutantStore:
        store = mutant(str(tmp_path / f"mutant-{next(made)}.db"))
        store.migrate()
        return store

    assert names == failures(Kit(), make, names)


def test_the_unbroken_adapter_passes_every_test_the_mutants_fail(tmp_path: Path) -> None:
    made = iter(range(1000))

    def make() -> mutants.MutantStore:
        store = mutants.MutantStore(str(tmp_path / f"sound-{next(made)}.db"))
        store.migrate()
        return store

    names = sorted({name for _, found in MUTANTS + STORE_MUTANTS for name in found})
    assert [] == failures(Kit(), make, names)
