"""Exchanges through the Engine: a return resolved by a linked replacement order.

An exchange resolves an inspected return (RMA) without money going back: the returned units
are replaced by new ones, of the same SKU or another (a different size), in a new order linked
to the original both ways (the RMA's ``exchange_order_id``; the new order's number names the
original order and the RMA). In one unit of work:

1. the return must be inspected (its units arrived and were graded; the inspection already put
   restocked units back on the shelf at their location and lot, as its disposition said);
2. a replacement order is drafted for the original customer, channel, priority and address (or
   a new ``ship_to``): one line per returned line, as many units as were received, at a price of
   zero (the returned units paid for them), and placed like any order; worth nothing, it is
   never invoiced (the placement policy invoices no order worth nothing, and it is invoiced on
   placement, so shipping invoices nothing either);
3. it is allocated on its own (``allocate_order``: reserved, or backordered without stock);
4. the return is resolved with no refund and no credit, naming the replacement order.

The returned units are not credited on the original invoices: the customer keeps what they
paid, in the replacement. A price difference between the old and the new SKU is the host's to
charge or refund (an ordinary new order, or ``record_refund``).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ordercore.domain.orders import Address, InvoicingPolicy, LineId, Order
from ordercore.domain.returns import RMA_LIFECYCLE, UnknownReturnLine
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.ids import require_id
from ordercore.kernel.money import Money
from ordercore.service import fulfilling
from ordercore.service.allocating import AppliedPlan
from ordercore.service.returns import quote
from ordercore.service.session import Session

__all__ = ["ExchangeOutcome", "exchange_order_id", "exchange_return", "replacements_of"]


def exchange_order_id(order_id: str, rma_id: str) -> str:
    """The id of the replacement order of return ``rma_id`` of ``order_id``."""
    return f"{order_id}-exchange-{rma_id}"


def replacements_of(value: object) -> dict[str, str]:
    """``value`` as returned order line id -> replacing SKU (``None``: no line renamed)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        rule = "replacements map a returned order line id to the SKU that replaces it"
        raise WrongType("replacements", value, rule)
    return {
        require_id("replacements", key): require_id(f"replacements[{key!r}]", sku)
        for key, sku in value.items()
    }


@attrs.frozen(kw_only=True)
class ExchangeOutcome:
    """What an exchange did: the replacement order, its lines and their allocation."""

    rma_id: str
    order_id: str
    """The replacement order's id."""
    lines: dict[str, str]
    """The replacement order's line id for each returned order line id."""
    allocated: dict[str, int]
    """Units reserved per replacement order line id."""
    backordered: dict[str, int]
    """Units waiting for stock per replacement order line id."""


def exchange_return(
    session: Session,
    rma_id: str,
    replacements: Mapping[str, str] | None = None,
    *,
    ship_to: Address | None = None,
    note: str = "",
) -> ExchangeOutcome:
    """Resolve an inspected return by a replacement order (see the module doc).

    ``replacements`` maps a returned order line id to the SKU that replaces it (a line not
    named is replaced by its own SKU). Refused before anything changes when the return is not
    inspected (``InvalidTransition``), names a line it does not hold (``UnknownReturnLine``) or
    received nothing to replace.
    """
    wanted = replacements_of(replacements)
    rma = session.rma(rma_id)
    RMA_LIFECYCLE.next_state(rma.status, "resolve", rma)  # refuses an RMA not yet inspected
    for line_id in wanted:
        if line_id not in rma.lines:
            raise UnknownReturnLine(line_id, f"return {rma.id}", tuple(sorted(rma.lines)))
    received = {k: units for k, units in rma.received().items() if units}
    if not received:
        raise ValidationError("rma_id", rma_id, "an exchange replaces received units; none arrived")
    original = session.order(rma.order_id)
    new_id = exchange_order_id(str(original.id), rma.id)
    replacement = Order.draft(
        order_id=new_id,
        number=f"{original.number}/{rma.id}",
        customer_id=original.customer_id,
        currency=original.currency,
        ship_to=original.ship_to if ship_to is None else ship_to,
        bill_to=original.bill_to,
        now=session.now,
        priority=original.priority,
        channel=original.channel,
        invoicing_policy=InvoicingPolicy.ON_PLACEMENT,
    )
    zero = Money.zero(original.currency)
    new_lines: dict[str, str] = {}
    for line_id, units in sorted(received.items()):
        sku = wanted.get(line_id, str(original.lines[LineId(line_id)].sku))
        added = replacement.add_line(sku, units, zero, session.now)
        new_lines[line_id] = str(added.line_id)
    fulfilling.place(session, replacement)
    plan: AppliedPlan = fulfilling.allocate_order(session, new_id)
    share = quote(original, rma, session.refund_policy).share
    rma.resolve(share, session.now, exchange_order_id=new_id, note=note)
    return ExchangeOutcome(
        rma_id=rma.id,
        order_id=new_id,
        lines=new_lines,
        allocated={k: v for k, v in plan.reserved.items() if v},
        backordered={k: v for k, v in plan.backordered.items() if v},
    )
