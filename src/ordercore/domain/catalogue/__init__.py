"""The product catalogue: what a SKU is, and whether an order may sell it.

* :class:`Product` is the value the host's catalogue returns for a SKU: its title, barcodes,
  weight and dimensions, whether it is fragile, sellable and tracked in inventory.
* :class:`UnknownSkuPolicy` says what placing an order does with a SKU the catalogue does not
  know: ``refuse`` it (the default) or ``accept_and_backorder`` it.
* :func:`screen_lines` checks the lines of an order against a catalogue lookup and raises
  :class:`UnknownSku` or :class:`UnsellableSku` naming the first line it refuses.

The port the host implements is ``ordercore.ports.catalogue.Catalogue``; the in-memory one is
``ordercore.memory.catalogue.MemoryCatalogue``. See ``docs/catalogue.md``.
"""

from ordercore.domain.catalogue.errors import UnknownSku, UnsellableSku
from ordercore.domain.catalogue.product import Dimensions, Product
from ordercore.domain.catalogue.screening import UnknownSkuPolicy, screen_lines

__all__ = [
    "Dimensions",
    "Product",
    "UnknownSku",
    "UnknownSkuPolicy",
    "UnsellableSku",
    "screen_lines",
]
