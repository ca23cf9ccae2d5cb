from typing import Self

import attrs
import pytest

from ordercore.domain.inventory.ledger import Movement
from ordercore.kernel.errors import ConcurrencyConflict, ValidationError, WrongType
from ordercore.kernel.events import DomainEvent
from ordercore.memory import MemoryStore
from ordercore.ports.errors import LedgerOutOfSequence
from ordercore.ports.repositories import Collection
from ordercore.testing.contract_ledger import kit_movement
from ordercore.testing.contract_specimens import KIT_NOW

BINS = Collection("bins", "bin", key="sku")


@attrs.define
class Bin:
    """A fake stock aggregate: it counts units and hands its movements to the unit of work."""

    sku: str
    version: int = 0
    on_hand: int = 0
    last_seq: int = 0
    events: list[DomainEvent] = attrs.field(factory=list, eq=False)
    movements: list[Movement] = attrs.field(factory=list, eq=False)

    @classmethod
    def open(cls, sku: str) -> Self:
        opened = cls(sku)
        opened.receive(1)
        return opened

    def receive(self, units: int) -> None:
        self.on_hand += units
        self.version += 1
        self.last_seq += 1
        self.movements.append(kit_movement(self.last_seq, units))
        self.events.append(
            DomainEvent(entity_id=self.sku, version=self.version, occurred_at=KIT_NOW)
        )

    def pull_events(self) -> list[DomainEvent]:
        events, self.events = self.events, []
        return events

    def pull_movements(self) -> list[Movement]:
        movements, self.movements = self.movements, []
        return movements


def a_store() -> MemoryStore:
    return MemoryStore((BINS,))


def ledger_of(store: MemoryStore, sku: str) -> list[Movement]:
    with store.unit_of_work() as uow:
        return uow.ledger.rows(sku)


def test_appends_the_movements_of_an_added_aggregate_under_its_key() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.repository("bins").add(Bin.open("RETRO-CLOCK"))
        uow.commit()
    assert [kit_movement(1, 1)] == ledger_of(store, "RETRO-CLOCK")


def test_appends_the_movements_of_a_saved_aggregate_after_the_stored_ones() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.repository("bins").add(Bin.open("RETRO-CLOCK"))
        uow.commit()
    with store.unit_of_work() as uow:
        item = uow.repository("bins").get("RETRO-CLOCK")
        item.receive(5)
        item.receive(2)
        uow.repository("bins").save(item, 1)
        uow.commit()
    assert [kit_movement(1, 1), kit_movement(2, 5), kit_movement(3, 2)] == ledger_of(
        store, "RETRO-CLOCK"
    )


def test_drops_the_pulled_movements_when_the_unit_of_work_rolls_back() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.repository("bins").add(Bin.open("RETRO-CLOCK"))
        staged = uow.ledger.rows("RETRO-CLOCK")
    assert ([kit_movement(1, 1)], []) == (staged, ledger_of(store, "RETRO-CLOCK"))


def test_a_stale_aggregate_writes_none_of_its_movements() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.repository("bins").add(Bin.open("RETRO-CLOCK"))
        uow.commit()
    first, second = store.unit_of_work(), store.unit_of_work()
    with first, second:
        mine = first.repository("bins").get("RETRO-CLOCK")
        theirs = second.repository("bins").get("RETRO-CLOCK")
        mine.receive(4)
        theirs.receive(6)
        first.repository("bins").save(mine, 1)
        second.repository("bins").save(theirs, 1)
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.commit()
    assert [1, 4] == [row.on_hand for row in ledger_of(store, "RETRO-CLOCK")]


def test_refuses_a_row_that_skips_a_seq_naming_the_expected_one() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        with pytest.raises(LedgerOutOfSequence) as refused:
            uow.ledger.append("RETRO-CLOCK", [kit_movement(1), kit_movement(3)])
        assert [] == uow.ledger.rows("RETRO-CLOCK")
    assert (3, 2) == (refused.value.seq, refused.value.expected)


def test_refuses_a_row_that_repeats_the_last_seq() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.ledger.append("RETRO-CLOCK", [kit_movement(1)])
        with pytest.raises(LedgerOutOfSequence):
            uow.ledger.append("RETRO-CLOCK", [kit_movement(1)])


def test_refuses_what_is_not_a_movement() -> None:
    with a_store().unit_of_work() as uow, pytest.raises(WrongType):
        uow.ledger.append("RETRO-CLOCK", [(1, "receipt")])  # type: ignore[list-item]


def test_refuses_a_negative_position_to_read_after() -> None:
    with a_store().unit_of_work() as uow, pytest.raises(ValidationError):
        uow.ledger.rows("RETRO-CLOCK", after=-1)


def test_snapshots_the_ledger_with_the_rest_of_the_store() -> None:
    store = a_store()
    with store.unit_of_work() as uow:
        uow.repository("bins").add(Bin.open("RETRO-CLOCK"))
        uow.commit()
    assert {"RETRO-CLOCK": (kit_movement(1, 1),)} == store.snapshot().ledger
