"""The repository ports of the ordercore aggregates, and the unit of work that holds them.

Each is the generic :class:`Repository` narrowed to one aggregate and its key type, plus the
queries the service layer needs. Reservations live inside their SKU's ``StockItem`` (one
consistency boundary), so they are loaded and saved through :class:`StockRepository`.
Shipments are kept in the ``"shipments"`` collection (:data:`SHIPMENTS`); a store for the
Engine keeps :data:`ORDERCORE_COLLECTIONS`, the standard four plus shipments, returns (RMAs,
:data:`RETURNS`), satisfaction follow-ups (:data:`FOLLOW_UPS`), pick lists
(:data:`PICK_LISTS`), scan-verified packings (:data:`PACKINGS`), customers' store credit
(:data:`STORE_CREDITS`), the tick watermark (:data:`TIMERS`) and the units per bin of the
locations that count stock in bins (:data:`BIN_STOCK`).
"""

from __future__ import annotations

from typing import Protocol

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.payments import Payment
from ordercore.domain.billing.store_credit import StoreCredit
from ordercore.domain.fulfilment import Shipment
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.domain.returns import FollowUp, ReturnAuthorization
from ordercore.domain.warehouse import BinStock, Packing, PickList
from ordercore.domain.watermark import TickWatermark
from ordercore.kernel.ids import InvoiceId, OrderId, PaymentId, ShipmentId, Sku
from ordercore.ports.repositories import STANDARD_COLLECTIONS, Collection, Repository
from ordercore.ports.unit_of_work import Transaction

__all__ = [
    "BIN_STOCK",
    "FOLLOW_UPS",
    "ORDERCORE_COLLECTIONS",
    "PACKINGS",
    "PICK_LISTS",
    "RETURNS",
    "SHIPMENTS",
    "STORE_CREDITS",
    "TIMERS",
    "BinStockRepository",
    "FollowUpRepository",
    "InvoiceRepository",
    "OrderRepository",
    "PackingRepository",
    "PaymentRepository",
    "PickListRepository",
    "ReturnRepository",
    "ShipmentRepository",
    "StockRepository",
    "StoreCreditRepository",
    "TimerRepository",
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


class ReturnRepository(Repository[str, ReturnAuthorization], Protocol):
    """Returns (RMAs) by id, and the returns of an order."""

    def for_order(self, order_id: OrderId) -> list[ReturnAuthorization]:
        """Every return of ``order_id``, ordered by id (empty if there is none)."""
        ...


class FollowUpRepository(Repository[str, FollowUp], Protocol):
    """Satisfaction follow-ups by id (``FUP-<order id>``: one per order)."""

    def for_order(self, order_id: OrderId) -> list[FollowUp]:
        """The follow-up of ``order_id``, as a list (empty if there is none)."""
        ...


class PickListRepository(Repository[str, PickList], Protocol):
    """Pick lists by id (``PL-000001``)."""


class PackingRepository(Repository[str, Packing], Protocol):
    """Scan-verified packings by the id of the shipment they pack."""


class TimerRepository(Repository[str, TickWatermark], Protocol):
    """The store's timers by key: the tick watermark (``"tick"``)."""


class StoreCreditRepository(Repository[str, StoreCredit], Protocol):
    """Store credit balances by id: ``<customer id>/credit-<currency>``, one per pair."""


class BinStockRepository(Repository[str, BinStock], Protocol):
    """Units per bin by ``<location>/<sku>`` (one per location and SKU that uses bins)."""


SHIPMENTS = Collection("shipments", "shipment")
"""The collection shipments are kept in (key ``id``)."""

RETURNS = Collection("returns", "return")
"""The collection returns (RMAs) are kept in (key ``id``, the RMA number)."""

FOLLOW_UPS = Collection("follow_ups", "follow-up")
"""The collection satisfaction follow-ups are kept in (key ``id``, ``FUP-<order id>``)."""

PICK_LISTS = Collection("pick_lists", "pick list")
"""The collection pick lists are kept in (key ``id``, ``PL-000001``)."""

PACKINGS = Collection("packings", "packing")
"""The collection scan-verified packings are kept in (key ``id``, the shipment's id)."""

STORE_CREDITS = Collection("store_credits", "store credit")
"""The collection customers' store credit balances are kept in (key ``id``,
``<customer id>/credit-<currency>``)."""

TIMERS = Collection("timers", "timer")
"""The collection of the store's timers (key ``id``): the tick watermark, ``"tick"``, one record
whatever the number of ticks."""

BIN_STOCK = Collection("bin_stock", "bin stock")
"""The collection of units per bin (key ``id``, ``<location>/<sku>``): one record per location
and SKU whose stock is counted in bins, whatever the number of moves."""

ORDERCORE_COLLECTIONS: tuple[Collection, ...] = (
    *STANDARD_COLLECTIONS,
    SHIPMENTS,
    RETURNS,
    FOLLOW_UPS,
    PICK_LISTS,
    PACKINGS,
    STORE_CREDITS,
    TIMERS,
    BIN_STOCK,
)
"""Everything the Engine stores: orders, stock, payments, invoices, shipments, returns,
follow-ups, pick lists, packings, store credit balances, the tick watermark and bin stock."""


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
