"""The policy row of shrinking stock: what a count or write-off could not re-serve is backordered.

:class:`StockShrank` is the fact a shrinking command states (its ``StockChange``, whose losses
were already served again elsewhere where free stock allowed); :func:`backorder_unserved` is the
row (``policies.BACKORDER_UNSERVED``): each order line's units no place could serve move from
allocated to unallocated and on to backordered, where ``fill_backorders`` serves them when stock
arrives. A checkout hold that lost units has no order: it simply holds fewer.
"""

from __future__ import annotations

import attrs

from ordercore.domain.inventory import StockChange, checkout_of
from ordercore.domain.orders import LineId, Order
from ordercore.service.session import Session

__all__ = ["StockShrank", "backorder_unserved"]


@attrs.frozen
class StockShrank:
    """A count or write-off took reserved units; ``change`` says what was re-served and what not."""

    change: StockChange


def backorder_unserved(session: Session, fact: StockShrank) -> dict[tuple[str, str], int]:
    """Backorder each order line's unserved lost units; the units per ``(order, line)``."""
    backordered: dict[tuple[str, str], int] = {}
    for loss in fact.change.unserved:
        if checkout_of(loss.reservation_id) is not None:
            continue
        order: Order | None = session.find("orders", loss.order_ref, Order)
        if order is None or LineId(loss.line_ref) not in order.lines:
            continue
        units = min(loss.quantity, order.lines[LineId(loss.line_ref)].ledger.allocated)
        if not units:
            continue
        order.move(loss.line_ref, units, "release", session.now)
        order.backorder(loss.line_ref, units, session.now)
        key = (order.id, loss.line_ref)
        backordered[key] = backordered.get(key, 0) + units
    return backordered
