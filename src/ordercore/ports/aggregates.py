"""The repository ports of the ordercore aggregates, and the unit of work that holds them.

Each is the generic :class:`Repository` narrowed to one aggregate and its key type, plus the
queries the service layer needs. Reservations live inside their SKU's ``StockItem`` (one
consistency boundary), so they are loaded and saved through :class:`StockRepository`.
Shipments are kept in the ``"shipments"`` collection (:data:`SHIPMENTS`); a store for the
Engine keeps :data:`ORDERCORE_COLLECTIONS`, the standard four plus shipments.
"""

from __future__ import annotations

from typing import Protocol

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.payments import Payment
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.kernel.ids import InvoiceId, OrderId, PaymentId, ShipmentId, Sku
from ordercore.ports.repositories import STANDARD_COLLECTIONS, Collection, Repository
from ordercore.ports.unit_of_work import Transaction

__all__ = [
    "ORDERCORE_COLLECTIONS",
    "SHIPMENTS",
    "InvoiceRepository",
    "OrderRepository",
    "PaymentRepository",
    "ShipmentRepository",
    "StockRepository",
    "UnitOfWork",
]


class OrderRepository(Repository[OrderId, Order], Protocol):
    """Orders by id."""


class StockRepository(Repository[Sku, StockItem], Protocol):
    """All stock of one SKU (positions, ledger, reservations) by SKU."""


class PaymentRepository(Repository[PaymentId, Payment], Protocol):
    """Payments by id, and the payments of an order."""

    def for_order(self, order_id: OrderId) -> list[Payment]:
        """Every payment of ``order_id``, ordered by id (empty if there is none)."""
        ...


class InvoiceRepository(Repository[InvoiceId, Invoice], Protocol):
    """Invoices and credit notes by id, and the invoices of an order."""

    def for_order(self, order_id: OrderId) -> list[Invoice]:
        """Every invoice of ``order_id``, ordered by id (empty if there is none)."""
        ...


class ShipmentRepository(Repository[ShipmentId, Shipment], Protocol):
    """Shipments by id, and the shipments of an order."""

    def for_order(self, order_id: OrderId) -> list[Shipment]:
        """Every shipment of ``order_id``, ordered by id (empty if there is none)."""
        ...


SHIPMENTS = Collection("shipments", "shipment")
"""The collection shipments are kept in (key ``id``)."""

ORDERCORE_COLLECTIONS: tuple[Collection, ...] = (*STANDARD_COLLECTIONS, SHIPMENTS)
"""Everything the Engine stores: orders, stock, payments, invoices and shipments."""


class UnitOfWork(Transaction, Protocol):
    """A unit of work over the ordercore aggregates: what the service layer is given."""

    @property
    def orders(self) -> OrderRepository:
        """The orders."""
        ...

    @property
    def stock(self) -> StockRepository:
        """Stock per SKU, with its reservations."""
        ...

    @property
    def payments(self) -> PaymentRepository:
        """The payments."""
        ...

    @property
    def invoices(self) -> InvoiceRepository:
        """The invoices."""
        ...

    @property
    def shipments(self) -> ShipmentRepository:
        """The shipments."""
        ...
