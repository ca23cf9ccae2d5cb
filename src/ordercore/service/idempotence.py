"""Idempotency keys for Engine commands: the key, a fingerprint and the result in one commit.

An Engine command called with ``idempotency_key=`` first looks the key up in its own unit of
work (``uow.idempotency``). A key it has not seen lets the command run; the command's result is
encoded (:class:`~ordercore.ports.Codec`, guided by the Engine method's return annotation) and
put under the key, beside a fingerprint of the command's name and arguments, in the same commit
as the command's changes: both are written or neither is. A key seen before with the same
fingerprint returns the stored result (``None`` included), decoded, and nothing runs; a key seen
with another fingerprint raises :class:`~ordercore.errors.IdempotencyKeyReused`.

Two workers racing with one key: both may run, only one commit holds the key; the other's
commit raises ``ConcurrencyConflict`` (or, in an adapter that reports a taken key as
``DuplicateEntity``, that), the Engine re-runs the attempt, finds the record and returns it.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Mapping
from typing import Any

import attrs
import pendulum

from ordercore.kernel.errors import ValidationError
from ordercore.ports.codec import Codec, JsonValue
from ordercore.ports.errors import IdempotencyKeyReused
from ordercore.ports.idempotency import fingerprint

__all__ = ["Call", "command_fingerprint", "return_hint"]

_CODEC = Codec()


def command_fingerprint(name: str, arguments: Mapping[str, object]) -> str:
    """The fingerprint of calling command ``name`` with ``arguments`` (aggregate events skipped).

    Arguments are encoded with the store's codec first (a draft order's pending events are
    left out, as in a stored document), so a retry that rebuilds equal arguments matches. An
    argument passed as ``None`` (an optional one left unset) is left out too, so a release that
    adds an optional parameter to a command keeps the keys stored before it matching.
    """
    given = {key: value for key, value in arguments.items() if value is not None}
    return fingerprint({"command": name, "arguments": _CODEC.encode(given)})


@functools.cache
def return_hint(owner: type, name: str) -> Any:
    """The return annotation of ``owner.name``: how a stored result is decoded."""
    return typing.get_type_hints(getattr(owner, name))["return"]


def _check_key(key: object) -> str:
    if not isinstance(key, str) or not key.strip():
        raise ValidationError(
            "idempotency_key", key, "an idempotency key is a non-empty str (e.g. the request id)"
        )
    return key


@attrs.frozen
class Call:
    """One keyed call of an Engine command: its key, its fingerprint and its result type."""

    key: str = attrs.field(converter=_check_key)
    """The caller's idempotency key."""
    fingerprint: str
    """The command's name and arguments, hashed (:func:`command_fingerprint`)."""
    returns: Any
    """The command's return annotation."""

    def recall(self, uow: Any) -> tuple[bool, Any]:
        """``(True, result)`` if the key is stored with this fingerprint, else ``(False, None)``.

        Raises :class:`IdempotencyKeyReused` when the key was stored with another command.
        """
        record = uow.idempotency.get(self.key)
        if record is None:
            return False, None
        if record.fingerprint != self.fingerprint:
            raise IdempotencyKeyReused(self.key, record.fingerprint, self.fingerprint)
        return True, _CODEC.decode(self.returns, record.result)

    def remember(self, uow: Any, result: object, now: pendulum.DateTime | None = None) -> None:
        """Stage ``result`` under the key, recorded at ``now``, written by the commit.

        ``now`` (the command's instant) is what key expiry compares (see
        :mod:`ordercore.ports.retention`); without it the record carries no instant.
        """
        encoded: JsonValue = _CODEC.encode(result)
        uow.idempotency.put(self.key, self.fingerprint, encoded, recorded_at=now)
