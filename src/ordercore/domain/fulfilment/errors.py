"""The errors a shipment raises when a command is refused (each also a builtin's subclass).

Every one names the shipment, the field, the value and the rule, and is raised before anything
changes: a refused command leaves the shipment (and, through the Engine, the store) as it was.
"""

from __future__ import annotations

from ordercore.kernel.errors import OrdercoreError, ValidationError, fact

__all__ = ["NotOnShelf", "OnPickList", "OverPick", "UnknownShipmentLine"]


class UnknownShipmentLine(OrdercoreError, LookupError):
    """The shipment has no line for this order line."""

    template = (
        "line_id={line_id!r} was refused: shipment {shipment_id!r} carries only the order "
        "lines {_known}"
    )
    shipment_id: str
    line_id: str
    known: tuple[str, ...]

    @property
    def _known(self) -> list[str]:
        return list(self.known)


class OverPick(OrdercoreError, ValueError):
    """A pick of more units than the shipment line still asks for."""

    template = (
        "units={units!r} was refused: line {line_id!r} of shipment {shipment_id!r} still "
        "asks for {remaining} units, and a pick takes at most that many"
    )
    shipment_id: str
    line_id: str
    units: int
    remaining: int


class OnPickList(OrdercoreError, ValueError):
    """A command the shipment's active pick list owns: its units are picked by confirming it."""

    template = (
        "shipment_id={shipment_id!r} was refused: it is on pick list {pick_list_id!r}, so it "
        "cannot {command} until that list is finished or cancelled"
    )
    shipment_id: str
    pick_list_id: str
    command: str


class NotOnShelf(ValidationError):
    """The order line's reservations hold fewer unpicked units at the place than asked for.

    A :class:`ValidationError` of field ``units`` (and so a ``ValueError``).
    """

    order_id: str
    line_id: str
    location: str
    lot: str | None
    units: int = fact(listed=False)
    held: int

    def __init__(
        self, order_id: str, line_id: str, location: str, lot: str | None, units: int, held: int
    ) -> None:
        self.order_id, self.line_id, self.location, self.lot = order_id, line_id, location, lot
        self.units, self.held = units, held
        where = location if lot is None else f"{location}/{lot}"
        rule = f"line {order_id}/{line_id} has only {held} units reserved on the shelf at {where}"
        super().__init__("units", units, f"{rule} and not yet picked")
