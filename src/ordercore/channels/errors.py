"""Errors of the channel mappers: a malformed payload, and totals that do not reconcile.

Both subclass :class:`~ordercore.kernel.errors.OrdercoreError` and ``ValueError``. A payload error
names the JSON path (``order.line_items[2].price``), the value found there and the rule it broke;
a rejected payload produces nothing. ``TotalsDoNotReconcile`` is raised only in strict mode: by
default the mismatches are carried in the import's :class:`~.reconciliation.Reconciliation`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ordercore.kernel.errors import OrdercoreError, ValidationError, fact

if TYPE_CHECKING:  # pragma: no cover - typing only, avoids an import cycle
    from ordercore.channels.reconciliation import TotalCheck

__all__ = ["ChannelPayloadError", "TotalsDoNotReconcile", "VersionKindMismatch"]


class ChannelPayloadError(ValidationError):
    """A channel payload is malformed: ``path`` held ``value``, and ``rule`` says what was expected.

    ``field`` (from :class:`ValidationError`) is the JSON path; ``channel`` names the mapper.
    """

    channel: str
    path: str

    def __init__(self, channel: str, path: str, value: object, rule: str) -> None:
        self.channel, self.path = channel, path
        super().__init__(path, value, f"{channel} payload: {rule}")


class TotalsDoNotReconcile(OrdercoreError, ValueError):
    """Strict mode: the totals a channel stated differ from what its lines add up to."""

    template = (
        "{channel} order {external_id!r} does not reconcile: {_described}; "
        "a mapper never fixes totals, so the host must decide (import without strict mode "
        "to keep the report)"
    )
    channel: str
    external_id: str
    mismatches: Sequence[TotalCheck] = fact(converter=tuple)

    @property
    def _described(self) -> str:
        return "; ".join(
            f"{m.field} stated {m.stated.amount} but the lines give {m.computed.amount} "
            f"(difference {m.difference.amount})"
            for m in self.mismatches
        )

    def _more_fields(self) -> Mapping[str, Any]:
        return {"fields": tuple(m.field for m in self.mismatches)}


class VersionKindMismatch(OrdercoreError, ValueError):
    """Two external versions of different kinds (an instant and a counter) were compared."""

    template = (
        "external versions {left!r} and {right!r} are of different kinds (instant vs "
        "counter) and cannot be ordered; one channel uses one kind of version"
    )
    left: str
    right: str
