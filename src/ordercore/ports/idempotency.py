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

from ordercore.ports.codec import Codec, JsonValue
from ordercore.ports.errors import IdempotencyKeyReused

__all__ = ["IdempotencyRecord", "IdempotencyStore", "fingerprint", "recall"]


@attrs.frozen(kw_only=True)
class IdempotencyRecord:
    """What the store keeps under a key: the command's fingerprint and its result."""

    key: str
    fingerprint: str
    result: JsonValue


class IdempotencyStore(Protocol):
    """The key-store port; adapters write ``put`` atomically with the unit of work's commit."""

    def get(self, key: str) -> IdempotencyRecord | None:
        """The record stored under ``key``, or ``None`` if the key is new."""
        ...

    def put(self, key: str, fingerprint: str, result: JsonValue) -> None:
        """Store ``result`` under ``key``; a taken key raises IdempotencyKeyReused or conflicts."""
        ...


def fingerprint(command: object) -> str:
    """A stable SHA-256 fingerprint of a command (an attrs value or plain data)."""
    text = Codec(skip=frozenset()).dumps(command)
    return hashlib.sha256(text.encode()).hexdigest()


def recall(store: IdempotencyStore, key: str, command_fingerprint: str) -> JsonValue | None:
    """The stored result for ``key`` if it was used with the same command, else ``None``.

    Raises :class:`IdempotencyKeyReused` if ``key`` was used with a different command.
    ``None`` is also what a command that returned nothing stored; use ``store.get`` to tell.
    """
    record = store.get(key)
    if record is None:
        return None
    if record.fingerprint != command_fingerprint:
        raise IdempotencyKeyReused(key, record.fingerprint, command_fingerprint)
    return record.result
