from decimal import Decimal

import pendulum
import pytest

from ordercore.channels.quickbooks import qbo_json, refund_receipt_body
from ordercore.domain.billing.payment_events import PaymentRefunded
from ordercore.domain.billing.payments import Payment
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.money import Money

# 23:30 in New York on 1 December is already 2 December in UTC.
REFUNDED_AT = pendulum.datetime(2026, 12, 2, 4, 30, tz="UTC")


def refund_event() -> PaymentRefunded:
    payment = Payment.start("order-7/payment-1", "order-7", "card", "USD")
    payment.record_sale(Money.of("120.00", "USD"), "ch_7", REFUNDED_AT.subtract(days=3))
    payment.refund(Money.of("45.50", "USD"), "re_7", REFUNDED_AT)
    event = payment.pull_events()[-1]
    assert isinstance(event, PaymentRefunded)
    return event


def test_a_refund_paid_back_becomes_a_qbo_refund_receipt() -> None:
    body = refund_receipt_body(
        refund_event(),
        customer_ref="58",
        deposit_account_ref="35",
        refund_item_ref="19",
        timezone="America/New_York",
    )
    assert {
        "CustomerRef": {"value": "58"},
        "DepositToAccountRef": {"value": "35"},
        "CurrencyRef": {"value": "USD"},
        "TxnDate": "2026-12-01",
        "PaymentRefNum": "re_7",
        "Line": [
            {
                "LineNum": 1,
                "Description": "Refund on order order-7",
                "Amount": Decimal("45.50"),
                "DetailType": "SalesItemLineDetail",
                "SalesItemLineDetail": {
                    "ItemRef": {"value": "19"},
                    "Qty": Decimal(1),
                    "UnitPrice": Decimal("45.50"),
                },
            }
        ],
        "TotalAmt": Decimal("45.50"),
        "PrivateNote": (
            "ordercore refund re_7 of payment order-7/payment-1 (order order-7, event 2)"
        ),
    } == body
    assert '"TotalAmt": 45.50' in qbo_json(body)


def test_refuses_a_refund_receipt_without_the_account_it_was_paid_from() -> None:
    with pytest.raises(ValidationError, match="deposit_account_ref"):
        refund_receipt_body(
            refund_event(),
            customer_ref="58",
            deposit_account_ref=" ",
            refund_item_ref="19",
            timezone="UTC",
        )


def test_refuses_something_that_is_not_a_refund_event() -> None:
    with pytest.raises(WrongType):
        refund_receipt_body(
            "re_7",  # type: ignore[arg-type]
            customer_ref="58",
            deposit_account_ref="35",
            refund_item_ref="19",
            timezone="UTC",
        )
