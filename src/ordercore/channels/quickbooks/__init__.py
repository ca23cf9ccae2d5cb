"""QuickBooks Online mappers: invoices, credit notes, payments, refunds out; payments in.

Nothing here does I/O: the host calls QBO's API with the bodies (see
:func:`~ordercore.channels.quickbooks.outbound.qbo_json`) and passes the parsed responses in.
"""

from ordercore.channels.quickbooks.inbound import (
    CHANNEL,
    AppliedAmount,
    QboDocument,
    QboLine,
    QboPayment,
    map_credit_memo,
    map_invoice,
    map_payment,
)
from ordercore.channels.quickbooks.outbound import (
    SHIPPING_ITEM_ID,
    credit_memo_body,
    invoice_body,
    payment_body,
    qbo_json,
    refund_receipt_body,
)

__all__ = [
    "CHANNEL",
    "SHIPPING_ITEM_ID",
    "AppliedAmount",
    "QboDocument",
    "QboLine",
    "QboPayment",
    "credit_memo_body",
    "invoice_body",
    "map_credit_memo",
    "map_invoice",
    "map_payment",
    "payment_body",
    "qbo_json",
    "refund_receipt_body",
]
