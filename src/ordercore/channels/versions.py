"""External references and versions, and the pure ledger that decides what an inbound payload is.

An inbound payload names its entity by :class:`ExternalRef` (channel, account, external id) and
carries an :class:`ExternalVersion`: an instant (Shopify ``updated_at``, Amazon
``LastUpdateDate``) or a counter (QuickBooks ``SyncToken``). Against the last version seen,
:func:`decide` says whether it is **new**, the **same** (a no-op), **stale** (older: ignore) or
**newer** (apply). :class:`SyncLedger` is an immutable value that remembers the last version per
reference and the webhook event ids already seen (a repeated event id is a **duplicate**, a no-op).
Outcomes are typed values, never exceptions: late and repeated deliveries are normal.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pendulum

from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError, WrongType

from .errors import VersionKindMismatch

__all__ = [
    "ExternalRef",
    "ExternalVersion",
    "SyncDecision",
    "SyncLedger",
    "SyncOutcome",
    "VersionKind",
    "decide",
]

_EPOCH = pendulum.datetime(1970, 1, 1, tz="UTC")


def _name(field: str) -> Callable[[Any, Any, Any], None]:
    def check(_: object, __: object, value: object) -> None:
        if not isinstance(value, str) or not value.strip() or value != value.strip():
            raise ValidationError(field, value, "a non-blank string without outer spaces")

    return check


@attrs.frozen
class ExternalRef:
    """Which entity a payload is about: ``channel``, ``account`` and ``external_id``."""

    channel: str = attrs.field(validator=_name("channel"))
    account: str = attrs.field(validator=_name("account"))
    external_id: str = attrs.field(validator=_name("external_id"))

    def __str__(self) -> str:
        return f"{self.channel}/{self.account}/{self.external_id}"


class VersionKind(enum.StrEnum):
    """How a channel versions an entity: by the instant it changed, or by a counter."""

    INSTANT = "instant"
    COUNTER = "counter"


@attrs.frozen(order=False)
class ExternalVersion:
    """A channel's version of an entity; ``rank`` orders versions of one kind exactly.

    Build it with :meth:`at` (an aware instant; ``rank`` is microseconds since the epoch, so
    offsets do not matter) or :meth:`counter` (``rank`` is the counter). ``text`` is what the
    channel sent, kept for ``ChannelRef.external_version``.
    """

    kind: VersionKind
    rank: int
    text: str

    @classmethod
    def at(cls, moment: pendulum.DateTime, text: str | None = None) -> ExternalVersion:
        """The version that an entity changed at ``moment`` (aware)."""
        at = instant(moment, "version")
        delta = at - _EPOCH
        rank = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return cls(VersionKind.INSTANT, rank, at.isoformat() if text is None else text)

    @classmethod
    def counter(cls, token: int | str) -> ExternalVersion:
        """The version from a counter such as QuickBooks' ``SyncToken`` (``"0"``, ``"1"``...)."""
        if isinstance(token, bool):
            raise WrongType("version", token, "a counter is an int or a string of digits")
        if isinstance(token, int):
            value = token
        elif isinstance(token, str) and token.isascii() and token.isdigit():
            value = int(token)
        else:
            raise ValidationError("version", token, "a counter is an int or a string of digits")
        if value < 0:
            raise ValidationError("version", token, "a counter is not negative")
        return cls(VersionKind.COUNTER, value, str(token))

    def compare(self, other: ExternalVersion) -> int:
        """-1, 0 or 1 as this version is older than, the same as, or newer than ``other``."""
        if self.kind is not other.kind:
            raise VersionKindMismatch(self.text, other.text)
        return (self.rank > other.rank) - (self.rank < other.rank)


class SyncDecision(enum.StrEnum):
    """What to do with an inbound payload, given the last version seen of its entity."""

    NEW = "new"
    """Never seen: import it."""
    SAME = "same"
    """The version already applied: a no-op."""
    STALE = "stale"
    """Older than the version applied (a late delivery): ignore it."""
    NEWER = "newer"
    """Newer than the version applied: apply it."""
    DUPLICATE = "duplicate"
    """A webhook event id already seen: a no-op, whatever its version."""

    @property
    def applies(self) -> bool:
        """Whether the host should apply the payload (new or newer)."""
        return self in {SyncDecision.NEW, SyncDecision.NEWER}


def decide(last: ExternalVersion | None, incoming: ExternalVersion) -> SyncDecision:
    """The decision (new, same, stale, newer) on ``incoming`` given the ``last`` one seen."""
    if last is None:
        return SyncDecision.NEW
    order = incoming.compare(last)
    if order == 0:
        return SyncDecision.SAME
    return SyncDecision.NEWER if order > 0 else SyncDecision.STALE


def _versions(value: Mapping[ExternalRef, ExternalVersion]) -> dict[ExternalRef, ExternalVersion]:
    return dict(value)


@attrs.frozen(kw_only=True)
class SyncOutcome:
    """The decision on one payload, the version seen before it, and the ledger after it."""

    decision: SyncDecision
    ref: ExternalRef
    incoming: ExternalVersion
    last_seen: ExternalVersion | None
    ledger: SyncLedger


@attrs.frozen(kw_only=True)
class SyncLedger:
    """The last version applied per reference and the event ids seen: an immutable value.

    :meth:`observe` returns a :class:`SyncOutcome` whose ``ledger`` is the next value; the host
    stores it (or keeps the same facts in its database) and applies the payload when
    ``outcome.decision.applies``.
    """

    versions: dict[ExternalRef, ExternalVersion] = attrs.field(
        factory=dict, converter=_versions, hash=False
    )
    event_ids: frozenset[tuple[str, str, str]] = frozenset()

    def last_seen(self, ref: ExternalRef) -> ExternalVersion | None:
        """The version last applied for ``ref``, or ``None``."""
        return self.versions.get(ref)

    def observe(
        self, ref: ExternalRef, version: ExternalVersion, *, event_id: str | None = None
    ) -> SyncOutcome:
        """Decide on a payload for ``ref`` at ``version`` (with its webhook ``event_id``, if any).

        A repeated ``event_id`` (per channel and account) is a duplicate; otherwise the version
        decides. The returned ledger remembers the event id and, when it applies, the version.
        """
        if not isinstance(ref, ExternalRef):
            raise WrongType("ref", ref, "a reference is an ExternalRef")
        if not isinstance(version, ExternalVersion):
            raise WrongType("version", version, "a version is an ExternalVersion")
        last = self.last_seen(ref)
        key = None if event_id is None else (ref.channel, ref.account, event_id)
        if key is not None and key in self.event_ids:
            return SyncOutcome(
                decision=SyncDecision.DUPLICATE,
                ref=ref,
                incoming=version,
                last_seen=last,
                ledger=self,
            )
        decision = decide(last, version)
        versions = {**self.versions, ref: version} if decision.applies else self.versions
        seen = self.event_ids if key is None else self.event_ids | {key}
        return SyncOutcome(
            decision=decision,
            ref=ref,
            incoming=version,
            last_seen=last,
            ledger=SyncLedger(versions=versions, event_ids=seen),
        )
