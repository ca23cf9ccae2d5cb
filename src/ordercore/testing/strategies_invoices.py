"""Hypothesis strategies for invoices: payment terms, document lines, totals and invoices.

Memorable values (``"RETRO-CLOCK"``, ``"BLUE-VASE"``) so a shrunk failure reads like a story;
currencies with 0, 2 and 3 decimal places (JPY, USD/EUR, KWD). Instants are built from a fixed
anchor, never from the wall clock.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import TypedDict

import pendulum
from hypothesis import strategies as st

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.terms import (
    DueOnReceipt,
    DueRule,
    EndOfMonth,
    Net,
    PaymentTerms,
)
from ordercore.domain.billing.totals import DocumentLine, Shipping, TaxMode
from ordercore.kernel.errors import OrdercoreError, ValidationError
from ordercore.kernel.money import Money, Rounding
from ordercore.testing.strategies_kernel import ANCHOR, CURRENCY_CODES, amounts
from ordercore.testing.strategies_kernel import instants as kernel_instants

__all__ = [
    "ANCHOR",
    "CURRENCIES",
    "ORDER_LINE_IDS",
    "SKUS",
    "TIMEZONES",
    "Document",
    "document_lines",
    "documents",
    "draft_invoices",
    "due_rules",
    "instants",
    "issued_invoices",
    "payment_terms",
    "tax_rates",
    "worked_invoices",
]

SKUS = ("RETRO-CLOCK", "BLUE-VASE", "BRASS-LAMP", "TEAL-MUG")
"""Memorable SKUs."""

ORDER_LINE_IDS = ("line-1", "line-2", "line-3")
"""The order line ids a drawn invoice line may bill (or none)."""

CURRENCIES = CURRENCY_CODES
"""Currencies with 2, 2, 0 and 3 decimal places."""

TIMEZONES = ("UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Pacific/Auckland")
"""Merchant timezones on both sides of UTC."""


class Document(TypedDict):
    """Keyword arguments for ``compute_totals`` and ``Invoice.from_lines``."""

    lines: list[DocumentLine]
    order_discount: Money | None
    shipping: Shipping | None
    tax_mode: TaxMode
    rounding: Rounding


def instants(max_days: int = 120) -> st.SearchStrategy[pendulum.DateTime]:
    """Aware instants from :data:`ANCHOR` up to ``max_days`` later, to the minute."""
    return kernel_instants(ANCHOR, max_days, step_seconds=60)


def tax_rates() -> st.SearchStrategy[Decimal]:
    """Tax rates as fractions: zero, common VAT/sales-tax rates, and odd ones to 4 places."""
    common = st.sampled_from(["0", "0.05", "0.07", "0.0825", "0.1", "0.19", "0.2", "0.25"])
    odd = st.integers(0, 3000).map(lambda n: f"{n / 10000:.4f}")
    return st.one_of(common, odd).map(Decimal)


def due_rules() -> st.SearchStrategy[DueRule]:
    """Any due rule: on receipt, net N or end of month plus N."""
    return st.one_of(
        st.just(DueOnReceipt()),
        st.integers(0, 120).map(Net),
        st.integers(0, 60).map(EndOfMonth),
    )


@st.composite
def payment_terms(draw: st.DrawFn, *, instalments: bool = True) -> PaymentTerms:
    """Terms: one rule or up to four instalments (percentages summing to 100), maybe a discount."""
    count = draw(st.integers(1, 4)) if instalments else 1
    if count == 1:
        shares = [Decimal(100)]
    else:
        cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1)))
        cuts = sorted(set(cuts))
        edges = [0, *cuts, 100]
        shares = [Decimal(b - a) for a, b in itertools.pairwise(edges)]
    terms = PaymentTerms.in_instalments((share, draw(due_rules())) for share in shares)
    if draw(st.booleans()):
        percent = draw(st.sampled_from(["1", "1.5", "2", "3", "5"]))
        terms = terms.with_discount(percent, draw(st.integers(0, 30)))
    return terms


@st.composite
def document_lines(
    draw: st.DrawFn, currency: str = "USD", *, max_quantity: int = 12
) -> DocumentLine:
    """A line in ``currency``: a memorable sku, a quantity, a price, maybe a discount, a rate."""
    quantity = draw(st.integers(1, max_quantity))
    price = draw(amounts(currency, 50_000))
    amount = price * quantity
    discount = draw(st.none() | amounts(currency, amount.minor_units))
    return DocumentLine(
        draw(st.sampled_from(SKUS)),
        quantity,
        price,
        draw(tax_rates()),
        discount,
        "",
        draw(st.none() | st.sampled_from(ORDER_LINE_IDS)),
    )


@st.composite
def documents(draw: st.DrawFn, currency: str | None = None, *, max_lines: int = 5) -> Document:
    """Keyword arguments for ``compute_totals`` / ``Invoice.from_lines``: lines and charges."""
    code = currency or draw(st.sampled_from(CURRENCIES))
    lines = draw(st.lists(document_lines(code), min_size=1, max_size=max_lines))
    room = sum((line.amount - (line.discount or Money.zero(code))).minor_units for line in lines)
    discount = draw(st.none() | st.integers(0, room).map(lambda n: Money.from_minor(n, code)))
    shipping = draw(st.none() | st.builds(Shipping, amounts(code, 5_000), tax_rates()))
    return Document(
        lines=lines,
        order_discount=discount,
        shipping=shipping,
        tax_mode=draw(st.sampled_from(TaxMode)),
        rounding=draw(st.sampled_from([Rounding.HALF_UP, Rounding.HALF_EVEN, Rounding.DOWN])),
    )


@st.composite
def draft_invoices(
    draw: st.DrawFn, currency: str | None = None, *, keep_events: bool = False
) -> Invoice:
    """A draft invoice with a positive total (a 1-unit line if all was free).

    Its events are pulled unless ``keep_events`` (then ``invoice.events`` is its whole history).
    """
    document = draw(documents(currency))
    drafted = draw(instants(10))
    try:
        invoice = Invoice.from_lines("INV-DRAFT", at=drafted, **document)
    except ValidationError:
        price = Money.of(1, document["lines"][0].unit_price.currency)
        invoice = Invoice.from_lines(
            "INV-DRAFT", [DocumentLine("RETRO-CLOCK", 1, price)], at=drafted
        )
    if not keep_events:
        invoice.pull_events()
    return invoice


@st.composite
def issued_invoices(
    draw: st.DrawFn, currency: str | None = None, *, keep_events: bool = False
) -> Invoice:
    """An issued invoice: a draft given a number, terms and a timezone.

    Its events are pulled unless ``keep_events`` (then ``invoice.events`` is its whole history).
    """
    invoice = draw(draft_invoices(currency, keep_events=True))
    zone = draw(st.sampled_from(TIMEZONES))
    invoice.issue("INV-0001", draw(instants(10)), draw(payment_terms()), zone)
    if not keep_events:
        invoice.pull_events()
    return invoice


@st.composite
def worked_invoices(draw: st.DrawFn, currency: str | None = None) -> Invoice:
    """An invoice taken through random commands; ``invoice.events`` is its whole history.

    It may stay a draft or be voided, or be issued and then paid (in part, in full, or more)
    and credited (some lines, or everything left), at instants moving forward from
    :data:`ANCHOR`; commands the rules refuse are skipped.
    """
    invoice = draw(draft_invoices(currency, keep_events=True))
    now = ANCHOR.add(days=11)
    if draw(st.booleans()):
        invoice.issue("INV-0001", now, draw(payment_terms()), draw(st.sampled_from(TIMEZONES)))
    steps = draw(st.lists(st.sampled_from(["pay", "credit", "credit_all", "void"]), max_size=6))
    for step, command in enumerate(steps):
        now = now.add(days=draw(st.integers(0, 20)), minutes=draw(st.integers(0, 600)))
        ref = f"{step + 1:03d}"
        try:
            if command == "pay":
                percent = Decimal(draw(st.integers(1, 130))) / 100
                amount = invoice.balance.multiply(percent, Rounding.UP)
                amount = amount or Money.from_minor(1, invoice.totals.currency)
                invoice.apply_payment(f"PAY-{ref}", amount, now)
            elif command == "credit":
                index = draw(st.integers(0, len(invoice.totals.lines) - 1))
                quantities = {index: draw(st.integers(1, 3))}
                shipping = draw(st.booleans())
                invoice.issue_credit_note(
                    f"CN-{ref}", f"CN-{ref}", now, quantities=quantities, include_shipping=shipping
                )
            elif command == "credit_all":
                invoice.issue_credit_note(f"CN-{ref}", f"CN-{ref}", now, reason="returned")
            else:
                invoice.void(now, "ordered by mistake")
        except OrdercoreError:
            continue
    return invoice
