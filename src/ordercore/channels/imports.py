"""The neutral import command: what any channel mapper produces from an inbound order payload.

An :class:`ImportOrder` carries the external reference and version, the customer and addresses,
the currency, the lines (SKU, quantity, unit price, line discounts, line tax), order discounts,
shipping, the channel's payment and shipping state, the :class:`~.reconciliation.Reconciliation`
of the totals it stated, and typed :class:`ChannelWarning` values for facts a host should see
(a transaction dated before its order, a unit price that had to be split). :meth:`ImportOrder.draft`
builds the ``Order`` draft that ``Engine.place_order`` takes.
"""

from __future__ import annotations

import enum

import attrs
import pendulum

from ordercore.domain.orders import (
    Address,
    ChannelRef,
    Discount,
    InvoicingPolicy,
    Order,
    ShippingCharge,
    TaxLine,
)
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import CustomerId, OrderId, Sku
from ordercore.kernel.money import Currency, Money

from .reconciliation import ComputedTotals, Reconciliation, StatedTotal, reconcile
from .versions import ExternalRef, ExternalVersion

__all__ = [
    "ChannelWarning",
    "ExternalCustomer",
    "ImportOrder",
    "ImportedLine",
    "PaymentState",
    "ShippingState",
    "WarningCode",
    "assemble_order",
    "computed_totals",
]


class PaymentState(enum.StrEnum):
    """The channel's payment state of an order, in ordercore's words."""

    PENDING = "pending"
    AUTHORIZED = "authorized"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    VOIDED = "voided"
    EXPIRED = "expired"


class ShippingState(enum.StrEnum):
    """The channel's shipping state of an order, in ordercore's words."""

    UNSHIPPED = "unshipped"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    RESTOCKED = "restocked"
    UNFULFILLABLE = "unfulfillable"


class WarningCode(enum.StrEnum):
    """Kinds of facts a mapper reports without refusing the payload or fixing anything."""

    DATED_BEFORE_ORDER = "dated_before_order"
    """A transaction or refund is dated before the order it belongs to."""
    DATED_BEFORE_PARENT = "dated_before_parent"
    """A refund's transaction is dated before the refund itself."""
    UNIT_PRICE_SPLIT = "unit_price_split"
    """A line total did not divide by its quantity; the line became two lines of exact prices."""
    SKU_FROM_ASIN = "sku_from_asin"
    """An item without a seller SKU was given its ASIN as SKU (by the caller's choice)."""
    BUYER_REQUESTED_CANCEL = "buyer_requested_cancel"
    """The buyer asked to cancel an item."""
    ORDER_TAX_SPREAD = "order_tax_spread"
    """Order-level tax lines were spread over the lines by net amount (largest remainder)."""


@attrs.frozen(kw_only=True)
class ChannelWarning:
    """A fact reported by a mapper: its code, the JSON path, the value and a sentence."""

    code: WarningCode
    path: str
    value: str
    message: str


@attrs.frozen(kw_only=True)
class ExternalCustomer:
    """The customer as the channel knows them (any part may be unknown)."""

    external_id: str | None = None
    email: str | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class ImportedLine:
    """One imported line: the channel's line id, SKU, quantity, unit price, discounts and tax."""

    external_line_id: str
    sku: Sku
    quantity: int
    unit_price: Money
    title: str = ""
    discounts: tuple[Discount, ...] = ()
    tax_lines: tuple[TaxLine, ...] = ()

    @property
    def line_items(self) -> Money:
        """Unit price times quantity."""
        return self.unit_price * self.quantity


def computed_totals(
    currency: Currency,
    lines: tuple[ImportedLine, ...],
    discounts: tuple[Discount, ...],
    shipping: tuple[ShippingCharge, ...],
) -> ComputedTotals:
    """What ``lines``, order ``discounts`` and ``shipping`` add up to (as an Order would)."""
    return ComputedTotals.of(
        currency,
        line_items=[line.line_items for line in lines],
        discounts=[d.amount for line in lines for d in line.discounts]
        + [d.amount for d in discounts],
        shipping=[s.amount for s in shipping],
        tax=[t.amount for line in lines for t in line.tax_lines]
        + [s.tax for s in shipping if s.tax is not None],
    )


@attrs.frozen(kw_only=True)
class ImportOrder:
    """An inbound order from a channel, mapped but not yet an ``Order``: see the module docs."""

    ref: ExternalRef
    version: ExternalVersion
    number: str
    placed_at: pendulum.DateTime
    currency: Currency
    customer: ExternalCustomer
    ship_to: Address | None
    bill_to: Address | None
    lines: tuple[ImportedLine, ...]
    discounts: tuple[Discount, ...] = ()
    shipping: tuple[ShippingCharge, ...] = ()
    payment: PaymentState = PaymentState.PENDING
    shipping_state: ShippingState = ShippingState.UNSHIPPED
    cancelled: bool = False
    channel_status: str = ""
    reconciliation: Reconciliation = attrs.field(factory=Reconciliation)
    warnings: tuple[ChannelWarning, ...] = ()

    @property
    def totals(self) -> ComputedTotals:
        """What the imported lines, discounts, shipping and tax add up to."""
        return computed_totals(self.currency, self.lines, self.discounts, self.shipping)

    def channel_ref(self) -> ChannelRef:
        """The order's ``ChannelRef``: the reference plus the version's text."""
        return ChannelRef(
            channel=self.ref.channel,
            account=self.ref.account,
            external_id=self.ref.external_id,
            external_version=self.version.text,
        )

    def draft(
        self,
        *,
        order_id: OrderId | str,
        customer_id: CustomerId | str,
        now: pendulum.DateTime,
        ship_to: Address | None = None,
        bill_to: Address | None = None,
        priority: int = 100,
        invoicing_policy: InvoicingPolicy | str = InvoicingPolicy.ON_PLACEMENT,
        strict: bool = False,
    ) -> Order:
        """The ``Order`` draft for ``Engine.place_order``: lines added in the channel's order.

        ``order_id`` and ``customer_id`` are the host's (ordercore invents no ids); ``ship_to``
        and ``bill_to`` override the imported addresses (needed when the channel sent none).
        ``strict`` first raises ``TotalsDoNotReconcile`` if any stated total differs.
        """
        if strict:
            self.reconciliation.require(self.ref.channel, self.ref.external_id)
        address = ship_to if ship_to is not None else self.ship_to
        if address is None:
            raise ValidationError(
                "ship_to", None, "the channel sent no shipping address; pass ship_to=Address(...)"
            )
        billing = bill_to if bill_to is not None else self.bill_to
        order = Order.draft(
            order_id=order_id,
            number=self.number,
            customer_id=customer_id,
            currency=self.currency,
            ship_to=address,
            bill_to=billing,
            now=now,
            priority=priority,
            channel=self.channel_ref(),
            invoicing_policy=invoicing_policy,
            discounts=self.discounts,
            shipping=self.shipping,
        )
        for line in self.lines:
            order.add_line(
                line.sku,
                line.quantity,
                line.unit_price,
                now,
                discounts=line.discounts,
                tax_lines=line.tax_lines,
            )
        return order


def assemble_order(
    *,
    ref: ExternalRef,
    version: ExternalVersion,
    number: str,
    placed_at: pendulum.DateTime,
    currency: Currency,
    customer: ExternalCustomer,
    ship_to: Address | None,
    bill_to: Address | None,
    lines: tuple[ImportedLine, ...],
    discounts: tuple[Discount, ...] = (),
    shipping: tuple[ShippingCharge, ...] = (),
    stated: tuple[StatedTotal, ...] = (),
    payment: PaymentState = PaymentState.PENDING,
    shipping_state: ShippingState = ShippingState.UNSHIPPED,
    cancelled: bool = False,
    channel_status: str = "",
    warnings: tuple[ChannelWarning, ...] = (),
    strict: bool = False,
) -> ImportOrder:
    """An :class:`ImportOrder` from neutral parts, with its totals reconciled against ``stated``.

    Every channel mapper (REST, GraphQL, another marketplace) reads its payload into these parts
    and calls this; ``strict`` raises ``TotalsDoNotReconcile`` instead of carrying a mismatch.
    """
    totals = computed_totals(currency, lines, discounts, shipping)
    report = reconcile(stated, totals)
    if strict:
        report.require(ref.channel, ref.external_id)
    return ImportOrder(
        ref=ref,
        version=version,
        number=number,
        placed_at=placed_at,
        currency=currency,
        customer=customer,
        ship_to=ship_to,
        bill_to=bill_to,
        lines=lines,
        discounts=discounts,
        shipping=shipping,
        payment=payment,
        shipping_state=shipping_state,
        cancelled=cancelled,
        channel_status=channel_status,
        reconciliation=report,
        warnings=warnings,
    )
