"""The catalogue's refusals: an order line for a SKU the shop does not know, or does not sell."""

from __future__ import annotations

from ordercore.kernel.errors import OrdercoreError

__all__ = ["UnknownSku", "UnsellableSku"]


class UnknownSku(OrdercoreError, LookupError):
    """An order line names a SKU the catalogue does not know (and the policy is ``refuse``)."""

    template = (
        "sku={sku!r} on line {order_id}/{line_id} was refused: the catalogue has no such "
        "product, and the rule is that an order line names a product the shop sells (add it "
        "to the catalogue, or run the Engine with unknown_skus=accept_and_backorder)"
    )
    refuses = ("sku", "a SKU the catalogue knows")
    sku: str
    order_id: str
    line_id: str


class UnsellableSku(OrdercoreError, ValueError):
    """An order line names a product the catalogue marks as not sellable."""

    template = (
        "sku={sku!r} on line {order_id}/{line_id} was refused: the catalogue marks it not "
        "sellable, and the rule is that an order line names a sellable product"
    )
    refuses = ("sku", "a sellable product")
    sku: str
    order_id: str
    line_id: str
