"""The unit-of-work port: one atomic commit of every changed aggregate and of its events.

Use it as a context manager. Inside the block, repositories load isolated copies and stage
``add``/``save``; :meth:`Transaction.commit` makes every staged change visible at once, together
with the events the saved aggregates emitted (written to the outbox), the rows appended to the
ledger stream (:mod:`ordercore.ports.ledger`) and any idempotency record.
Leaving the block without committing, or any error, rolls back: the store is unchanged.

.. code-block:: python

    with store.unit_of_work() as uow:
        item = uow.stock.get(Sku("RETRO-CLOCK"))
        read_at = item.version
        item.reserve(...)
        uow.stock.save(item, expected_version=read_at)
        uow.commit()
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, ClassVar, Literal, Protocol, Self, runtime_checkable

from ordercore.ports.idempotency import IdempotencyStore
from ordercore.ports.ledger import LedgerStream
from ordercore.ports.outbox import Outbox
from ordercore.ports.repositories import Repository
from ordercore.ports.sequences import NumberSequence

__all__ = ["FindsByName", "MeasuresInPlace", "ReadsAhead", "Reopens", "Store", "Transaction"]


class Transaction(Protocol):
    """What every unit of work offers, whatever the aggregates it stores."""

    @property
    def idempotency(self) -> IdempotencyStore:
        """The idempotency keys, written in the same commit as the aggregates."""
        ...

    @property
    def ledger(self) -> LedgerStream:
        """The append-only ledger stream (stock movements per SKU), committed with the rest."""
        ...

    @property
    def numbers(self) -> NumberSequence:
        """Gapless numbers (invoices, credit notes): taken by this commit, none on rollback.

        Two units of work that drew the same number cannot both commit: the later one raises
        ``ConcurrencyConflict``.
        """
        ...

    def repository(self, name: str) -> Repository[Any, Any]:
        """The repository of collection ``name`` (``"orders"``; also reachable as attributes)."""
        ...

    def commit(self) -> None:
        """Write every staged change and its events atomically, or raise and write nothing.

        Every aggregate handed out by the repositories (the read set, not only what was saved)
        must still be at the version it was read at; else ``ConcurrencyConflict``.
        """
        ...

    def rollback(self) -> None:
        """Forget every staged change; the store stays as it was."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


@runtime_checkable
class ReadsAhead(Protocol):
    """What a unit of work may offer beside :class:`Transaction`: several rows in one read.

    Optional. The Engine's session tells such a unit of work which rows of one collection it is
    about to read (the stock of an order's SKUs), so an adapter whose reads cross a network can
    fetch them in one round trip (the PostgreSQL store does). It must change nothing a later
    read sees: each row is handed out as its own read would have handed it out, and a row read
    ahead but never read is in no read set. A unit of work without it reads row by row.
    """

    def read_ahead(self, collection: str, keys: Sequence[str]) -> None:
        """Prepare the rows ``keys`` of ``collection`` for the reads that follow."""
        ...


@runtime_checkable
class FindsByName(Protocol):
    """What a unit of work may offer beside :class:`Transaction`: reads and writes by name.

    Optional. ``find_in(collection, key)`` is ``repository(collection).find(key)``,
    ``add_in(collection, entity)`` its ``add(entity)``, ``save_in(collection, entity,
    expected_version)`` its ``save(entity, expected_version)`` and ``for_order_in(collection,
    order_id)`` its ``for_order(order_id)``: the same checks, errors and effects, without a
    repository handle. The Engine's session uses them when offered (the
    memory store's unit of work would otherwise build a handle per collection and command).
    """

    def find_in(self, collection: str, key: str) -> Any | None:
        """``repository(collection).find(key)``."""
        ...

    def add_in(self, collection: str, entity: Any) -> None:
        """``repository(collection).add(entity)``."""
        ...

    def save_in(self, collection: str, entity: Any, expected_version: int) -> None:
        """``repository(collection).save(entity, expected_version)``."""
        ...

    def for_order_in(self, collection: str, order_id: str) -> list[Any]:
        """``repository(collection).for_order(order_id)``."""
        ...


@runtime_checkable
class MeasuresInPlace(Protocol):
    """What a unit of work may offer beside :class:`Transaction`: a count without a copy.

    Optional. ``measure_in(collection, key, kind, measure, *args)`` is
    ``measure(repository(collection).find(key), *args)`` for a ``kind`` under ``key``, with no
    isolated copy made for a read whose object would be thrown away: ``measure`` reads the
    stored (or this unit of work's staged) state itself. The aggregate joins the read set at
    the version it was read at, as a ``find`` does, so a rival's commit since then fails this
    unit of work's commit. Only an ``int`` may leave the call (anything else is refused), so
    nothing of the stored state is handed out; ``measure`` must only read what it is given.
    ``None`` when there is nothing to measure in place (no such aggregate, or not a ``kind``):
    the caller then reads it as usual, which says why. The Engine's session uses it to count
    the units a stock item holds for a shipment's lines (the memory store offers it).
    """

    def measure_in(
        self, collection: str, key: str, kind: type[Any], measure: Callable[..., int], *args: object
    ) -> int | None:
        """``measure(aggregate, *args)`` on the stored ``kind`` under ``key``, or ``None``."""
        ...


class Reopens(Protocol):
    """What a unit of work may offer beside :class:`Transaction`: to be opened again.

    Optional, declared by the class itself (``reopens = True`` in its own body: a subclass that
    reopens too says so again, since it may add state its reopening would not clear). Once it
    has committed (or rolled back) such a unit of work holds nothing of that attempt: opened
    again with ``with``, it is a new unit of work of its ``store`` in every way (nothing staged,
    read or drawn, every check and guarantee as for a new one). The Engine keeps the last one
    that committed for its next command instead of asking its store for a new one per command
    (the memory store's unit of work does). A unit of work without it is used once.
    """

    reopens: ClassVar[Literal[True]]
    """``True``: it may be opened again after it ends (in its class's own body)."""

    @property
    def store(self) -> object:
        """The store that made it (a reopened one works on that same store)."""
        ...


class Store(Outbox, Protocol):
    """An adapter's entry point: it opens units of work and is the outbox they commit into."""

    def unit_of_work(self) -> Transaction:
        """A new, not yet opened unit of work."""
        ...
