"""Run a service function in one session and commit it, as an Engine command does; read a shop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pendulum

from ordercore.domain.inventory import StockItem
from ordercore.memory import MemoryStore
from ordercore.service import Engine, Session
from tests.service.helpers import LOCATIONS, T

R = TypeVar("R")


def run(store: MemoryStore, command: Callable[[Session], R], now: pendulum.DateTime = T) -> R:
    """Run ``command`` in a session of ``store`` at ``now``; commit only when it returns."""
    with store.unit_of_work() as uow:
        session = Session(uow, now, store, locations=LOCATIONS)
        result = command(session)
        session.flush()
        uow.commit()
    return result


def store_of(engine: Engine) -> MemoryStore:
    """The memory store ``engine`` keeps its state in."""
    store = engine.store
    assert isinstance(store, MemoryStore)
    return store


def clocks(engine: Engine) -> StockItem:
    """The RETRO-CLOCK stock item as stored."""
    item = store_of(engine).read("stock", "RETRO-CLOCK")
    assert isinstance(item, StockItem)
    return item


def promised(engine: Engine) -> int:
    """Clocks promised against incoming supply, over every supply line."""
    return sum(clocks(engine).supplies.promised.values())
