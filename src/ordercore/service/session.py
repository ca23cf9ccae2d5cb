"""``Session``: one attempt of one Engine command inside one unit of work.

It hands out each aggregate once (a second ``order(...)`` of the same id returns the same
object), remembers the version it was read at, and :meth:`Session.flush` adds the new ones and
saves every changed one with that version, so a command never forgets a save and the unit of
work commits all of them or none. It also carries what the command may use: the time ``now``
(read from the engine's clock once per attempt), the number sequence, the merchant's timezone,
the locations and the allocation policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import pendulum

from ordercore.domain.allocation import Policy
from ordercore.domain.billing import Invoice, Payment
from ordercore.domain.inventory import Location, StockItem
from ordercore.domain.orders import Order
from ordercore.kernel.errors import WrongType
from ordercore.ports.sequences import NumberSequence

__all__ = ["Session"]


@attrs.define
class Session:
    """The aggregates one command attempt loaded, and the facts it runs with."""

    uow: Any
    """The open unit of work (``ordercore.ports.Transaction``)."""
    now: pendulum.DateTime
    """The time of the command."""
    numbers: NumberSequence
    """Invoice, credit note and RMA numbers."""
    timezone: str = "UTC"
    """The merchant's timezone: invoice due dates and 'overdue' are days there."""
    locations: Mapping[str, Location] = attrs.field(factory=dict)
    """The host's locations by id."""
    policy: Policy = attrs.field(factory=Policy.default)
    """The allocation policy."""
    _loaded: dict[tuple[str, str], tuple[Any, int | None]] = attrs.field(factory=dict)

    def find(self, collection: str, key: str, kind: type[Any]) -> Any | None:
        """The aggregate of ``collection`` under ``key`` (the same object each time), or None."""
        slot = (collection, key)
        if slot in self._loaded:
            return self._loaded[slot][0]
        found = self.uow.repository(collection).find(key)
        if found is None:
            return None
        if not isinstance(found, kind):
            raise WrongType(collection, found, f"{collection} holds {kind.__name__} aggregates")
        self._loaded[slot] = (found, found.version)
        return found

    def get(self, collection: str, key: str, kind: type[Any]) -> Any:
        """The aggregate under ``key``; the repository's ``NotFound`` if there is none."""
        found = self.find(collection, key, kind)
        if found is None:
            self.uow.repository(collection).get(key)  # raises NotFound with the store's wording
        return found

    def add(self, collection: str, key: str, entity: Any) -> None:
        """Note a new aggregate, added to the store on :meth:`flush`."""
        self._loaded[(collection, key)] = (entity, None)

    def order(self, order_id: str) -> Order:
        """The order ``order_id`` (``NotFound`` if unknown)."""
        found: Order = self.get("orders", order_id, Order)
        return found

    def stock(self, sku: str) -> StockItem:
        """The stock item of ``sku`` (``NotFound`` if unknown)."""
        found: StockItem = self.get("stock", sku, StockItem)
        return found

    def find_stock(self, sku: str) -> StockItem | None:
        """The stock item of ``sku``, or None."""
        found: StockItem | None = self.find("stock", sku, StockItem)
        return found

    def find_payment(self, payment_id: str) -> Payment | None:
        """The payment ``payment_id``, or None."""
        found: Payment | None = self.find("payments", payment_id, Payment)
        return found

    def find_invoice(self, invoice_id: str) -> Invoice | None:
        """The invoice ``invoice_id``, or None."""
        found: Invoice | None = self.find("invoices", invoice_id, Invoice)
        return found

    def flush(self) -> None:
        """Add every new aggregate and save every changed one with the version it was read at."""
        for (collection, _key), (entity, read_at) in self._loaded.items():
            repository = self.uow.repository(collection)
            if read_at is None:
                repository.add(entity)
            elif entity.version != read_at:
                repository.save(entity, read_at)
