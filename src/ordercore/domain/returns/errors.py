"""The errors a return (RMA), a refund share or a follow-up raises when refused.

Each is an :class:`~ordercore.kernel.errors.OrdercoreError` and a builtin, names the field, the
value and the rule, and is raised before anything changes.
"""

from __future__ import annotations

from ordercore.kernel.errors import OrdercoreError

__all__ = ["OutsideReturnWindow", "OverRefund", "OverReturn", "UnknownReturnLine"]


class OutsideReturnWindow(OrdercoreError, ValueError):
    """A return requested at or after the instant its window closed (both dates named)."""

    template = (
        "now={requested_at!r} was refused: the return window of line {line_id!r} ({sku}) "
        "opened at delivery on {delivered_at} and closed on {closes_at} ({days} days); a "
        "request is in time strictly before the instant the window closes"
    )
    line_id: str
    sku: str
    requested_at: str
    delivered_at: str
    closes_at: str
    days: int


class OverReturn(OrdercoreError, ValueError):
    """More units asked back (or received) than the line allows."""

    template = (
        "units={units!r} was refused: line {line_id!r} allows at most {allowed} more ({limit_rule})"
    )
    line_id: str
    units: int
    allowed: int
    limit_rule: str


class UnknownReturnLine(OrdercoreError, LookupError):
    """The return (or the order facts given for it) has no such order line."""

    template = "line_id={line_id!r} was refused: {where} knows only the order lines {_known}"
    line_id: str
    where: str
    known: tuple[str, ...]

    @property
    def _known(self) -> list[str]:
        return list(self.known)


class OverRefund(OrdercoreError, ValueError):
    """A resolution that pays back more than the returned units' exact share allows."""

    template = (
        "amount={amount!r} was refused: return {rma_id!r} may pay back at most {limit} "
        "(the returned units' exact share of what was paid, less fees)"
    )
    rma_id: str
    amount: str
    limit: str
