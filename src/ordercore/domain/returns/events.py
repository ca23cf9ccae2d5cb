"""The events a return (RMA) emits, one per change, past tense, with the return's new version.

The events the service turns into other aggregates' changes: ``ReturnUnitsReceived`` (the
order line's ``returned`` bucket), ``ReturnUnitsInspected`` (one stock movement per disposition,
see ``docs/returns.md``) and ``ReturnResolved`` (refunds, a credit note, an exchange order).
"""

from __future__ import annotations

from typing import ClassVar

import attrs
import pendulum

from ordercore.domain.returns.values import InspectedUnits, ReceivedUnits, ReturnLine
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import Money

__all__ = [
    "ReturnAuthorized",
    "ReturnCancelled",
    "ReturnClosed",
    "ReturnEvent",
    "ReturnInspectionFinished",
    "ReturnRefundPaid",
    "ReturnRejected",
    "ReturnRequested",
    "ReturnResolved",
    "ReturnShippedBack",
    "ReturnUnitsInspected",
    "ReturnUnitsReceived",
]


@attrs.frozen(kw_only=True)
class ReturnEvent(DomainEvent):
    """Base of the return events (``entity_kind`` ``"return"``)."""

    entity_kind: ClassVar[str] = "return"


@attrs.frozen(kw_only=True)
class ReturnRequested(ReturnEvent):
    """The customer asked ``lines`` of ``order_id`` back; each was in its window."""

    order_id: str
    channel: str
    lines: tuple[ReturnLine, ...]
    windows_close: tuple[tuple[str, pendulum.DateTime], ...] = ()
    """Per line id, the instant its return window closes (for the audit trail)."""


@attrs.frozen(kw_only=True)
class ReturnAuthorized(ReturnEvent):
    """The merchant authorized the return: the customer may send the units."""


@attrs.frozen(kw_only=True)
class ReturnRejected(ReturnEvent):
    """The merchant refused the return, saying why."""

    reason: str


@attrs.frozen(kw_only=True)
class ReturnShippedBack(ReturnEvent):
    """The customer handed the parcel to ``carrier`` (``tracking`` numbers, maybe none)."""

    carrier: str
    tracking: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ReturnUnitsReceived(ReturnEvent):
    """Units of an order line arrived at ``location`` (lot and condition in ``received``)."""

    order_id: str
    line_id: str
    sku: str
    location: str
    received: ReceivedUnits


@attrs.frozen(kw_only=True)
class ReturnUnitsInspected(ReturnEvent):
    """Units of a line were graded and given a disposition; the last one ends inspection."""

    order_id: str
    line_id: str
    sku: str
    inspected: InspectedUnits
    finished: bool
    """Whether every authorized unit has now arrived and been inspected (state ``inspected``)."""


@attrs.frozen(kw_only=True)
class ReturnInspectionFinished(ReturnEvent):
    """Inspection was ended with what arrived; ``never_arrived`` units per line did not."""

    never_arrived: tuple[tuple[str, int], ...]


@attrs.frozen(kw_only=True)
class ReturnResolved(ReturnEvent):
    """The customer was made whole: ``refund`` to the payments, ``credit`` as store credit.

    ``fee`` is the restocking fee kept; ``exchange_order_id`` names a linked replacement order.
    """

    order_id: str
    refund: Money
    credit: Money
    fee: Money
    exchange_order_id: str | None = None
    note: str = ""


@attrs.frozen(kw_only=True)
class ReturnRefundPaid(ReturnEvent):
    """Part of the resolved refund was paid back (on ``payment_id``, gateway ``reference``).

    ``refunded`` is the total paid back on the return after it.
    """

    order_id: str
    amount: Money
    refunded: Money
    reference: str
    payment_id: str | None = None


@attrs.frozen(kw_only=True)
class ReturnClosed(ReturnEvent):
    """The return's file was closed."""


@attrs.frozen(kw_only=True)
class ReturnCancelled(ReturnEvent):
    """The return was cancelled before anything arrived."""

    reason: str
