"""Idempotency keys with Stripe's semantics, and the key-store port.

A command may carry an idempotency key. The first time the key is seen, the command runs and its
result is stored under the key together with a fingerprint of the command, in the same commit as
the command's changes. When the key comes back with the same command, the stored result is
returned and nothing runs again; with a different command, :class:`IdempotencyKeyReused` is
raised.

>>> same = {"quantity": 2, "sku": "RETRO-CLOCK"}
>>> fingerprint({"sku": "RETRO-CLOCK", "quantity": 2}) == fingerprint(same)
True
"""

from __future__ import annotations

import hashlib
from typing import Protocol

import attrs
import pendulum

from ordercore.ports.codec import Codec, JsonValue
from ordercore.ports.errors import IdempotencyKeyReused

__all__ = ["IdempotencyRecord", "IdempotencyStore", "fingerprint", "recall", "recall_record"]


@attrs.frozen(kw_only=True)
class IdempotencyRecord:
    """What the store keeps under a key: the command's fingerprint, its result, and when.

    ``recorded_at`` is the instant the command ran (the Engine's clock, passed to ``put``); it
    is what :meth:`ordercore.ports.retention.Retention.expire_idempotency_keys` compares.
    ``None`` for a record put without an instant (or stored before records carried one): such
    a record counts as older than any instant, so the first expiry drops it.
    """

    key: str
    """The caller's key."""
    fingerprint: str
    """The fingerprint of the command that stored it."""
    result: JsonValue
    """The command's encoded result."""
    recorded_at: pendulum.DateTime | None = None
    """When the command ran, or ``None`` if the writer gave no instant."""


class IdempotencyStore(Protocol):
    """The key-store port; adapters write ``put`` atomically with the unit of work's commit."""

    def get(self, key: str) -> IdempotencyRecord | None:
        """The record stored under ``key``, or ``None`` if the key is new."""
        ...

    def put(
        self,
        key: str,
        fingerprint: str,
        result: JsonValue,
        recorded_at: pendulum.DateTime | None = None,
    ) -> None:
        """Store ``result`` under ``key`` (written by the commit), recorded at ``recorded_at``.

        ``recorded_at`` is the instant the command ran (time is injected: the Engine passes its
        clock's ``now``); key expiry compares it (see :mod:`ordercore.ports.retention`).

        A key stored with another command raises :class:`IdempotencyKeyReused`; a key a racing
        unit of work committed first with the same command raises a retryable
        ``ConcurrencyConflict`` (here or at commit), never ``DuplicateEntity``: the retry then
        finds the stored result.
        """
        ...


def fingerprint(command: object) -> str:
    """A stable SHA-256 fingerprint of a command (an attrs value or plain data)."""
    text = Codec(skip=frozenset()).dumps(command)
    return hashlib.sha256(text.encode()).hexdigest()


def recall(store: IdempotencyStore, key: str, command_fingerprint: str) -> JsonValue | None:
    """The stored result for ``key`` if it was used with the same command, else ``None``.

    Raises :class:`IdempotencyKeyReused` if ``key`` was used with a different command.
    ``None`` is also what a command that returned nothing stored; :func:`recall_record` tells
    the two apart.
    """
    record = recall_record(store, key, command_fingerprint)
    return None if record is None else record.result


def recall_record(
    store: IdempotencyStore, key: str, command_fingerprint: str
) -> IdempotencyRecord | None:
    """The record stored under ``key`` if it was used with the same command, else ``None``.

    Unlike :func:`recall` it tells a new key (``None``) from a stored result of ``None`` (a
    record whose ``result`` is ``None``). Raises :class:`IdempotencyKeyReused` if ``key`` was
    used with a different command.

    >>> class Keys:
    ...     def get(self, key):
    ...         return IdempotencyRecord(key=key, fingerprint="fp", result=None)
    >>> recall_record(Keys(), "cancel-42", "fp")
    IdempotencyRecord(key='cancel-42', fingerprint='fp', result=None, recorded_at=None)
    """
    record = store.get(key)
    if record is None:
        return None
    if record.fingerprint != command_fingerprint:
        raise IdempotencyKeyReused(key, record.fingerprint, command_fingerprint)
    return record
