"""The errors the warehouse floor raises when a command is refused (each also a builtin's).

Every one names the field, the value and the rule, and is raised before anything changes.
"""

from __future__ import annotations

from ordercore.kernel.errors import OrdercoreError, fact

__all__ = ["BinShort", "OverConfirm", "SerialExhausted", "UnknownBin", "UnknownPickLine"]


class UnknownPickLine(OrdercoreError, LookupError):
    """The pick list has no line with this id."""

    template = (
        "line_id={line_id!r} was refused: pick list {pick_list_id!r} has only the lines {_known}"
    )
    pick_list_id: str
    line_id: str
    known: tuple[str, ...] = fact(converter=tuple)

    @property
    def _known(self) -> list[str]:
        return list(self.known)


class OverConfirm(OrdercoreError, ValueError):
    """A confirmation of more units than the pick line still has open."""

    template = (
        "units={units!r} was refused: line {line_id!r} of pick list {pick_list_id!r} has "
        "{open_units} units open, and a confirmation takes at most that many"
    )
    pick_list_id: str
    line_id: str
    units: int
    open_units: int


class UnknownBin(OrdercoreError, LookupError):
    """A host-supplied walk sequence does not list a bin that has something to pick."""

    template = (
        "bin={bin!r} was refused: the walk sequence does not list it, and every bin to pick "
        "from needs a place in the walk"
    )
    bin: str


class SerialExhausted(OrdercoreError, ValueError):
    """An SSCC serial reference that does not fit the digits the company prefix leaves."""

    template = (
        "serial={serial!r} was refused: with company prefix {company_prefix!r} an SSCC serial "
        "reference has {digits} digits (0 to {_largest})"
    )
    serial: int
    company_prefix: str
    digits: int

    @property
    def _largest(self) -> int:
        largest: int = 10**self.digits - 1
        return largest


class BinShort(OrdercoreError, ValueError):
    """More units asked of a bin (or of a location's bins) than it holds."""

    template = (
        "units={units!r} was refused: {where} holds {held} units of {sku} (lot {lot!r}), and "
        "units leave a bin only if it holds them"
    )
    units: int
    where: str
    sku: str
    lot: str | None
    held: int
