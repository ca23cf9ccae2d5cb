"""Typed ids and injected id factories.

Ids are strings under distinct ``NewType`` names, so mypy keeps an ``OrderId`` from being
passed where a ``Sku`` is expected, at no run-time cost. ordercore never invents an id from the
wall clock or an unseeded random source: the host injects an :class:`IdFactory` (its database
sequence, a UUID source); :class:`SequentialIds` and :class:`SeededIds` are deterministic ones for
tests and demos.
"""

from __future__ import annotations

import random  # io-ok: only random.Random(seed), a seeded source for test ids
from typing import NewType, Protocol

import attrs

from ordercore.kernel.errors import ValidationError

__all__ = [
    "CustomerId",
    "IdFactory",
    "InvoiceId",
    "LocationId",
    "LotId",
    "OrderId",
    "PaymentId",
    "ReservationId",
    "ReturnId",
    "SeededIds",
    "SequentialIds",
    "ShipmentId",
    "Sku",
    "require_id",
]

OrderId = NewType("OrderId", str)
"""An order's id."""
CustomerId = NewType("CustomerId", str)
"""A customer's id."""
PaymentId = NewType("PaymentId", str)
"""A payment's id."""
InvoiceId = NewType("InvoiceId", str)
"""An invoice's (or credit note's) id."""
ReservationId = NewType("ReservationId", str)
"""A stock reservation's id."""
ShipmentId = NewType("ShipmentId", str)
"""A shipment's id."""
ReturnId = NewType("ReturnId", str)
"""A return's (RMA's) id."""
Sku = NewType("Sku", str)
"""A stock-keeping unit code, e.g. ``Sku("RETRO-CLOCK")``."""
LocationId = NewType("LocationId", str)
"""A stock location (warehouse, store, 3PL) id."""
LotId = NewType("LotId", str)
"""A lot (batch) number."""


def require_id(field: str, value: object) -> str:
    """``value`` if it is a usable id: a non-empty str without surrounding white space."""
    if not isinstance(value, str) or not value or value != value.strip():
        raise ValidationError(field, value, "an id is a non-empty string without outer spaces")
    return value


class IdFactory(Protocol):
    """The port that hands out new ids; ``kind`` names what the id is for (``"order"``...)."""

    def new_id(self, kind: str) -> str:
        """A new id, never handed out before by this factory."""
        ...


@attrs.define
class SequentialIds:
    """Deterministic ids ``order-1``, ``order-2``, ... with a counter per kind."""

    _counters: dict[str, int] = attrs.field(factory=dict, alias="counters")

    def new_id(self, kind: str) -> str:
        """The next id for ``kind``."""
        number = self._counters.get(kind, 0) + 1
        self._counters[kind] = number
        return f"{kind}-{number}"


@attrs.define
class SeededIds:
    """Hex ids from a seeded pseudo-random source: unique in practice, repeatable by seed."""

    seed: int
    _rng: random.Random = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 - ids for tests, not secrets

    def new_id(self, kind: str) -> str:
        """A new ``kind``-prefixed 128-bit hex id."""
        return f"{kind}-{self._rng.getrandbits(128):032x}"
