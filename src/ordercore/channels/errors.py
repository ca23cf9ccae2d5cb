"""Errors of the channel mappers: a malformed payload, and totals that do not reconcile.

Both subclass :class:`~ordercore.kernel.errors.OrdercoreError` and ``ValueError``. A payload error
names the JSON path (``order.line_items[2].price``), the value found there and the rule it broke;
a rejected payload produces nothing. ``TotalsDoNotReconcile`` is raised only in strict mode: by
default the mismatches are carried in the import's :class:`~.reconciliation.Reconciliation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ordercore.kernel.errors import OrdercoreError, ValidationError

if TYPE_CHECKING:  # pragma: no cover - typing only, avoids an import cycle
    from ordercore.channels.reconciliation import TotalCheck

__all__ = ["ChannelPayloadError", "TotalsDoNotReconcile", "VersionKindMismatch"]


class ChannelPayloadError(ValidationError):
    """A channel payload is malformed: ``path`` held ``value``, and ``rule`` says what was expected.

    ``field`` (from :class:`ValidationError`) is the JSON path; ``channel`` names the mapper.
    """

    def __init__(self, channel: str, path: str, value: object, rule: str) -> None:
        super().__init__(path, value, f"{channel} payload: {rule}", channel=channel, path=path)
        self.channel = channel
        self.path = path


class TotalsDoNotReconcile(OrdercoreError, ValueError):
    """Strict mode: the totals a channel stated differ from what its lines add up to."""

    def __init__(self, channel: str, external_id: str, mismatches: Sequence[TotalCheck]) -> None:
        described = "; ".join(
            f"{m.field} stated {m.stated.amount} but the lines give {m.computed.amount} "
            f"(difference {m.difference.amount})"
            for m in mismatches
        )
        super().__init__(
            f"{channel} order {external_id!r} does not reconcile: {described}; "
            "a mapper never fixes totals, so the host must decide (import without strict mode "
            "to keep the report)",
            channel=channel,
            external_id=external_id,
            fields=tuple(m.field for m in mismatches),
            mismatches=tuple(mismatches),
        )
        self.channel = channel
        self.external_id = external_id
        self.mismatches = tuple(mismatches)


class VersionKindMismatch(OrdercoreError, ValueError):
    """Two external versions of different kinds (an instant and a counter) were compared."""

    def __init__(self, left: str, right: str) -> None:
        super().__init__(
            f"external versions {left!r} and {right!r} are of different kinds (instant vs "
            "counter) and cannot be ordered; one channel uses one kind of version",
            left=left,
            right=right,
        )
        self.left = left
        self.right = right
