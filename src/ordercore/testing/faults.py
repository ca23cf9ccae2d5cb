"""A fault-injecting store wrapper: commits that fail before, inside or just after their writes.

:class:`FaultyStore` wraps any store (the memory store, the SQLite adapter, a host's adapter)
and behaves exactly like it until a :class:`Fault` is armed. The next unit of work that commits
then raises the fault's exception at the chosen :class:`Moment`, once:

* ``BEFORE`` -- the commit never starts: nothing is written;
* ``INSIDE`` -- the commit starts and is interrupted between two of its writes (``after`` writes
  went through). A sound adapter writes nothing: its commit is atomic. Only stores whose commit
  can be entered support it: memory-style stores (the unit of work calls ``store.apply(changes)``;
  the fault fires while ``apply`` writes the rows, on its second pass over them) and SQLite-style
  stores (the unit of work calls ``write(connection)`` inside its transaction; the fault fires on
  a statement of that method, or at its end, always before ``COMMIT``);
* ``AFTER`` -- the commit happens, then the caller sees the exception: a lost acknowledgement
  (the connection dropped after ``COMMIT``). A host retries with the same idempotency key, and
  an idempotent command returns the first result without running again.

The default exception, :class:`InjectedFault`, is no ``OrdercoreError`` (the Engine must not
mistake it for a refusal); any exception instance may be chosen (``KeyboardInterrupt()``,
``MemoryError()``, ``ConnectionError()``)::

    store = FaultyStore(MemoryStore())
    engine = Engine(store, clock)
    store.arm(Fault(Moment.AFTER))
    try:
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")
    except InjectedFault:
        engine.receive_stock("RETRO-CLOCK", "WH-EAST", 3, idempotency_key="req-1")  # +3, once
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from types import TracebackType
from typing import Any, Self

import attrs

__all__ = ["Fault", "FaultyStore", "FaultyUnitOfWork", "InjectedFault", "Moment"]


class InjectedFault(RuntimeError):
    """The exception a :class:`Fault` raises by default (deliberately not an OrdercoreError)."""


class Moment(enum.Enum):
    """When, relative to a commit, a fault fires."""

    BEFORE = "before"
    """Before the commit starts: nothing is written."""
    INSIDE = "inside"
    """Between two writes of the commit: an atomic store writes nothing."""
    AFTER = "after"
    """After the commit succeeded: the caller sees an exception (a lost acknowledgement)."""


def _injected() -> BaseException:
    return InjectedFault("a fault injected around a commit")


@attrs.frozen
class Fault:
    """One fault to inject: when, after how many writes (``INSIDE``), and what to raise."""

    moment: Moment
    """When it fires."""
    after: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    """For ``INSIDE``: how many writes go through before it fires (at most all but the last)."""
    error: Callable[[], BaseException] = _injected
    """Builds the exception to raise (default: :class:`InjectedFault`)."""


def _moments(uow: object) -> frozenset[Moment]:
    inside = hasattr(getattr(uow, "store", None), "apply") or callable(getattr(uow, "write", None))
    return frozenset(Moment) if inside else frozenset({Moment.BEFORE, Moment.AFTER})


@attrs.define
class FaultyStore:
    """Any store, with an optional one-shot fault armed for the next commit."""

    inner: Any
    """The wrapped store; everything but ``unit_of_work`` is passed through to it."""
    fired: int = attrs.field(default=0, init=False)
    """How many faults have fired so far."""
    _armed: Fault | None = attrs.field(default=None, init=False)

    def arm(self, fault: Fault) -> None:
        """Make the next commit fail with ``fault`` (replacing a fault not yet fired)."""
        self._armed = fault

    def disarm(self) -> Fault | None:
        """Forget the armed fault, if any; returns it (``None`` if it fired or none was armed)."""
        fault, self._armed = self._armed, None
        return fault

    @property
    def armed(self) -> Fault | None:
        """The fault waiting for the next commit, if any."""
        return self._armed

    def moments(self) -> frozenset[Moment]:
        """The moments this store supports (``INSIDE`` only where its commit can be entered)."""
        with self.inner.unit_of_work() as uow:
            return _moments(uow)

    def unit_of_work(self) -> FaultyUnitOfWork:
        """A unit of work of the wrapped store whose commit fires the armed fault."""
        return FaultyUnitOfWork(self.inner.unit_of_work(), self)

    def take(self) -> Fault | None:
        """Disarm and return the armed fault, counting it as fired (used by the commit)."""
        fault = self.disarm()
        if fault is not None:
            self.fired += 1
        return fault

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in {"inner", "fired"}:
            raise AttributeError(name)
        return getattr(self.inner, name)


class FaultyUnitOfWork:
    """A unit of work of the wrapped store; its ``commit`` fires the store's armed fault."""

    def __init__(self, inner: Any, store: FaultyStore) -> None:
        self.inner = inner
        """The wrapped unit of work; every attribute but ``commit`` is passed through to it."""
        self.store = store
        """The :class:`FaultyStore` that made it."""

    def __enter__(self) -> Self:
        self.inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.inner.__exit__(exc_type, exc, traceback)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in {"inner", "store"}:
            raise AttributeError(name)
        return getattr(self.inner, name)

    def commit(self) -> None:
        """Commit the wrapped unit of work, firing the armed fault at its moment (once)."""
        fault = self.store.take()
        if fault is None:
            self.inner.commit()
            return
        if fault.moment is Moment.BEFORE:
            self.inner.rollback()
            raise fault.error()
        if fault.moment is Moment.AFTER:
            self.inner.commit()
            raise fault.error()
        if not _inside(self.inner, fault):
            raise ValueError(
                f"{type(self.inner).__name__} has no commit a fault can enter; use BEFORE or AFTER"
            )


def _inside(uow: Any, fault: Fault) -> bool:
    """Commit ``uow`` with ``fault`` fired between two writes; False if it cannot be entered."""
    memory_store = getattr(uow, "store", None)
    if hasattr(memory_store, "apply"):
        uow.store = _ApplyProxy(memory_store, fault)
        try:
            uow.commit()
        finally:
            uow.store = memory_store
        return True
    write = getattr(uow, "write", None)
    if callable(write):

        def interrupted(connection: Any) -> None:
            write(_Connection(connection, fault))
            raise fault.error()  # every statement went through: still before COMMIT

        uow.write = interrupted
        try:
            uow.commit()
        finally:
            del uow.write
        return True
    return False


class _ApplyProxy:
    """A memory-style store whose ``apply`` is interrupted while it writes the rows."""

    def __init__(self, inner: Any, fault: Fault) -> None:
        self._inner = inner
        self._fault = fault

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._inner, name)

    def apply(self, changes: Any) -> None:
        rows = changes.rows
        if not rows:
            raise self._fault.error()  # no write to interrupt: nothing is written
        faulty = _RowsThatFail(rows, self._fault.after % len(rows), self._fault.error)
        self._inner.apply(attrs.evolve(changes, rows=faulty))


class _RowsThatFail(Mapping[Any, Any]):
    """The rows of a commit; the second pass over ``items()`` fails after ``after`` rows."""

    def __init__(self, rows: Mapping[Any, Any], after: int, error: Callable[[], BaseException]):
        self._rows = rows
        self._after = after
        self._error = error
        self._passes = 0

    def __getitem__(self, key: Any) -> Any:
        return self._rows[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def items(self) -> Any:
        self._passes += 1
        if self._passes < 2:
            return self._rows.items()
        return self._failing()

    def _failing(self) -> Iterator[tuple[Any, Any]]:
        for index, item in enumerate(self._rows.items()):
            if index == self._after:
                raise self._error()
            yield item


class _Connection:
    """A database connection whose ``after``-th statement (0-based) raises instead."""

    def __init__(self, inner: Any, fault: Fault) -> None:
        self._inner = inner
        self._fault = fault
        self._statements = 0

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._inner, name)

    def _count(self) -> None:
        if self._statements == self._fault.after:
            raise self._fault.error()
        self._statements += 1

    def execute(self, *args: Any) -> Any:
        self._count()
        return self._inner.execute(*args)

    def executemany(self, *args: Any) -> Any:
        self._count()
        return self._inner.executemany(*args)
