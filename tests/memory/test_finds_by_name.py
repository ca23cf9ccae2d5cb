"""The memory unit of work's reads and writes by collection name: its repositories' own."""

import pytest

from ordercore.kernel.errors import ConcurrencyConflict, ValidationError
from ordercore.ports.errors import DuplicateEntity, UnitOfWorkClosed
from ordercore.ports.unit_of_work import FindsByName
from ordercore.testing.contract import Tally
from tests.memory.tallies import a_store_with_one_tally
from tests.service.helpers import an_order, eur, shop


def test_a_memory_unit_of_work_finds_adds_and_saves_by_name() -> None:
    store = a_store_with_one_tally()
    assert isinstance(store.unit_of_work(), FindsByName)


def test_finding_by_name_hands_out_a_copy_as_the_repository_does() -> None:
    store = a_store_with_one_tally()
    with store.unit_of_work() as uow:
        found = uow.find_in("tallies", "TALLY-1")
        again = uow.repository("tallies").find("TALLY-1")
        assert (found, False, None) == (again, found is again, uow.find_in("tallies", "NONE"))


def test_an_unknown_collection_is_refused_by_name_as_by_repository() -> None:
    store = a_store_with_one_tally()
    with store.unit_of_work() as uow:
        with pytest.raises(ValidationError) as by_name:
            uow.find_in("nothing", "TALLY-1")
        with pytest.raises(ValidationError) as by_repository:
            uow.repository("nothing")
    assert str(by_repository.value) == str(by_name.value)


def test_saving_and_adding_by_name_commit_as_through_the_repository() -> None:
    store = a_store_with_one_tally()
    with store.unit_of_work() as uow:
        tally = uow.find_in("tallies", "TALLY-1")
        assert tally is not None
        tally.bump()
        uow.save_in("tallies", tally, 1)
        uow.add_in("tallies", Tally.start("TALLY-2", label="PLANT-POT"))
        uow.commit()
    versions = (store.version_of("tallies", "TALLY-1"), store.version_of("tallies", "TALLY-2"))
    assert (2, 1) == versions


def test_a_stale_save_or_a_taken_key_by_name_is_refused_at_once() -> None:
    store = a_store_with_one_tally()
    with store.unit_of_work() as uow:
        tally = uow.find_in("tallies", "TALLY-1")
        assert tally is not None
        tally.bump()
        with pytest.raises(ConcurrencyConflict):
            uow.save_in("tallies", tally, 3)
        with pytest.raises(DuplicateEntity):
            uow.add_in("tallies", Tally.start("TALLY-1"))


def test_a_closed_unit_of_work_refuses_reads_and_writes_by_name() -> None:
    store = a_store_with_one_tally()
    with store.unit_of_work() as uow:
        tally = uow.find_in("tallies", "TALLY-1")
        uow.commit()
    with pytest.raises(UnitOfWorkClosed):
        uow.find_in("tallies", "TALLY-1")
    with pytest.raises(UnitOfWorkClosed):
        uow.save_in("tallies", tally, 1)
    with pytest.raises(UnitOfWorkClosed):
        uow.add_in("tallies", Tally.start("TALLY-2"))


def test_the_aggregates_of_an_order_by_name_are_the_repositorys_own() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order())
    engine.record_authorization("order-1", eur("110.00"), "gw-auth-1")
    with store.unit_of_work() as uow:
        by_name = uow.for_order_in("payments", "order-1")
        by_repository = uow.repository("payments").for_order("order-1")
        none = uow.for_order_in("payments", "order-2")
    assert (1, by_repository, []) == (len(by_name), by_name, none)


def test_an_unknown_collection_or_a_closed_unit_of_work_is_refused_for_an_order_by_name() -> None:
    store = a_store_with_one_tally()
    with store.unit_of_work() as uow:
        with pytest.raises(ValidationError) as by_name:
            uow.for_order_in("nothing", "order-1")
        with pytest.raises(ValidationError) as by_repository:
            uow.repository("nothing")
        uow.commit()
    with pytest.raises(UnitOfWorkClosed):
        uow.for_order_in("tallies", "order-1")
    assert str(by_repository.value) == str(by_name.value)
