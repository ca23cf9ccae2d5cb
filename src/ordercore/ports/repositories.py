"""Repository ports: load and store one kind of aggregate with optimistic concurrency.

A repository is a small ``typing.Protocol``. Every aggregate has a key (its ``id``; a
``StockItem``'s ``sku``), a ``version`` (0 when new, +1 per command) and new events drained by
``pull_events()``. The rules every adapter keeps (the contract kit in ``ordercore.testing``
checks them):

* ``get(key)`` returns an isolated copy; an unknown key raises :class:`NotFound` (a LookupError).
* ``add(entity)`` stores a new aggregate; a key that exists raises :class:`DuplicateEntity`.
* ``save(entity, expected_version)`` stores a changed aggregate only if the store still holds
  ``expected_version`` (the version it was read at); otherwise :class:`ConcurrencyConflict` names
  the entity and both versions.
* Nothing is visible to other units of work before ``commit()``.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

import attrs

from ordercore.kernel.errors import ValidationError
from ordercore.kernel.events import DomainEvent

__all__ = ["STANDARD_COLLECTIONS", "Aggregate", "Collection", "Repository"]

K_contra = TypeVar("K_contra", contravariant=True)
A = TypeVar("A")


class Aggregate(Protocol):
    """What the unit of work needs of an aggregate: its version and its new events."""

    @property
    def version(self) -> int:
        """0 when new, +1 per command that changed it."""
        ...

    def pull_events(self) -> list[DomainEvent]:
        """Return the events recorded since the last call, and forget them."""
        ...


class Repository(Protocol[K_contra, A]):
    """Generic repository of aggregates ``A`` by key ``K``; concrete ports narrow both."""

    def get(self, key: K_contra) -> A:
        """The aggregate stored under ``key``; :class:`NotFound` if there is none."""
        ...

    def find(self, key: K_contra) -> A | None:
        """The aggregate stored under ``key``, or ``None``."""
        ...

    def add(self, entity: A) -> None:
        """Store a new aggregate; :class:`DuplicateEntity` if its key is taken."""
        ...

    def save(self, entity: A, expected_version: int) -> None:
        """Store a changed aggregate read at ``expected_version``; else ConcurrencyConflict."""
        ...


def _check_name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.isidentifier():
        raise ValidationError(attribute.name, value, "a Python identifier (it names a table)")


@attrs.frozen
class Collection:
    """How a store keeps one kind of aggregate: a name, the entity kind and the key attribute.

    Adapters are generic over collections, so the same store serves the ordercore aggregates
    (:data:`STANDARD_COLLECTIONS`) and any aggregate a host or a test adds.
    """

    name: str = attrs.field(validator=_check_name)
    """The repository's name, and the unit of work's attribute for it (``"orders"``)."""
    kind: str
    """The entity kind used in errors (``"order"``, ``"stock item"``)."""
    key: str = attrs.field(default="id", validator=_check_name)
    """The aggregate attribute that holds its key (``"id"``; ``"sku"`` for stock)."""


STANDARD_COLLECTIONS: tuple[Collection, ...] = (
    Collection("orders", "order"),
    Collection("stock", "stock item", key="sku"),
    Collection("payments", "payment"),
    Collection("invoices", "invoice"),
)
"""The ordercore aggregates: orders, stock per SKU (with its reservations), payments, invoices."""
