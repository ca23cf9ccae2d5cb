"""A return quotes the units it received and settles against the credit notes that credited them."""

from ordercore.domain.billing import CreditResult, DocumentLine, Invoice
from ordercore.domain.returns import (
    LineFigures,
    OrderFigures,
    RefundPolicy,
    RefundQuote,
    ReturnReason,
    RmaStatus,
    refund_quote,
)
from ordercore.domain.returns.refunds import settled_quote

from .support import DELIVERED, inspected, usd

LATER = DELIVERED.add(days=10)
FIGURES = OrderFigures(
    "USD",
    [
        LineFigures("line-1", 3, usd("30.00"), usd("0.00"), usd("0.00")),
        LineFigures("line-2", 2, usd("10.00"), usd("0.00"), usd("0.00")),
    ],
    shipping=usd("5.00"),
)


def _credited_clocks(units: int, *, paid: bool = True) -> CreditResult:
    """A credit note for ``units`` of three clocks invoiced at 10.00 (the invoice paid)."""
    clocks = DocumentLine("RETRO-CLOCK", 3, usd("10.00"), order_line_id="line-1")
    invoice = Invoice.from_lines("o1/invoice-1", [clocks], at=DELIVERED, order_id="o1")
    invoice.issue("INV-1", DELIVERED, "Due on receipt", "UTC")
    if paid:
        invoice.apply_payment("p1@o1/invoice-1", usd("30.00"), DELIVERED)
    return invoice.issue_credit_note("o1/invoice-1/credit-1", "CN-1", LATER, quantities={0: units})


def test_a_return_quotes_its_received_units_with_their_reasons() -> None:
    rma = inspected(2)
    policy = RefundPolicy()

    quoted = rma.quote(FIGURES, {}, policy)

    assert refund_quote(FIGURES, {}, {"line-1": (2, ReturnReason.SIZE_OR_FIT)}, policy) == quoted
    assert usd("20.00") == quoted.share


def test_the_share_is_what_the_notes_charged_when_they_credit_every_received_unit() -> None:
    goods = RefundQuote(usd("19.99"), usd("0.00"))

    settled = settled_quote(goods, [_credited_clocks(2)], 2, refund_shipping=False)

    assert RefundQuote(usd("20.00"), usd("0.00")) == settled


def test_the_share_stays_the_exact_one_when_the_notes_credit_fewer_units() -> None:
    goods = RefundQuote(usd("20.00"), usd("1.00"))

    settled = settled_quote(goods, [_credited_clocks(1)], 2, refund_shipping=False)

    assert goods == settled


def test_a_return_settled_without_amounts_refunds_what_the_notes_owe_the_customer() -> None:
    rma = inspected(2)

    rma.settle(FIGURES, {}, [_credited_clocks(2)], RefundPolicy(), LATER)

    assert (RmaStatus.RESOLVED, usd("20.00")) == (rma.status, rma.refund)


def test_a_return_settled_against_unpaid_notes_refunds_nothing() -> None:
    rma = inspected(2)

    rma.settle(FIGURES, {}, [_credited_clocks(2, paid=False)], RefundPolicy(), LATER)

    assert (RmaStatus.RESOLVED, usd("0.00")) == (rma.status, rma.refund)
