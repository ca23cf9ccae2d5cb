"""Run a service function in one session and commit it, as an Engine command does."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pendulum

from ordercore.memory import MemoryStore
from ordercore.service import Session
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
