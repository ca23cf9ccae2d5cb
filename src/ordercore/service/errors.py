"""Errors the service layer raises on top of the domain's: each names its field, value and rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money

__all__ = [
    "PaymentNotAuthorized",
    "PaymentOfAnotherOrder",
    "ReservationsOutOfStep",
    "ShipmentInProgress",
    "UnknownLocation",
]


class PaymentNotAuthorized(OrdercoreError, ValueError):
    """An order paid before fulfilment (ON_PLACEMENT) is confirmed before its money is secured."""

    template = (
        "order {order_id!r} cannot be confirmed: payment={secured} is secured but the "
        "rule is that an order invoiced on placement has its total {needed} authorised "
        "(or captured) first"
    )
    order_id: str
    needed: Money
    secured: Money

    def _more_fields(self) -> Mapping[str, Any]:
        return {"field": "payment", "value": str(self.secured), "rule": "authorised >= order total"}


class PaymentOfAnotherOrder(OrdercoreError, ValueError):
    """A payment command names a payment that belongs to another order."""

    template = (
        "payment_id={payment_id!r} belongs to order {owner!r}, not {order_id!r}: "
        "a payment is recorded only on its own order"
    )
    refuses = ("payment_id", "a payment belongs to one order")
    payment_id: str
    order_id: str
    owner: str


class ReservationsOutOfStep(OrdercoreError, ValueError):
    """Stock reserved for an order line cannot be brought in line with the line's buckets."""

    template = (
        "line {order_id}/{line_id}: reserved={reserved} units cannot become {wanted}: "
        "the rule is that stock reserved for a line equals its allocated, picked and packed "
        "units, and only unpicked units (or whole reservations) are given back"
    )
    refuses = ("reserved", "reserved == allocated + picked + packed")
    order_id: str
    line_id: str
    reserved: int
    wanted: int


class ShipmentInProgress(OrdercoreError, ValueError):
    """A cancellation would take picked or packed units that an open shipment holds."""

    template = (
        "units={units} of line {order_id}/{line_id} cannot be cancelled: only {free} are "
        "not yet picked, and the rule is that units an open shipment holds are cancelled "
        "by cancelling the shipment first (cancel_shipment puts them back)"
    )
    refuses = ("units", "cancel at most the units no open shipment holds")
    order_id: str
    line_id: str
    units: int
    free: int


class UnknownLocation(OrdercoreError, LookupError):
    """Stock is put at a location the Engine was not configured with."""

    template = (
        "location={location!r} is not one of the shop's locations ({_known}): "
        "the rule is that stock is received, restocked and returned only at a location "
        "the Engine was configured with"
    )
    refuses = ("location", "a configured location")
    location: str
    known: tuple[str, ...]

    @property
    def _known(self) -> str:
        return ", ".join(self.known)
