"""Hypothesis strategies for orders: addresses, channel references, lines and whole orders.

Money is always in the order's currency. Instants come from a fixed anchor (:data:`ANCHOR`),
never from the wall clock, and SKUs are memorable so that a shrunk failure reads like a story.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from ordercore.domain.orders import (
    Address,
    ChannelRef,
    Discount,
    HoldType,
    InvoicingPolicy,
    Order,
    ShippingCharge,
    TaxLine,
)
from ordercore.kernel.money import Money
from ordercore.testing.strategies_kernel import ANCHOR, amounts

__all__ = [
    "ANCHOR",
    "CURRENCIES",
    "SKUS",
    "LineSpec",
    "addresses",
    "amounts",
    "channel_refs",
    "draft_orders",
    "hold_types",
    "line_specs",
    "placed_orders",
    "progressed_orders",
]

SKUS = ("RETRO-CLOCK", "BLUE-VASE", "BRASS-LAMP", "VELVET-SOFA", "OAK-STOOL")
"""Memorable SKUs."""

CURRENCIES = ("EUR", "USD", "JPY", "KWD")
"""Currencies with 2, 0 and 3 decimal places."""

_WORDS = st.sampled_from(["Ada", "Grace", "Linus", "Margaret", "Alan"])
_CITIES = st.sampled_from(["Berlin", "Lyon", "Osaka", "Austin", "Leeds"])


@st.composite
def addresses(draw: st.DrawFn) -> Address:
    """A valid postal address with an ISO 3166-1 alpha-2 country."""
    return Address(
        name=draw(_WORDS) + " " + draw(_WORDS),
        line1=f"{draw(st.integers(1, 200))} Main Street",
        line2=draw(st.sampled_from(["", "Flat 2", "c/o Shipping"])),
        city=draw(_CITIES),
        region=draw(st.sampled_from(["", "BE", "TX"])),
        postal_code=str(draw(st.integers(10000, 99999))),
        country=draw(st.sampled_from(["DE", "FR", "JP", "US", "GB"])),
    )


@st.composite
def channel_refs(draw: st.DrawFn) -> ChannelRef:
    """A sales-channel reference (channel, account, external id and version)."""
    return ChannelRef(
        channel=draw(st.sampled_from(["shopify", "amazon", "phone"])),
        account=draw(st.sampled_from(["main-store", "eu-seller"])),
        external_id=str(draw(st.integers(1000, 999999))),
        external_version=f"2026-11-{draw(st.integers(1, 26)):02d}T09:00:00Z",
    )


def hold_types() -> st.SearchStrategy[HoldType]:
    """Any hold type."""
    return st.sampled_from(list(HoldType))


@attrs.frozen(kw_only=True)
class LineSpec:
    """What ``Order.add_line`` takes: SKU, quantity, unit price, line discounts and taxes."""

    sku: str
    quantity: int
    unit_price: Money
    discounts: tuple[Discount, ...]
    tax_lines: tuple[TaxLine, ...]

    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments for ``add_line`` (besides ``now``)."""
        return {
            "sku": self.sku,
            "quantity": self.quantity,
            "unit_price": self.unit_price,
            "discounts": self.discounts,
            "tax_lines": self.tax_lines,
        }


@st.composite
def line_specs(draw: st.DrawFn, currency: str, max_quantity: int = 8) -> LineSpec:
    """A valid line in ``currency``: its discount never exceeds its subtotal."""
    quantity = draw(st.integers(1, max_quantity))
    price = draw(amounts(currency, 10_000))
    subtotal = (price * quantity).minor_units
    discounts: tuple[Discount, ...] = ()
    if subtotal and draw(st.booleans()):
        off = Money.from_minor(draw(st.integers(0, subtotal)), currency)
        discounts = (Discount(code_or_reason="SPRING", amount=off),)
    taxes: tuple[TaxLine, ...] = ()
    if draw(st.booleans()):
        tax = draw(amounts(currency, max(1, subtotal // 5)))
        taxes = (TaxLine(name="VAT", rate=Decimal("0.19"), amount=tax),)
    return LineSpec(
        sku=draw(st.sampled_from(SKUS)),
        quantity=quantity,
        unit_price=price,
        discounts=discounts,
        tax_lines=taxes,
    )


@st.composite
def draft_orders(
    draw: st.DrawFn, *, min_lines: int = 0, max_lines: int = 4, keep_events: bool = False
) -> Order:
    """A draft order with lines, shipping and fitting order-level discounts.

    Its events are drained unless ``keep_events`` (then ``pull_events()`` gives its whole log).
    """
    currency = draw(st.sampled_from(CURRENCIES))
    shipping = tuple(
        ShippingCharge(method="DHL", amount=draw(amounts(currency, 2_000)))
        for _ in range(draw(st.integers(0, 1)))
    )
    order = Order.draft(
        order_id=f"order-{draw(st.integers(1, 999))}",
        number=str(draw(st.integers(1000, 9999))),
        customer_id=f"cust-{draw(st.integers(1, 99))}",
        currency=currency,
        ship_to=draw(addresses()),
        bill_to=draw(addresses()),
        priority=draw(st.integers(0, 10)),
        promised_ship_by=ANCHOR.date().add(days=draw(st.integers(0, 10))),
        channel=draw(st.none() | channel_refs()),
        invoicing_policy=draw(st.sampled_from(list(InvoicingPolicy))),
        shipping=shipping,
        now=ANCHOR,
    )
    for _ in range(draw(st.integers(min_lines, max_lines))):
        order.add_line(now=ANCHOR, **draw(line_specs(currency)).kwargs())
    net = sum(line.net.minor_units for line in order.lines.values())
    if net and draw(st.booleans()):
        off = Money.from_minor(draw(st.integers(0, net // 2)), currency)
        order.discounts = (Discount(code_or_reason="WELCOME", amount=off),)
    if not keep_events:
        order.pull_events()
    return order


@st.composite
def placed_orders(draw: st.DrawFn, *, max_lines: int = 4, keep_events: bool = False) -> Order:
    """A placed order with at least one line; events drained unless ``keep_events``."""
    order = draw(draft_orders(min_lines=1, max_lines=max_lines, keep_events=keep_events))
    order.place(ANCHOR)
    if not keep_events:
        order.pull_events()
    return order


_FORWARD = ("allocate", "pick", "pack", "ship", "deliver", "request_return", "receive_return")


@st.composite
def progressed_orders(draw: st.DrawFn, *, max_lines: int = 3, keep_events: bool = False) -> Order:
    """A confirmed order whose lines moved forward by random valid amounts.

    Each line goes some way along allocate → pick → pack → ship → deliver → return, so orders
    arrive in fulfilment, partly shipped, delivered or returned. Events are drained unless
    ``keep_events`` (then ``pull_events()`` gives the whole log, from the first line added).
    """
    order = draw(placed_orders(max_lines=max_lines, keep_events=keep_events))
    order.confirm(ANCHOR)
    for line_id in list(order.lines):
        for name in _FORWARD:
            source = order.lines[line_id].ledger
            have = {
                "allocate": source.unallocated,
                "pick": source.allocated,
                "pack": source.picked,
                "ship": source.packed,
                "deliver": source.shipped,
                "request_return": source.delivered,
                "receive_return": source.return_requested,
            }[name]
            units = draw(st.just(have) | st.integers(0, have))
            if not units:
                break
            order.move(line_id, units, name, ANCHOR)
    if not keep_events:
        order.pull_events()
    return order
