import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.kernel.errors import ConcurrencyConflict, NotFound, ValidationError
from ordercore.memory import MemoryStore
from ordercore.memory.store import Row
from ordercore.ports.errors import DuplicateEntity, UnitOfWorkClosed
from ordercore.ports.repositories import Collection
from ordercore.testing.contract import TALLIES, Tally
from ordercore.testing.contract_strategies import tallies


def a_store() -> MemoryStore:
    return MemoryStore((TALLIES,))


def stored(store: MemoryStore, tally: Tally) -> None:
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(tally)
        uow.commit()


def test_hands_out_invoice_numbers_in_order() -> None:
    store = a_store()
    assert ["INV-000001", "INV-000002", "RMA-000001"] == [
        store.next("INV"),
        store.next("INV"),
        store.next("RMA"),
    ]


def test_never_hands_out_a_number_twice_to_racing_threads() -> None:
    store = a_store()
    numbers: list[str] = []

    def take() -> None:
        numbers.extend(store.next("SO") for _ in range(200))

    workers = [threading.Thread(target=take) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert 800 == len(set(numbers))


def test_refuses_two_collections_of_one_name() -> None:
    with pytest.raises(ValidationError):
        MemoryStore((TALLIES, Collection("tallies", "tally")))


def test_refuses_an_unknown_collection_naming_the_known_ones() -> None:
    with a_store().unit_of_work() as uow, pytest.raises(ValidationError, match="tallies"):
        uow.repository("RETRO-CLOCKS")


def test_refuses_a_pending_limit_below_one() -> None:
    with pytest.raises(ValidationError):
        a_store().pending(0)


def test_refuses_work_outside_the_with_block() -> None:
    uow = a_store().unit_of_work()
    with pytest.raises(UnitOfWorkClosed):
        uow.repository("tallies").get("TALLY-1")


def test_reads_its_own_staged_writes() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("TALLY-1", label="BLUE-VASE"))
        assert "BLUE-VASE" == uow.repository("tallies").get("TALLY-1").label


def test_saves_twice_in_one_unit_of_work_from_the_same_read() -> None:
    store = a_store()
    stored(store, Tally.start("TALLY-1"))
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("TALLY-1")
        tally.bump()
        uow.repository("tallies").save(tally, 1)
        tally.bump()
        uow.repository("tallies").save(tally, 2)
        uow.commit()
    with store.unit_of_work() as uow:
        assert (3, 2) == (
            uow.repository("tallies").get("TALLY-1").version,
            uow.repository("tallies").get("TALLY-1").count,
        )


def test_finds_aggregates_by_attribute_including_staged_ones() -> None:
    store = a_store()
    stored(store, Tally.start("TALLY-1", label="RETRO-CLOCK"))
    stored(store, Tally.start("TALLY-2", label="BLUE-VASE"))
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("TALLY-3", label="RETRO-CLOCK"))
        found = [t.id for t in uow.repository("tallies").where("label", "RETRO-CLOCK")]
    assert ["TALLY-1", "TALLY-3"] == found


def test_finds_the_payments_of_an_order() -> None:
    store = MemoryStore()
    with store.unit_of_work() as uow:
        assert [] == uow.payments.for_order("ORDER-1")


@st.composite
def rejected_commands(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["stale save", "add twice", "save unknown", "add then stale save"]))


def attempt(store: MemoryStore, tally: Tally, command: str) -> None:
    with store.unit_of_work() as uow:
        repository = uow.repository("tallies")
        if command == "stale save":
            tally.bump()
            repository.save(tally, tally.version - 1)
        elif command == "add twice":
            repository.add(Tally.start(tally.id))
        elif command == "save unknown":
            repository.save(Tally.start("NOT-STORED"), 1)
        else:
            repository.add(Tally.start("NEW-ONE"))
            read_at = tally.version
            tally.bump()
            repository.save(tally, read_at)
        uow.commit()


@given(tallies(), rejected_commands())
def test_a_rejected_command_changes_nothing(tally: Tally, command: str) -> None:
    store = a_store()
    stored(store, tally)
    with store.unit_of_work() as rival:
        theirs = rival.repository("tallies").get(tally.id)
        theirs.bump()
        rival.repository("tallies").save(theirs, tally.version)
        rival.commit()
    before = store.snapshot()
    with pytest.raises((ConcurrencyConflict, DuplicateEntity, NotFound)):
        attempt(store, tally, command)
    assert before == store.snapshot()


def label_of(store: MemoryStore, key: str) -> str:
    found = store.read("tallies", key)
    assert isinstance(found, Tally)
    return found.label


def test_a_change_made_after_save_does_not_reach_the_store() -> None:
    store = a_store()
    stored(store, Tally.start("TALLY-1", label="RETRO-CLOCK"))
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("TALLY-1")
        tally.bump()
        uow.repository("tallies").save(tally, 1)
        tally.label = "BLUE-VASE"  # no command, no version: not saved again
        uow.commit()
    assert ("RETRO-CLOCK", 1) == (label_of(store, "TALLY-1"), tally.count)


def test_a_change_to_an_object_read_outside_a_unit_of_work_does_not_reach_the_store() -> None:
    store = a_store()
    stored(store, Tally.start("TALLY-1", label="RETRO-CLOCK"))
    read = store.read("tallies", "TALLY-1")
    assert isinstance(read, Tally)
    read.label = "BLUE-VASE"
    assert "RETRO-CLOCK" == label_of(store, "TALLY-1")


def test_selects_by_any_attribute_in_key_order_after_changes() -> None:
    store = a_store()
    for n, label in ((3, "RETRO-CLOCK"), (1, "RETRO-CLOCK"), (2, "BLUE-VASE")):
        stored(store, Tally.start(f"TALLY-{n}", label=label))
    assert ["TALLY-1", "TALLY-3"] == [t.id for t in store.select("tallies", "label", "RETRO-CLOCK")]
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("TALLY-2")
        tally.label = "RETRO-CLOCK"
        tally.bump()
        uow.repository("tallies").save(tally, 1)
        uow.commit()
    assert ["TALLY-1", "TALLY-2", "TALLY-3"] == [
        t.id for t in store.select("tallies", "label", "RETRO-CLOCK")
    ]
    assert [] == store.select("tallies", "label", "BLUE-VASE")


def test_where_leaves_out_a_stored_aggregate_whose_staged_change_no_longer_matches() -> None:
    store = a_store()
    stored(store, Tally.start("TALLY-1", label="RETRO-CLOCK"))
    with store.unit_of_work() as uow:
        tally = uow.repository("tallies").get("TALLY-1")
        tally.label = "BLUE-VASE"
        tally.bump()
        uow.repository("tallies").save(tally, 1)
        assert [] == uow.repository("tallies").where("label", "RETRO-CLOCK")
        assert ["TALLY-1"] == [t.id for t in uow.repository("tallies").where("label", "BLUE-VASE")]


def test_delivers_pending_messages_in_order_when_some_are_delivered_out_of_order() -> None:
    store = a_store()
    for n in range(1, 5):
        stored(store, Tally.start(f"TALLY-{n}"))
    ids = [message.id for message in store.pending(10)]
    store.mark_delivered([ids[1]])
    assert [ids[0], ids[2], ids[3]] == [message.id for message in store.pending(10)]
    store.mark_delivered([ids[0], ids[2]])
    assert [ids[3]] == [message.id for message in store.pending(10)]


def test_finds_an_aggregate_staged_before_its_attribute_was_first_queried() -> None:
    store = a_store()
    stored(store, Tally.start("TALLY-1", label="BLUE-VASE"))
    with store.unit_of_work() as uow:
        uow.repository("tallies").add(Tally.start("TALLY-2", label="RETRO-CLOCK"))
        before = [t.id for t in store.select("tallies", "label", "RETRO-CLOCK")]
        uow.commit()
    assert ([], ["TALLY-2"]) == (
        before,
        [t.id for t in store.select("tallies", "label", "RETRO-CLOCK")],
    )


def test_a_stored_row_keeps_the_values_of_its_indexed_attributes() -> None:
    store = a_store()
    stored(store, Tally.start("TALLY-1", label="BLUE-VASE"))
    store.select("tallies", "label", "BLUE-VASE")
    stored(store, Tally.start("TALLY-2", label="RETRO-CLOCK"))
    row = store.fetch("tallies", "TALLY-2")
    assert row is not None
    assert ({"order_id": "", "label": "RETRO-CLOCK"}, "RETRO-CLOCK", "none") == (
        row.values,
        row.value("label"),
        row.value("colour", "none"),
    )


def test_a_kept_row_is_the_row_its_constructor_makes_of_the_same_parts() -> None:
    store = MemoryStore((TALLIES,))
    tally = Tally.start("TALLY-1", label="RETRO-CLOCK")
    indexed = (getattr(tally, "order_id", None),)
    built = Row(tally, 3, ("order_id",), indexed)
    kept, base = store.keep_row("tallies", tally, 3, 2)
    assert (Row, tally, 3, ("order_id",), indexed, repr(built), 2) == (
        type(kept),
        kept.frozen._state,
        kept.version,
        kept.attributes,
        kept.indexed,
        repr(kept),
        base,
    )
