"""``tick``: the time-based work, done when the host calls it, at the engine clock's ``now``.

* every soft hold of the named SKUs whose time is up expires (``StockItem.tick``);
* every open authorisation of the named payments whose ``expires_at`` has come expires
  (``Payment.tick``);
* the named invoices are checked for overdue instalments on today's date in the merchant's
  timezone (``Invoice.is_overdue``): a report, not a change;
* every named satisfaction follow-up that has fallen due is asked (``followups.ask_due``: a
  ``FollowUpAsked`` event in the outbox for the host to send the survey);
* every named open pick list whose release time (a wave's cut-off, less its lead) has come is
  released to the floor (``pick_lists.release_due_lists``).

Time-based work never runs backwards: a tick whose ``now`` is earlier than the last tick is a
no-op that says so (its report's ``behind`` holds the last tick's time, and nothing expires or
is reported). Refusing would make a scheduler with a skewed clock fail loudly on every run;
doing nothing is always safe, because the next tick at a later time catches up. The last tick
is the store's: a :class:`~ordercore.domain.watermark.TickWatermark` (collection ``timers``, one
record whatever the number of ticks) advanced by the tick's own commit, so every Engine object
and process on one store agrees on it; two ticks racing to advance it conflict at commit and the
loser re-runs against the winner's time. A store that keeps no ``timers`` collection falls back
to the Engine's own last tick.

The host names what to look at (its database knows which SKUs hold soft holds, which payments
are open, which invoices are unpaid, which follow-ups are scheduled); with the memory store,
the engine looks at everything.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pendulum

from ordercore.domain.billing import Invoice
from ordercore.domain.watermark import TICK, TickWatermark
from ordercore.kernel.clock import local_date
from ordercore.kernel.money import Money
from ordercore.service.followups import ask_due
from ordercore.service.pick_lists import release_due_lists
from ordercore.service.session import Session

__all__ = ["OverdueInvoice", "TickReport", "tick"]


@attrs.frozen
class OverdueInvoice:
    """An invoice with an instalment past its due date: its id, number and the late amount."""

    invoice_id: str
    number: str | None
    order_id: str | None
    overdue: Money


@attrs.frozen(kw_only=True)
class TickReport:
    """What a tick did (expired holds and authorisations) and found (overdue invoices)."""

    expired_holds: tuple[str, ...] = ()
    """Ids of the reservations that expired."""
    expired_payments: tuple[str, ...] = ()
    """Ids of the payments whose authorisation expired."""
    overdue: tuple[OverdueInvoice, ...] = ()
    """Invoices with money past due today."""
    follow_ups_asked: tuple[str, ...] = ()
    """Ids of the satisfaction follow-ups that fell due and were asked."""
    released_pick_lists: tuple[str, ...] = ()
    """Ids of the pick lists (waves) whose release time came and were released."""
    at: pendulum.DateTime | None = None
    """The time of the tick (the Engine clock's ``now``)."""
    behind: pendulum.DateTime | None = None
    """When the clock was behind the last tick: that tick's time (and nothing was done)."""


def tick(
    session: Session,
    skus: Iterable[str],
    payment_ids: Iterable[str],
    invoice_ids: Iterable[str],
    *,
    follow_up_ids: Iterable[str] = (),
    pick_list_ids: Iterable[str] = (),
    last_tick: pendulum.DateTime | None = None,
) -> TickReport:
    """Expire due holds and authorisations, and report overdue invoices, at ``session.now``.

    With ``session.now`` before ``last_tick`` or the store's watermark nothing is done: the
    report says so (``behind``). A tick that moves time forward records it as the watermark.
    """
    kept = session.keeps("timers")
    mark = session.find("timers", TICK, TickWatermark) if kept else None
    latest = max((t for t in (last_tick, mark and mark.at) if t is not None), default=None)
    if latest is not None and session.now < latest:
        return TickReport(at=session.now, behind=latest)
    if mark is not None:
        mark.advance(session.now)
    elif kept:
        session.add("timers", TICK, TickWatermark.start(session.now))
    holds: list[str] = []
    for sku in sorted(set(skus)):
        item = session.find_stock(sku)
        if item is not None:
            holds.extend(r.id for r in item.tick(session.now))
    payments: list[str] = []
    for payment_id in sorted(set(payment_ids)):
        payment = session.find_payment(payment_id)
        if payment is not None and payment.tick(session.now) is not None:
            payments.append(payment_id)
    today = local_date(session.now, session.timezone)
    overdue: list[OverdueInvoice] = []
    for invoice_id in sorted(set(invoice_ids)):
        invoice: Invoice | None = session.find_invoice(invoice_id)
        if invoice is not None and invoice.is_overdue(today):
            overdue.append(
                OverdueInvoice(
                    invoice.id, invoice.number, invoice.order_id, invoice.overdue_amount(today)
                )
            )
    return TickReport(
        expired_holds=tuple(holds),
        expired_payments=tuple(payments),
        overdue=tuple(overdue),
        follow_ups_asked=ask_due(session, follow_up_ids),
        released_pick_lists=tuple(release_due_lists(session, sorted(set(pick_list_ids)))),
        at=session.now,
    )
