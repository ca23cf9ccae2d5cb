"""Errors the persistence ports raise, beside the kernel's NotFound and ConcurrencyConflict.

Like every ordercore error they derive from :class:`OrdercoreError` and the matching builtin,
carry structured fields, and name the field, the value and the rule in their message.
"""

from __future__ import annotations

from ordercore.kernel.errors import OrdercoreError, ValidationError

__all__ = [
    "CorruptDocument",
    "DuplicateEntity",
    "IdempotencyKeyReused",
    "LedgerOutOfSequence",
    "UnitOfWorkClosed",
    "UnsavedChanges",
]


class DuplicateEntity(OrdercoreError, ValueError):
    """``add`` was given an entity whose key the store already holds (keys are unique)."""

    template = (
        "{kind} {entity_id!r} already exists: add() is for new entities only; "
        "get() the stored one and save() it with its expected version instead"
    )
    kind: str
    entity_id: object


class IdempotencyKeyReused(OrdercoreError, ValueError):
    """An idempotency key came back with a different command than the one it first carried.

    Stripe's semantics: the same key with the same command returns the stored result; the same
    key with a different command is a mistake of the caller, refused with this error.
    """

    template = (
        "idempotency_key={key!r} was refused: it was first used for a command with "
        "fingerprint {stored_fingerprint!r}, and now carries a different command "
        "({given_fingerprint!r}); a key may only be retried with the same command"
    )
    key: str
    stored_fingerprint: str
    given_fingerprint: str


class UnsavedChanges(OrdercoreError, RuntimeError):
    """Commit found an aggregate that changed after it was read or saved, but was not saved again.

    Committing would put its events in the outbox without its state (or drop them), so the
    unit of work refuses and rolls back instead.
    """

    template = (
        "{kind} {entity_id!r} is at version {version} but the unit of work holds version "
        "{saved_version}: save() every aggregate you change before commit()"
    )
    kind: str
    entity_id: object
    saved_version: int
    version: int


class UnitOfWorkClosed(OrdercoreError, RuntimeError):
    """A unit of work was used outside its ``with`` block, or after commit or rollback."""

    template = (
        "operation={operation!r} was refused: the unit of work is not open; "
        "use it inside 'with uow:' and start a new one after commit() or rollback()"
    )
    operation: str


class LedgerOutOfSequence(OrdercoreError, ValueError):
    """A ledger row's ``seq`` does not follow the SKU's last one (the stream is gapless)."""

    template = (
        "seq={seq!r} was refused for the ledger of sku={sku!r}: its rows are numbered "
        "without gaps or repeats, so the next one is seq={expected}"
    )
    sku: str
    seq: object
    expected: int


class CorruptDocument(ValidationError):
    """A stored document that cannot be read back as the value it claims to be.

    ``document`` names what was being read (``"StockItem"``), ``path`` where inside it
    (``"reservations['R-1'].allocations[0].units"``; empty for the document itself), ``value``
    what was found there and ``rule`` what was expected. Also raised for a field, an enum value or
    a schema version that a newer release wrote: those are refused, never silently dropped.
    A :class:`ValidationError` (so also a ``ValueError``) whose ``field`` is the path.
    """

    template = "{document} document: {_where}{_shown} was refused: {rule}"
    document: str
    path: str

    def __init__(self, document: str, path: str, value: object, rule: str) -> None:
        self.document, self.path = document, path
        super().__init__(path, value, rule)

    @property
    def _where(self) -> str:
        return f"{self.path}=" if self.path else ""

    @property
    def _shown(self) -> str:
        shown = repr(self.value)
        return shown if len(shown) <= _SHOWN else f"{shown[: _SHOWN - 3]}..."


_SHOWN = 160
