"""Errors the service layer raises on top of the domain's: each names its field, value and rule."""

from __future__ import annotations

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

    def __init__(self, order_id: str, needed: Money, secured: Money) -> None:
        super().__init__(
            f"order {order_id!r} cannot be confirmed: payment={secured} is secured but the "
            f"rule is that an order invoiced on placement has its total {needed} authorised "
            "(or captured) first",
            field="payment",
            value=str(secured),
            rule="authorised >= order total",
            order_id=order_id,
            needed=needed,
            secured=secured,
        )
        self.order_id, self.needed, self.secured = order_id, needed, secured


class PaymentOfAnotherOrder(OrdercoreError, ValueError):
    """A payment command names a payment that belongs to another order."""

    def __init__(self, payment_id: str, order_id: str, owner: str) -> None:
        super().__init__(
            f"payment_id={payment_id!r} belongs to order {owner!r}, not {order_id!r}: "
            "a payment is recorded only on its own order",
            field="payment_id",
            value=payment_id,
            rule="a payment belongs to one order",
            order_id=order_id,
            owner=owner,
        )
        self.payment_id, self.order_id, self.owner = payment_id, order_id, owner


class ReservationsOutOfStep(OrdercoreError, ValueError):
    """Stock reserved for an order line cannot be brought in line with the line's buckets."""

    def __init__(self, order_id: str, line_id: str, reserved: int, wanted: int) -> None:
        super().__init__(
            f"line {order_id}/{line_id}: reserved={reserved} units cannot become {wanted}: "
            "the rule is that stock reserved for a line equals its allocated, picked and packed "
            "units, and only unpicked units (or whole reservations) are given back",
            field="reserved",
            value=reserved,
            rule="reserved == allocated + picked + packed",
            order_id=order_id,
            line_id=line_id,
            wanted=wanted,
        )
        self.order_id, self.line_id, self.reserved, self.wanted = (
            order_id,
            line_id,
            reserved,
            wanted,
        )


class ShipmentInProgress(OrdercoreError, ValueError):
    """A cancellation would take picked or packed units that an open shipment holds."""

    def __init__(self, order_id: str, line_id: str, units: int, free: int) -> None:
        super().__init__(
            f"units={units} of line {order_id}/{line_id} cannot be cancelled: only {free} are "
            "not yet picked, and the rule is that units an open shipment holds are cancelled "
            "by cancelling the shipment first (cancel_shipment puts them back)",
            field="units",
            value=units,
            rule="cancel at most the units no open shipment holds",
            order_id=order_id,
            line_id=line_id,
            free=free,
        )
        self.order_id, self.line_id, self.units, self.free = order_id, line_id, units, free


class UnknownLocation(OrdercoreError, LookupError):
    """Stock is put at a location the Engine was not configured with."""

    def __init__(self, location: str, known: tuple[str, ...]) -> None:
        super().__init__(
            f"location={location!r} is not one of the shop's locations ({', '.join(known)}): "
            "the rule is that stock is received, restocked and returned only at a location "
            "the Engine was configured with",
            field="location",
            value=location,
            rule="a configured location",
            known=known,
        )
        self.location, self.known = location, known
