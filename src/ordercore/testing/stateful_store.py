"""What the Engine machine needs of the store it drives, and how it reads one aggregate.

:class:`~ordercore.testing.stateful_engine.EngineMachine` drives any store through the ports:
the Engine commits through :class:`~ordercore.ports.unit_of_work.Store`, the relay rules use
its outbox, the host's maintenance its :class:`~ordercore.ports.retention.Retention`, and the
rules read aggregates through a unit of work's repositories (:func:`read_stored`). Only the
checks that compare *everything* a store holds (a refused command changed nothing; no message
is lost, delivered ones included) need a whole-store view, a
:class:`~ordercore.memory.store.StoreSnapshot`: the memory store makes its own, and an adapter's
machine overrides ``EngineMachine.snapshot`` to read its tables (``ordercore_sqlite`` and
``ordercore_postgres`` have one in their tests).
"""

from __future__ import annotations

from typing import Any, Protocol

from ordercore.ports.retention import Retention
from ordercore.ports.unit_of_work import Store

__all__ = ["MachineStore", "read_stored"]


class MachineStore(Store, Retention, Protocol):
    """A store the Engine machine can drive: units of work, the outbox and retention."""


def read_stored(store: Store, collection: str, key: str) -> Any | None:
    """The aggregate ``key`` of ``collection`` as committed, read in its own unit of work.

    (Through the repository port, so a database adapter decodes it as the Engine would.)
    """
    with store.unit_of_work() as uow:
        return uow.repository(collection).find(key)
