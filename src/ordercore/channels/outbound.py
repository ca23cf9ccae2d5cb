"""Neutral outbound values: what a shipment tells a channel (lines shipped and tracking).

Channel modules turn a :class:`ShipmentNotice` into the JSON body the host sends (Shopify's
fulfillment, Amazon's shipment confirmation). They are pure: dict out, nothing sent.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pendulum

from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ValidationError

from .versions import ExternalRef

__all__ = ["ShipmentNotice", "ShippedLine", "Tracking"]


def _positive(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(attribute.name, value, "a quantity is a whole int")
    if value < 1:
        raise ValidationError(attribute.name, value, "a shipped quantity is at least 1")


def _text(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(attribute.name, value, "a non-blank string is expected")


@attrs.frozen(kw_only=True)
class Tracking:
    """A parcel's carrier (code and display name), service, tracking number and URL."""

    carrier: str = attrs.field(validator=_text)
    number: str = attrs.field(validator=_text)
    carrier_name: str | None = None
    service: str | None = None
    url: str | None = None


@attrs.frozen(kw_only=True)
class ShippedLine:
    """Units of one channel line (its external line or item id) that left in the parcel."""

    external_line_id: str = attrs.field(validator=_text)
    quantity: int = attrs.field(validator=_positive)


def _lines(value: Iterable[ShippedLine]) -> tuple[ShippedLine, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class ShipmentNotice:
    """A shipment to tell the channel about: the order, the lines, the tracking and when."""

    order_ref: ExternalRef
    lines: tuple[ShippedLine, ...] = attrs.field(converter=_lines)
    tracking: Tracking
    shipped_at: pendulum.DateTime = attrs.field(converter=instant)

    def __attrs_post_init__(self) -> None:
        if not self.lines:
            raise ValidationError("lines", self.lines, "a shipment carries at least one line")
