"""The errors inventory commands raise; each also derives from the builtin that matches it.

A rejected inventory command changes nothing: the stock item validates the whole command
(every allocation of every hold in a batch) before it touches a counter.
"""

from __future__ import annotations

from ordercore.kernel.errors import OrdercoreError, fact

__all__ = [
    "DuplicateReservation",
    "HoldExpired",
    "InsufficientStock",
    "NegativeStock",
    "OverRelease",
    "OverShipment",
    "OverUnpick",
    "UnknownLot",
]


class InsufficientStock(OrdercoreError, ValueError):
    """More units were asked of a position (or an incoming supply) than are free there.

    ``where`` names the position (``"WH-EAST/LOT-7"``) or the incoming supply (``"incoming
    PO-1"``); ``requested`` is the total demand on it (summed over the whole request) and
    ``available`` what it can give.
    """

    template = (
        "quantity={requested!r} of {sku} at {where} was refused: only {available} "
        "available (on hand - reserved - safety stock; demand is summed over the request)"
    )
    sku: str
    where: str
    requested: int
    available: int


class NegativeStock(OrdercoreError, ValueError):
    """A change would take on hand below zero (or move more units than a position holds)."""

    template = "change={change!r} of {sku} at {where} was refused: {rule} (on hand is {on_hand})"
    sku: str
    where: str
    on_hand: int
    change: int
    rule: str


class OverRelease(OrdercoreError, ValueError):
    """A release asked for more units than the reservation holds (``release_all`` exists)."""

    template = (
        "quantity={requested!r} to release from reservation {reservation_id!r} was refused: {_why}"
    )
    reservation_id: str
    requested: int
    held: int
    rule: str = fact(default="", listed=False)
    """Why, when it is not that the reservation holds too few releasable units."""

    @property
    def _why(self) -> str:
        default = f"it holds only {self.held} releasable units; use release_all to give back all"
        return self.rule or default


class OverShipment(OrdercoreError, ValueError):
    """A pick or a shipment asked for more units than the reservation has allocated (or picked)."""

    template = (
        "quantity={requested!r} for reservation {reservation_id!r} was refused: {rule} "
        "(at most {allowed})"
    )
    reservation_id: str
    requested: int
    allowed: int
    rule: str


class DuplicateReservation(OrdercoreError, ValueError):
    """A reservation id that this stock item already knows (ids are never reused)."""

    template = (
        "reservation_id={reservation_id!r} was refused: {sku} already has a reservation "
        "with this id; ids are never reused"
    )
    sku: str
    reservation_id: str


class HoldExpired(OrdercoreError, ValueError):
    """A command on a soft hold whose ``expires_at`` has passed (``now >= expires_at``)."""

    template = (
        "reservation_id={reservation_id!r} was refused: the hold expired at {expires_at} "
        "(now is {now}; a hold expires when now >= expires_at); reserve again"
    )
    reservation_id: str
    expires_at: object
    now: object


class OverUnpick(OrdercoreError, ValueError):
    """An unpick asked to put back more units than the reservation has picked (at a place).

    ``where`` names the place (``"WH-EAST/LOT-7"``), or ``"the reservation"`` when the caller
    named none; ``picked`` is what is picked there.
    """

    template = (
        "units={requested!r} to unpick from reservation {reservation_id!r} at {where} was "
        "refused: only {picked} units are picked there; unpick at most what was picked"
    )
    reservation_id: str
    requested: int
    picked: int
    where: str


class UnknownLot(OrdercoreError, LookupError):
    """Stock was sent into a lot the SKU does not know (never registered, holds nothing).

    A lot is registered by receiving (or expecting) stock with a
    :class:`~ordercore.domain.inventory.values.Lot` that carries its expiry; after that its id
    alone names it while it still matters.
    """

    template = (
        "lot={lot!r} of {sku} was refused: the SKU has no such lot; the rule is that stock goes "
        "only into a registered lot (give a Lot with its expiry to register it)"
    )
    sku: str
    lot: str
