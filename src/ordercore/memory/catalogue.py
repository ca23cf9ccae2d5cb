"""An in-memory catalogue for tests and the demo: products by SKU, with a barcode index.

>>> from ordercore.domain.catalogue import Product
>>> clock = Product("RETRO-CLOCK", "Retro clock", barcodes=("4006381333931",))
>>> catalogue = MemoryCatalogue([clock])
>>> catalogue.by_barcode("4006381333931").sku
'RETRO-CLOCK'
>>> catalogue.get("UNKNOWN") is None
True
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from ordercore.domain.catalogue import Product
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.ports.errors import DuplicateEntity

__all__ = ["MemoryCatalogue"]


class MemoryCatalogue:
    """Products by SKU and barcode, in memory; ``add`` and ``replace`` are safe across threads.

    A SKU is added once (``replace`` changes it); a barcode names one product at a time.
    """

    def __init__(self, products: Iterable[Product] = ()) -> None:
        self._lock = threading.Lock()
        self._products: dict[str, Product] = {}
        self._barcodes: dict[str, str] = {}
        for product in products:
            self.add(product)

    def get(self, sku: str) -> Product | None:
        """The product with this SKU, or ``None``."""
        return self._products.get(sku)

    def by_barcode(self, barcode: str) -> Product | None:
        """The product one of whose barcodes is ``barcode``, or ``None``."""
        sku = self._barcodes.get(barcode)
        return None if sku is None else self._products.get(sku)

    def add(self, product: Product) -> None:
        """Add a new product; a SKU already held is a :class:`DuplicateEntity`."""
        self._put(product, new=True)

    def replace(self, product: Product) -> None:
        """Put ``product`` in place of the one with its SKU (or add it)."""
        self._put(product, new=False)

    def _put(self, product: Product, *, new: bool) -> None:
        if not isinstance(product, Product):
            raise WrongType("product", product, "the catalogue holds Product values")
        with self._lock:
            old = self._products.get(product.sku)
            if new and old is not None:
                raise DuplicateEntity("product", product.sku)
            for code in product.barcodes:
                holder = self._barcodes.get(code)
                if holder is not None and holder != product.sku:
                    raise ValidationError(
                        "barcodes",
                        code,
                        f"a barcode names one product, and {code!r} already names {holder!r}",
                    )
            if old is not None:
                for code in old.barcodes:
                    del self._barcodes[code]
            self._products[product.sku] = product
            self._barcodes.update((code, product.sku) for code in product.barcodes)

    def __len__(self) -> int:
        """How many products the catalogue holds."""
        return len(self._products)
