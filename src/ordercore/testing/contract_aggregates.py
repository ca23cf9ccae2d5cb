"""Specimens of the ordercore aggregates, so the kit can store real orders, stock and billing.

An adapter that stores the collections the Engine needs (``orders``, ``stock``, ``payments``,
``invoices``, ``shipments``, ``pick_lists``, ``packings``, ``store_credits``, ``timers``,
``bin_stock``...:
``ORDERCORE_COLLECTIONS``) returns :func:`ordercore_specimens`
from ``specimens()`` and passes every contract test with the real aggregates. They are compared
as their JSON documents (:class:`Codec`), since entities inside an aggregate (a ``StockItem``'s
reservations) compare by identity.

The ``timers`` collection holds one record under one key (the tick watermark, ``"tick"``), so it
has no specimen (the kit makes several distinct ones): :class:`TimerContract` checks it instead.
"""

from __future__ import annotations

from typing import Any

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.payments import Payment
from ordercore.domain.billing.store_credit import StoreCredit
from ordercore.domain.billing.totals import DocumentLine
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import Allocation, StockItem
from ordercore.domain.orders import Address, Order
from ordercore.domain.warehouse import (
    AllocatedLine,
    Bin,
    BinStock,
    Packing,
    PickList,
    PickMethod,
    packing_for,
)
from ordercore.kernel.money import Money
from ordercore.ports.codec import Codec
from ordercore.testing.contract_specimens import KIT_NOW, Specimen

__all__ = [
    "bin_stock_specimen",
    "invoice_specimen",
    "order_specimen",
    "ordercore_specimens",
    "packing_specimen",
    "payment_specimen",
    "pick_list_specimen",
    "shipment_specimen",
    "stock_specimen",
    "store_credit_specimen",
]

_CODEC = Codec()
_WAREHOUSE = Address(
    name="Retro Clocks Ltd", line1="1 Dock Road", city="Leeds", postal_code="LS1 1AA", country="GB"
)


def _document(entity: Any) -> object:
    return _CODEC.encode(entity)


def stock_specimen() -> Specimen:
    """``StockItem`` of SKU ``RETRO-CLOCK-<n>``: 5 received, 1 reserved; a change receives 1."""

    def new(n: int) -> StockItem:
        item = StockItem(f"RETRO-CLOCK-{n}")
        item.receive("WH-EAST", 5, KIT_NOW)
        item.reserve(
            f"RES-{n}",
            order_ref=f"ORDER-{n}",
            line_ref="line-1",
            allocations=[Allocation("WH-EAST", 1)],
            now=KIT_NOW,
            hard=True,
        )
        return item

    def change(item: StockItem) -> None:
        item.receive("WH-EAST", 1, KIT_NOW)

    return Specimen("stock", new, change, key=lambda item: str(item.sku), view=_document)


def payment_specimen() -> Specimen:
    """A card ``Payment`` authorized for USD 50.00; a change captures one cent."""

    def new(n: int) -> Payment:
        payment = Payment.start(f"PAY-{n}", f"ORDER-{n}", "card", "USD")
        payment.authorize(Money.of("50.00", "USD"), f"auth-{n}", KIT_NOW)
        return payment

    def change(payment: Payment) -> None:
        payment.capture(Money.of("0.01", "USD"), f"capture-{payment.version}", KIT_NOW)

    return Specimen("payments", new, change, key=lambda p: str(p.id), view=_document)


def invoice_specimen() -> Specimen:
    """An issued ``Invoice`` for two BLUE-VASEs; a change applies a one-cent payment."""

    def new(n: int) -> Invoice:
        invoice = Invoice.from_lines(
            f"INV-{n}",
            [DocumentLine("BLUE-VASE", 2, Money.of("12.50", "EUR"))],
            at=KIT_NOW,
            order_id=f"ORDER-{n}",
        )
        invoice.issue(f"INV-{n:06d}", KIT_NOW, "net 30", "Europe/Berlin")
        return invoice

    def change(invoice: Invoice) -> None:
        invoice.apply_payment(f"pay-{invoice.version}", Money.of("0.01", "EUR"), KIT_NOW)

    return Specimen("invoices", new, change, key=lambda i: str(i.id), view=_document)


def order_specimen() -> Specimen:
    """A draft ``Order`` with one RETRO-CLOCK line; a change adds a line of another SKU."""

    def new(n: int) -> Order:
        order = Order.draft(
            order_id=f"ORDER-{n}",
            number=f"SO-{n:06d}",
            customer_id=f"CUSTOMER-{n}",
            currency="GBP",
            ship_to=_WAREHOUSE,
            now=KIT_NOW,
        )
        order.add_line("RETRO-CLOCK", 1, Money.of("89.00", "GBP"), KIT_NOW)
        return order

    def change(order: Order) -> None:
        order.add_line(f"BLUE-VASE-{order.version}", 1, Money.of("24.00", "GBP"), KIT_NOW)

    return Specimen("orders", new, change, key=lambda o: str(o.id), view=_document)


def shipment_specimen() -> Specimen:
    """A ``Shipment`` of 1000 RETRO-CLOCKs, one picked by lot; a change picks one more."""

    def new(n: int) -> Shipment:
        shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
            f"SHP-{n}",
            f"ORDER-{n}",
            "WH-EAST",
            {"line-1": ("RETRO-CLOCK", 1000), "line-2": ("BLUE-VASE", 1)},
            KIT_NOW,
            ship_to=_WAREHOUSE,
        )
        shipment.pick("line-1", 1, KIT_NOW, lot="LOT-A")
        shipment.pick("line-2", 1, KIT_NOW)
        return shipment

    def change(shipment: Shipment) -> None:
        shipment.pick("line-1", 1, KIT_NOW, lot="LOT-B")

    return Specimen("shipments", new, change, key=lambda s: str(s.id), view=_document)


def pick_list_specimen() -> Specimen:
    """A released batch ``PickList`` of 1000 RETRO-CLOCKs in two bins; a change picks one."""

    def new(n: int) -> PickList:
        lines = [
            AllocatedLine(f"SHP-{n}", "line-1", "RETRO-CLOCK", 600, Bin("WH-EAST", "A", 1, 2)),
            AllocatedLine(
                f"SHP-{n}", "line-1", "RETRO-CLOCK", 400, Bin("WH-EAST", "A", 2, 1), "LOT-A"
            ),
            AllocatedLine(f"SHP-{n}-B", "line-1", "BLUE-VASE", 1, Bin("WH-EAST", "B", 3, 1, 2)),
        ]
        pick_list = PickList.create(f"PL-{n:06d}", PickMethod.BATCH, lines, KIT_NOW)
        pick_list.release(KIT_NOW)
        return pick_list

    def change(pick_list: PickList) -> None:
        pick_list.confirm(pick_list.walk()[0].line_id, 1, KIT_NOW)

    return Specimen("pick_lists", new, change, key=lambda p: str(p.id), view=_document)


def packing_specimen() -> Specimen:
    """The ``Packing`` of the shipment specimen's picks, one package open; a change scans one."""

    def new(n: int) -> Packing:
        shipment = shipment_specimen().new(n)
        shipment.pick("line-1", 998, KIT_NOW, lot="LOT-B")
        packing = packing_for(shipment, KIT_NOW)
        packing.open_package("P1", KIT_NOW)
        packing.scan("P1", "BLUE-VASE", KIT_NOW)
        return packing

    def change(packing: Packing) -> None:
        packing.scan("P1", "RETRO-CLOCK", KIT_NOW, lot="LOT-B")

    return Specimen("packings", new, change, key=lambda p: str(p.id), view=_document)


def store_credit_specimen() -> Specimen:
    """A customer's EUR ``StoreCredit`` granted 25.00; a change redeems one cent."""

    def new(n: int) -> StoreCredit:
        credit = StoreCredit.open(f"CUSTOMER-{n}", "EUR")
        credit.grant(Money.of("25.00", "EUR"), f"RMA-{n}", KIT_NOW, order_id=f"ORDER-{n}")
        return credit

    def change(credit: StoreCredit) -> None:
        credit.redeem(Money.of("0.01", "EUR"), f"redeem-{credit.version}", KIT_NOW)

    return Specimen("store_credits", new, change, key=lambda c: str(c.id), view=_document)


def bin_stock_specimen() -> Specimen:
    """The ``BinStock`` of RETRO-CLOCKs in two bins of WH-EAST (two lots); a change moves one."""

    def new(n: int) -> BinStock:
        stock = BinStock.open("WH-EAST", f"RETRO-CLOCK-{n}", KIT_NOW)
        stock.put(Bin("WH-EAST", "RECEIVING", 1, 1), 600, KIT_NOW, reason="receipt")
        stock.put(Bin("WH-EAST", "A", 2, 1), 400, KIT_NOW, lot="LOT-A", reason="receipt")
        return stock

    def change(stock: BinStock) -> None:
        stock.move(Bin("WH-EAST", "RECEIVING", 1, 1), Bin("WH-EAST", "A", 1, 2), 1, KIT_NOW)

    return Specimen("bin_stock", new, change, key=lambda s: str(s.id), view=_document)


def ordercore_specimens() -> tuple[Specimen, ...]:
    """Specimens of every stored ordercore aggregate kept under many keys (not ``timers``)."""
    return (
        order_specimen(),
        stock_specimen(),
        payment_specimen(),
        invoice_specimen(),
        shipment_specimen(),
        pick_list_specimen(),
        packing_specimen(),
        store_credit_specimen(),
        bin_stock_specimen(),
    )
