"""The catalogue port: the host's product data, read by SKU or by barcode.

ordercore only reads the catalogue (placing an order screens its lines; packing and box choice
may read weights and sizes); the host owns and edits it. It is not part of the unit of work: a
product added or changed is seen by the next command. ``ordercore.memory.catalogue`` holds the
in-memory implementation.
"""

from __future__ import annotations

from typing import Protocol

from ordercore.domain.catalogue import Product

__all__ = ["Catalogue"]


class Catalogue(Protocol):
    """Products by SKU and by barcode; ``None`` when there is none."""

    def get(self, sku: str) -> Product | None:
        """The product with this SKU, or ``None`` if the catalogue does not know it."""
        ...

    def by_barcode(self, barcode: str) -> Product | None:
        """The product one of whose barcodes is ``barcode``, or ``None``."""
        ...
