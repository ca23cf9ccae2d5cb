"""The errors a shipment raises when a command is refused (each also a builtin's subclass).

Every one names the shipment, the field, the value and the rule, and is raised before anything
changes: a refused command leaves the shipment (and, through the Engine, the store) as it was.
"""

from __future__ import annotations

from ordercore.kernel.errors import OrdercoreError, ValidationError

__all__ = ["NotOnShelf", "OverPick", "UnknownShipmentLine"]


class UnknownShipmentLine(OrdercoreError, LookupError):
    """The shipment has no line for this order line."""

    def __init__(self, shipment_id: str, line_id: str, known: tuple[str, ...]) -> None:
        super().__init__(
            f"line_id={line_id!r} was refused: shipment {shipment_id!r} carries only the order "
            f"lines {list(known)}",
            shipment_id=shipment_id,
            line_id=line_id,
            known=known,
        )
        self.shipment_id = shipment_id
        self.line_id = line_id
        self.known = known


class OverPick(OrdercoreError, ValueError):
    """A pick of more units than the shipment line still asks for."""

    def __init__(self, shipment_id: str, line_id: str, units: int, remaining: int) -> None:
        super().__init__(
            f"units={units!r} was refused: line {line_id!r} of shipment {shipment_id!r} still "
            f"asks for {remaining} units, and a pick takes at most that many",
            shipment_id=shipment_id,
            line_id=line_id,
            units=units,
            remaining=remaining,
        )
        self.shipment_id = shipment_id
        self.line_id = line_id
        self.units = units
        self.remaining = remaining


class NotOnShelf(ValidationError):
    """The order line's reservations hold fewer unpicked units at the place than asked for.

    A :class:`ValidationError` of field ``units`` (and so a ``ValueError``).
    """

    def __init__(
        self, order_id: str, line_id: str, location: str, lot: str | None, units: int, held: int
    ) -> None:
        where = location if lot is None else f"{location}/{lot}"
        super().__init__(
            "units",
            units,
            f"line {order_id}/{line_id} has only {held} units reserved on the shelf at {where} "
            "and not yet picked",
            order_id=order_id,
            line_id=line_id,
            location=location,
            lot=lot,
            held=held,
        )
        self.order_id = order_id
        self.line_id = line_id
        self.location = location
        self.lot = lot
        self.units = units
        self.held = held
