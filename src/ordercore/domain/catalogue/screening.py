"""Screening an order's lines against the catalogue before the order is placed.

The rule: every line names a product the catalogue knows and marks sellable. A SKU the
catalogue does not know is refused (:class:`UnknownSku`) unless the policy is
``accept_and_backorder``: then the line is placed as usual, and with no stock behind it the
allocator backorders it. A product marked not sellable is always refused
(:class:`UnsellableSku`): the merchant said so explicitly, so no policy overrides it. Lines are
screened in order and the first refused line is named; nothing is changed either way.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

from ordercore.domain.catalogue.errors import UnknownSku, UnsellableSku
from ordercore.domain.catalogue.product import Product

__all__ = ["UnknownSkuPolicy", "screen_lines"]


class UnknownSkuPolicy(enum.StrEnum):
    """What placing an order does with a line whose SKU the catalogue does not know."""

    REFUSE = "refuse"
    """Refuse the order with :class:`UnknownSku` naming the SKU and the line (the default)."""
    ACCEPT_AND_BACKORDER = "accept_and_backorder"
    """Place it; with no stock of the SKU, allocation backorders the line."""


def screen_lines(
    order_id: str,
    lines: Iterable[tuple[str, str]],
    lookup: Callable[[str], Product | None],
    policy: UnknownSkuPolicy = UnknownSkuPolicy.REFUSE,
) -> None:
    """Refuse the first of ``lines`` (``(line_id, sku)`` pairs) the catalogue does not allow.

    ``lookup`` is the catalogue's ``get``. Raises :class:`UnknownSku` (unless ``policy`` is
    ``ACCEPT_AND_BACKORDER``) or :class:`UnsellableSku`; returns ``None`` when every line passes.
    """
    chosen = UnknownSkuPolicy(policy)
    for line_id, sku in lines:
        product = lookup(sku)
        if product is None:
            if chosen is UnknownSkuPolicy.REFUSE:
                raise UnknownSku(sku, order_id, line_id)
            continue
        if not product.sellable:
            raise UnsellableSku(sku, order_id, line_id)
