import pendulum
import pytest

from ordercore.channels import (
    AccountingRoute,
    DocumentDue,
    DocumentKind,
    MessageKind,
    Routing,
    UnroutedReason,
    refund_receipt_messages,
    route,
)
from ordercore.domain.billing.payment_events import PaymentRefunded
from ordercore.domain.billing.payments import Payment
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.money import Money
from ordercore.ports.outbox import OutboxMessage

AT = pendulum.datetime(2026, 12, 2, 4, 30, tz="UTC")
BOOKED = Routing(accounting=AccountingRoute(account="9130357", item_refs={}))


def refunded(reference: str = "re_7") -> PaymentRefunded:
    payment = Payment.start("order-7/payment-1", "order-7", "card", "USD")
    payment.record_sale(Money.of("120.00", "USD"), "ch_7", AT.subtract(days=3))
    payment.refund(Money.of("45.50", "USD"), reference, AT)
    event = payment.pull_events()[-1]
    assert isinstance(event, PaymentRefunded)
    return event


def test_a_refund_paid_back_asks_for_a_quickbooks_refund_receipt() -> None:
    event = refunded()
    outbound = route([OutboxMessage(id="m-9", sequence=9, event=event)], BOOKED)
    expected = DocumentDue(
        kind=DocumentKind.REFUND_RECEIPT,
        invoice_id=None,
        credit_note_id=None,
        source="m-9",
        payment_ref="re_7",
        refund=event,
    )
    assert (expected,) == outbound.documents


def test_a_refund_receipt_due_becomes_one_message_with_a_stable_key() -> None:
    event = refunded()
    (due,) = route([OutboxMessage(id="m-9", sequence=9, event=event)], BOOKED).documents
    assert BOOKED.accounting is not None
    made = [
        refund_receipt_messages(
            due,
            customer_ref="58",
            accounting=BOOKED.accounting,
            deposit_account_ref="35",
            refund_item_ref="19",
            timezone="America/New_York",
        )
        for _ in range(2)
    ]
    assert made[0] == made[1]
    (message,) = made[0].messages
    assert (MessageKind.REFUND_RECEIPT, "order-7/payment-1/re_7", ("m-9",)) == (
        message.kind,
        message.target,
        message.sources,
    )
    assert "2026-12-01" == message.body["TxnDate"]


def test_a_refund_that_came_from_the_same_quickbooks_company_is_not_sent_back() -> None:
    event = refunded("quickbooks/9130357/77")
    outbound = route([OutboxMessage(id="m-10", sequence=10, event=event)], BOOKED)
    assert ((), ("m-10",)) == (outbound.documents, outbound.ignored)


def test_a_refund_without_an_accounting_route_is_unrouted_saying_so() -> None:
    outbound = route([refunded()], Routing())
    assert [UnroutedReason.NO_ACCOUNTING] == [u.reason for u in outbound.unrouted]


def test_an_invoice_document_is_not_a_refund_receipt() -> None:
    due = DocumentDue(
        kind=DocumentKind.INVOICE, invoice_id="order-7/invoice-1", credit_note_id=None, source="m"
    )
    assert BOOKED.accounting is not None
    with pytest.raises(ValidationError):
        refund_receipt_messages(
            due,
            customer_ref="58",
            accounting=BOOKED.accounting,
            deposit_account_ref="35",
            refund_item_ref="19",
            timezone="UTC",
        )
