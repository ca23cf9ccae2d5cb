"""The errors inventory commands raise; each also derives from the builtin that matches it.

A rejected inventory command changes nothing: the stock item validates the whole command
(every allocation of every hold in a batch) before it touches a counter.
"""

from __future__ import annotations

from ordercore.kernel.errors import OrdercoreError

__all__ = [
    "DuplicateReservation",
    "HoldExpired",
    "InsufficientStock",
    "NegativeStock",
    "OverRelease",
    "OverShipment",
    "OverUnpick",
]


class InsufficientStock(OrdercoreError, ValueError):
    """More units were asked of a position (or an incoming supply) than are free there.

    ``where`` names the position (``"WH-EAST/LOT-7"``) or the incoming supply (``"incoming
    PO-1"``); ``requested`` is the total demand on it (summed over the whole request) and
    ``available`` what it can give.
    """

    def __init__(self, sku: str, where: str, requested: int, available: int) -> None:
        super().__init__(
            f"quantity={requested!r} of {sku} at {where} was refused: only {available} "
            "available (on hand - reserved - safety stock; demand is summed over the request)",
            sku=sku,
            where=where,
            requested=requested,
            available=available,
        )
        self.sku = sku
        self.where = where
        self.requested = requested
        self.available = available


class NegativeStock(OrdercoreError, ValueError):
    """A change would take on hand below zero (or move more units than a position holds)."""

    def __init__(self, sku: str, where: str, on_hand: int, change: int, rule: str) -> None:
        super().__init__(
            f"change={change!r} of {sku} at {where} was refused: {rule} (on hand is {on_hand})",
            sku=sku,
            where=where,
            on_hand=on_hand,
            change=change,
            rule=rule,
        )
        self.sku = sku
        self.where = where
        self.on_hand = on_hand
        self.change = change
        self.rule = rule


class OverRelease(OrdercoreError, ValueError):
    """A release asked for more units than the reservation holds (``release_all`` exists)."""

    def __init__(self, reservation_id: str, requested: int, held: int, rule: str = "") -> None:
        super().__init__(
            f"quantity={requested!r} to release from reservation {reservation_id!r} was refused: "
            + (rule or f"it holds only {held} releasable units; use release_all to give back all"),
            reservation_id=reservation_id,
            requested=requested,
            held=held,
        )
        self.reservation_id = reservation_id
        self.requested = requested
        self.held = held


class OverShipment(OrdercoreError, ValueError):
    """A pick or a shipment asked for more units than the reservation has allocated (or picked)."""

    def __init__(self, reservation_id: str, requested: int, allowed: int, rule: str) -> None:
        super().__init__(
            f"quantity={requested!r} for reservation {reservation_id!r} was refused: {rule} "
            f"(at most {allowed})",
            reservation_id=reservation_id,
            requested=requested,
            allowed=allowed,
            rule=rule,
        )
        self.reservation_id = reservation_id
        self.requested = requested
        self.allowed = allowed
        self.rule = rule


class DuplicateReservation(OrdercoreError, ValueError):
    """A reservation id that this stock item already knows (ids are never reused)."""

    def __init__(self, sku: str, reservation_id: str) -> None:
        super().__init__(
            f"reservation_id={reservation_id!r} was refused: {sku} already has a reservation "
            "with this id; ids are never reused",
            sku=sku,
            reservation_id=reservation_id,
        )
        self.sku = sku
        self.reservation_id = reservation_id


class HoldExpired(OrdercoreError, ValueError):
    """A command on a soft hold whose ``expires_at`` has passed (``now >= expires_at``)."""

    def __init__(self, reservation_id: str, expires_at: object, now: object) -> None:
        super().__init__(
            f"reservation_id={reservation_id!r} was refused: the hold expired at {expires_at} "
            f"(now is {now}; a hold expires when now >= expires_at); reserve again",
            reservation_id=reservation_id,
            expires_at=expires_at,
            now=now,
        )
        self.reservation_id = reservation_id
        self.expires_at = expires_at
        self.now = now


class OverUnpick(OrdercoreError, ValueError):
    """An unpick asked to put back more units than the reservation has picked (at a place).

    ``where`` names the place (``"WH-EAST/LOT-7"``), or ``"the reservation"`` when the caller
    named none; ``picked`` is what is picked there.
    """

    def __init__(self, reservation_id: str, requested: int, picked: int, where: str) -> None:
        super().__init__(
            f"units={requested!r} to unpick from reservation {reservation_id!r} at {where} was "
            f"refused: only {picked} units are picked there; unpick at most what was picked",
            reservation_id=reservation_id,
            requested=requested,
            picked=picked,
            where=where,
        )
        self.reservation_id = reservation_id
        self.requested = requested
        self.picked = picked
        self.where = where
