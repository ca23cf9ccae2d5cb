"""Carrier tracking after shipping: the statuses a carrier reports, and what they ask of the host.

After a shipment is shipped, the carrier's tracking events are recorded against it, each with
the carrier's time (:meth:`ordercore.domain.fulfilment.Shipment.track`). Each status is a row of
the shipment lifecycle. ``delivered`` completes the shipment like a delivery; a ``lost`` or
``returned_to_sender`` parcel opens a decision for the host (reship from stock, or refund) and is
never counted as delivered.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

__all__ = ["HOST_DECISIONS", "TrackingResult", "TrackingStatus"]


class TrackingStatus(enum.StrEnum):
    """A status a carrier reports for a parcel after it left."""

    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    DELIVERY_ATTEMPTED = "delivery_attempted"
    DELIVERY_FAILED = "delivery_failed"
    EXCEPTION = "exception"
    LOST = "lost"
    DAMAGED = "damaged"
    RETURNED_TO_SENDER = "returned_to_sender"

    @property
    def trigger(self) -> str:
        """The shipment lifecycle trigger this status fires (``deliver`` for ``delivered``)."""
        return "deliver" if self is TrackingStatus.DELIVERED else f"track_{self.value}"

    @property
    def needs_decision(self) -> bool:
        """Whether the host must decide what happens next (reship or refund)."""
        return self in (TrackingStatus.LOST, TrackingStatus.RETURNED_TO_SENDER)


HOST_DECISIONS: tuple[str, ...] = ("reship", "refund")
"""What a host may decide for a lost or returned parcel: reship from stock, or refund."""


@attrs.frozen
class TrackingResult:
    """What recording a tracking event did: the shipment's new status, units delivered, decision.

    ``delivered`` is empty unless the status was ``delivered``; ``decision`` lists the host's
    choices (:data:`HOST_DECISIONS`) when the parcel is lost or returned to the sender, and is
    empty otherwise.
    """

    shipment_id: str
    status: TrackingStatus
    delivered: Mapping[str, int] = attrs.field(factory=dict)
    decision: tuple[str, ...] = ()

    @property
    def needs_decision(self) -> bool:
        """Whether the host must decide (reship or refund)."""
        return bool(self.decision)
