"""Fast construction of the frozen events and results made on the reservation hot path.

An attrs frozen class sets each field through ``object.__setattr__`` (a look-up along the class
hierarchy per field) and runs its converters. On the hot path (``reserve``, ``reserve_many``,
``release_all``) every value is already validated (``now`` went through ``instant`` once per
command), so these functions create the very same objects by writing their slots directly:
same type, same fields, equal to one made by the class and just as frozen.

>>> import pendulum
>>> from ordercore.domain.inventory.events import StockReleased
>>> at = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
>>> fast = new_stock_released("RETRO-CLOCK", 2, at, "R-1", 3, True)
>>> fast == StockReleased(entity_id="RETRO-CLOCK", version=2, occurred_at=at,
...                       reservation_id="R-1", quantity=3, all_units=True)
True
"""

from __future__ import annotations

import pendulum

from ordercore.domain.inventory.events import StockReleased, StockReserved
from ordercore.domain.inventory.reservations import ReleaseResult, ReservationState
from ordercore.domain.inventory.slots import slot_setter
from ordercore.domain.inventory.values import Allocation

__all__ = ["new_release_result", "new_stock_released", "new_stock_reserved"]


_new = object.__new__

_R = StockReserved
_r_entity, _r_version, _r_at, _r_id = (
    slot_setter(_R, "entity_id"),
    slot_setter(_R, "version"),
    slot_setter(_R, "occurred_at"),
    slot_setter(_R, "reservation_id"),
)
_r_order, _r_line, _r_quantity = (
    slot_setter(_R, "order_ref"),
    slot_setter(_R, "line_ref"),
    slot_setter(_R, "quantity"),
)
_r_hard, _r_expires, _r_allocations = (
    slot_setter(_R, "hard"),
    slot_setter(_R, "expires_at"),
    slot_setter(_R, "allocations"),
)


def new_stock_reserved(
    sku: str,
    version: int,
    at: pendulum.DateTime,
    reservation_id: str,
    order_ref: str,
    line_ref: str,
    quantity: int,
    hard: bool,
    expires_at: pendulum.DateTime | None,
    allocations: tuple[Allocation, ...],
) -> StockReserved:
    """``StockReserved(...)`` for values the caller validated (``at`` already an instant)."""
    made: StockReserved = _new(_R)
    _r_entity(made, sku)
    _r_version(made, version)
    _r_at(made, at)
    _r_id(made, reservation_id)
    _r_order(made, order_ref)
    _r_line(made, line_ref)
    _r_quantity(made, quantity)
    _r_hard(made, hard)
    _r_expires(made, expires_at)
    _r_allocations(made, allocations)
    return made


_L = StockReleased
_l_entity, _l_version, _l_at = (
    slot_setter(_L, "entity_id"),
    slot_setter(_L, "version"),
    slot_setter(_L, "occurred_at"),
)
_l_id, _l_quantity, _l_all = (
    slot_setter(_L, "reservation_id"),
    slot_setter(_L, "quantity"),
    slot_setter(_L, "all_units"),
)


def new_stock_released(
    sku: str,
    version: int,
    at: pendulum.DateTime,
    reservation_id: str,
    quantity: int,
    all_units: bool,
) -> StockReleased:
    """``StockReleased(...)`` for values the caller validated (``at`` already an instant)."""
    made: StockReleased = _new(_L)
    _l_entity(made, sku)
    _l_version(made, version)
    _l_at(made, at)
    _l_id(made, reservation_id)
    _l_quantity(made, quantity)
    _l_all(made, all_units)
    return made


_X = ReleaseResult
_x_id, _x_released, _x_state, _x_noop, _x_reason = (
    slot_setter(_X, "reservation_id"),
    slot_setter(_X, "released"),
    slot_setter(_X, "state"),
    slot_setter(_X, "noop"),
    slot_setter(_X, "reason"),
)


def new_release_result(
    reservation_id: str, released: int, state: ReservationState
) -> ReleaseResult:
    """``ReleaseResult(reservation_id, released, state)`` of a release that did something."""
    made: ReleaseResult = _new(_X)
    _x_id(made, reservation_id)
    _x_released(made, released)
    _x_state(made, state)
    _x_noop(made, False)  # noqa: FBT003 - the field's value
    _x_reason(made, "")
    return made
