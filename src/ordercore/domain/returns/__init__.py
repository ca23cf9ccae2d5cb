"""Returns and after-sale care: the RMA aggregate, refund shares and the satisfaction follow-up.

>>> import pendulum
>>> delivered = pendulum.datetime(2026, 11, 2, 15, tz="UTC")
>>> rma = ReturnAuthorization.request(
...     "RMA-1", "order-1", "shopify",
...     [ReturnRequestLine("line-1", 1, ReturnReason.SIZE_OR_FIT)],
...     [ReturnableLine("line-1", "RETRO-CLOCK", shipped=2, returned=0, delivered_at=delivered)],
...     ReturnWindow(30),
...     delivered.add(days=3),
... )
>>> rma.authorize(delivered.add(days=3))
>>> rma.receive("line-1", 1, Condition.SEALED, "WH-EAST", delivered.add(days=9))
>>> rma.inspect(
...     "line-1", 1, Grade.AS_NEW, Disposition(DispositionKind.RESTOCK, "WH-EAST"),
...     delivered.add(days=10),
... )
>>> rma.status
<RmaStatus.INSPECTED: 'inspected'>
"""

from ordercore.domain.returns.errors import (
    OutsideReturnWindow,
    OverRefund,
    OverReturn,
    UnknownReturnLine,
)
from ordercore.domain.returns.events import (
    ReturnAuthorized,
    ReturnCancelled,
    ReturnClosed,
    ReturnEvent,
    ReturnInspectionFinished,
    ReturnRefundPaid,
    ReturnRejected,
    ReturnRequested,
    ReturnResolved,
    ReturnShippedBack,
    ReturnUnitsInspected,
    ReturnUnitsReceived,
)
from ordercore.domain.returns.followup import (
    CaseResolution,
    FollowUp,
    FollowUpPolicy,
    replay_follow_up,
)
from ordercore.domain.returns.followup_events import (
    FollowUpAsked,
    FollowUpCancelled,
    FollowUpCaseOpened,
    FollowUpCaseResolved,
    FollowUpEvent,
    FollowUpSatisfied,
    FollowUpScheduled,
)
from ordercore.domain.returns.followup_lifecycle import FOLLOW_UP_LIFECYCLE, FollowUpStatus
from ordercore.domain.returns.lifecycle import (
    EVERY_RECEIVED_UNIT_INSPECTED,
    RMA_LIFECYCLE,
    RmaFacts,
    RmaStatus,
)
from ordercore.domain.returns.refunds import (
    LineFigures,
    OrderFigures,
    RefundPolicy,
    RefundQuote,
    RefundShare,
    refund_breakdown,
    refund_quote,
    refund_share,
    remaining_share,
    share_of_more,
)
from ordercore.domain.returns.rma import ReturnAuthorization, replay_return
from ordercore.domain.returns.values import (
    Arrival,
    Condition,
    Disposition,
    DispositionKind,
    Grade,
    InspectedUnits,
    ReceivedUnits,
    ReturnableLine,
    ReturnLine,
    ReturnReason,
    ReturnRequestLine,
)
from ordercore.domain.returns.window import ReturnWindow

__all__ = [
    "EVERY_RECEIVED_UNIT_INSPECTED",
    "FOLLOW_UP_LIFECYCLE",
    "RMA_LIFECYCLE",
    "Arrival",
    "CaseResolution",
    "Condition",
    "Disposition",
    "DispositionKind",
    "FollowUp",
    "FollowUpAsked",
    "FollowUpCancelled",
    "FollowUpCaseOpened",
    "FollowUpCaseResolved",
    "FollowUpEvent",
    "FollowUpPolicy",
    "FollowUpSatisfied",
    "FollowUpScheduled",
    "FollowUpStatus",
    "Grade",
    "InspectedUnits",
    "LineFigures",
    "OrderFigures",
    "OutsideReturnWindow",
    "OverRefund",
    "OverReturn",
    "ReceivedUnits",
    "RefundPolicy",
    "RefundQuote",
    "RefundShare",
    "ReturnAuthorization",
    "ReturnAuthorized",
    "ReturnCancelled",
    "ReturnClosed",
    "ReturnEvent",
    "ReturnInspectionFinished",
    "ReturnLine",
    "ReturnReason",
    "ReturnRefundPaid",
    "ReturnRejected",
    "ReturnRequestLine",
    "ReturnRequested",
    "ReturnResolved",
    "ReturnShippedBack",
    "ReturnUnitsInspected",
    "ReturnUnitsReceived",
    "ReturnWindow",
    "ReturnableLine",
    "RmaFacts",
    "RmaStatus",
    "UnknownReturnLine",
    "refund_breakdown",
    "refund_quote",
    "refund_share",
    "remaining_share",
    "replay_follow_up",
    "replay_return",
    "share_of_more",
]
