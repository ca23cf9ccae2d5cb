"""The invariant checks of :class:`~ordercore.testing.stateful_engine.EngineMachine`.

A mixin (kept apart from the machine's rules so each module stays small): given the stored
orders, stock items, payments and invoices of one snapshot, each check raises
``AssertionError`` when something that must always hold does not:

* every order line's buckets sum to the quantity ordered; invoiced - credited never exceeds
  the units not cancelled;
* per SKU: on hand >= 0 at every location, reserved <= on hand, the reservations sum to the
  reserved figure, and the ledger replays to the positions (``StockItem.verify(rows)``), and
  each stock item replays exactly from its events in the outbox;
* the stock reserved for an order line equals its allocated + picked + packed units;
* money: captured <= authorised and refunded <= captured per payment; every invoice's balance
  is total - paid - discount taken - credit applied, never negative, and an order's invoices
  were paid no more than its payments captured.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ordercore.domain.billing import Invoice, Payment
from ordercore.domain.inventory import Movement, StockItem
from ordercore.domain.orders import Order
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import Money, sum_money
from ordercore.service import line_reservations

if TYPE_CHECKING:
    from ordercore.ports.outbox import OutboxMessage
    from ordercore.service import Engine

__all__ = ["EngineChecks", "check"]


def check(condition: bool, what: object) -> None:
    """Raise ``AssertionError(str(what))`` unless ``condition``.

    Not ``assert``: the machine must check under ``python -O`` too.
    """
    if not condition:
        raise AssertionError(str(what))


class EngineChecks:
    """Checks of orders, stock and money, for a machine with an engine and its ordered units."""

    engine: Engine
    ordered: dict[tuple[str, str], int]
    """The quantity ordered per (order id, line id), as the machine placed it."""

    def every_line_keeps_its_units(self, orders: list[Order]) -> None:
        """Buckets sum to the ordered quantity; net invoiced never exceeds the active units."""
        for order in orders:
            for line in order.lines.values():
                ledger = line.ledger
                check(
                    self.ordered[(order.id, str(line.id))] == sum(ledger.buckets().values()),
                    "self.ordered[(order.id, str(line.id))] == sum(ledger.buckets().values())",
                )
                check(
                    0 <= ledger.net_invoiced <= ledger.active,
                    "0 <= ledger.net_invoiced <= ledger.active",
                )

    def stock_never_oversells(self, items: list[StockItem]) -> None:
        """On hand >= 0, reserved <= on hand, reservations sum to reserved, the ledger agrees."""
        for item in items:
            if not isinstance(item, StockItem):
                raise TypeError(f"expected a StockItem, got {item!r}")
            for location in self.engine.locations:
                check(
                    0 <= item.reserved(location) <= item.on_hand(location),
                    "0 <= item.reserved(location) <= item.on_hand(location)",
                )
            active = sum(
                a.quantity
                for r in item.reservations.values()
                if r.is_active
                for a in r.allocations
                if a.supply is None
            )
            check(item.reserved() == active, "item.reserved() == active")
            report = item.verify(self.ledger_rows(item.sku))
            check(report.ok, report.drifts)

    def ledger_rows(self, sku: str) -> list[Movement]:
        """The SKU's committed rows in the store's ledger stream (``uow.ledger.rows(sku)``)."""
        with self.engine.store.unit_of_work() as uow:
            return uow.ledger.rows(sku)

    def stock_replays_from_the_outbox(
        self, items: list[StockItem], outbox: Iterable[OutboxMessage]
    ) -> None:
        """Each stored stock item equals the replay of its events in the outbox."""
        logs: dict[str, list[DomainEvent]] = {}
        for message in outbox:
            if message.event.entity_kind == "stock":
                logs.setdefault(message.event.entity_id, []).append(message.event)
        for item in items:
            log = logs.get(item.sku, [])
            rebuilt = StockItem.replay(log) if log else StockItem(item.sku)
            check(item == rebuilt, f"stock {item.sku} does not replay from its events")

    def stock_reserved_for_a_line_matches_its_buckets(
        self, orders: list[Order], stock: list[StockItem]
    ) -> None:
        """Reserved units of a line == its allocated + picked + packed units."""
        items = {item.sku: item for item in stock}
        for order in orders:
            for line in order.lines.values():
                ledger = line.ledger
                item = items.get(line.sku)
                held = (
                    0
                    if item is None
                    else sum(r.quantity for r in line_reservations(item, order.id, str(line.id)))
                )
                check(
                    ledger.allocated + ledger.picked + ledger.packed == held,
                    "ledger.allocated + ledger.picked + ledger.packed == held",
                )

    def money_adds_up(self, payments: list[Payment], invoices: list[Invoice]) -> None:
        """Captured <= authorised, refunded <= captured, invoice balances are what is owed."""
        captured: dict[str, Money] = {}
        for payment in payments:
            if not isinstance(payment, Payment):
                raise TypeError(f"expected a Payment, got {payment!r}")
            check(payment.captured <= payment.authorized, "payment.captured <= payment.authorized")
            check(payment.refunded <= payment.captured, "payment.refunded <= payment.captured")
            zero = Money.zero(payment.currency)
            captured[payment.order_id] = captured.get(payment.order_id, zero) + payment.captured
        paid: dict[str, list[Money]] = {}
        for invoice in invoices:
            if not isinstance(invoice, Invoice):
                raise TypeError(f"expected an Invoice, got {invoice!r}")
            owed = invoice.total - invoice.amount_paid - invoice.discount_taken
            check(
                owed - invoice.credit_applied == invoice.balance,
                "owed - invoice.credit_applied == invoice.balance",
            )
            check(not invoice.balance.is_negative(), "not invoice.balance.is_negative()")
            paid.setdefault(str(invoice.order_id), []).append(invoice.amount_paid)
        for order_id, amounts in paid.items():
            check(
                sum_money(amounts, "EUR") <= captured.get(order_id, Money.of("0.00", "EUR")),
                'sum_money(amounts, "EUR") <= captured.get(order_id, Money.of("0.00", "EUR"))',
            )
