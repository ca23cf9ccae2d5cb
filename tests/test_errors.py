# ruff: noqa: E501 - the table pins whole messages, one per line
"""ordercore.errors gathers every error; each is an OrdercoreError and a matching builtin.

The table below pins, for one construction of every public error, the message a person reads and
the ``fields`` a program reads: errors are declared once (``ordercore.kernel.errors``), and this
is what that declaration must keep producing.
"""

import pickle
from collections.abc import Callable

import pendulum
import pytest

import ordercore.errors
import ordercore.errors as E  # noqa: N812 - short, for the table
from ordercore.channels.reconciliation import TotalCheck, TotalKind
from ordercore.kernel.money import Money
from ordercore.ports.errors import LedgerOutOfSequence

BUILTINS = (ValueError, LookupError, TypeError, RuntimeError, ArithmeticError)
ERRORS = [getattr(ordercore.errors, name) for name in ordercore.errors.__all__]
LEAVES = [error for error in ERRORS if error is not ordercore.errors.OrdercoreError]


@pytest.mark.parametrize("error", LEAVES, ids=lambda e: e.__name__)
def test_every_public_error_is_an_ordercore_error_and_a_builtin_one(error: type) -> None:
    assert issubclass(error, ordercore.errors.OrdercoreError)
    assert issubclass(error, BUILTINS), f"{error.__name__} subclasses no matching builtin"


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.__name__)
def test_every_public_error_has_a_docstring(error: type) -> None:
    assert error.__doc__


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


AT = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
LATER = pendulum.datetime(2026, 11, 27, 9, tz="UTC")
CHECK = TotalCheck(
    kind=next(iter(TotalKind)), field="total_price", stated=usd("10.00"), computed=usd("9.50")
)

CASES = [
    pytest.param(
        lambda: E.ValidationError("quantity", -2, "a quantity is at least 1"),
        "quantity=-2 was refused: a quantity is at least 1",
        "{'field': 'quantity', 'rule': 'a quantity is at least 1', 'value': -2}",
        id="ValidationError",
    ),
    pytest.param(
        lambda: E.ValidationError("quantity", -2, "rule", sku="RETRO-CLOCK"),
        "quantity=-2 was refused: rule",
        "{'field': 'quantity', 'rule': 'rule', 'sku': 'RETRO-CLOCK', 'value': -2}",
        id="ValidationError+extra",
    ),
    pytest.param(
        lambda: E.WrongType("amount", 0.1, "money is exact"),
        "amount=0.1 (float) was refused: money is exact",
        "{'field': 'amount', 'rule': 'money is exact', 'value': 0.1}",
        id="WrongType",
    ),
    pytest.param(
        lambda: E.CurrencyMismatch("add", "1.00 USD", "1.00 EUR"),
        "cannot add 1.00 USD and 1.00 EUR: amounts in different currencies never mix; convert one of them explicitly first",
        "{'left': '1.00 USD', 'operation': 'add', 'right': '1.00 EUR'}",
        id="CurrencyMismatch",
    ),
    pytest.param(
        lambda: E.UnknownCurrency("XYZ"),
        "currency='XYZ' is not in the currency table in use: pass a table that defines it (CurrencyTable.default().with_currency(...))",
        "{'currency': 'XYZ'}",
        id="UnknownCurrency",
    ),
    pytest.param(
        lambda: E.NaiveDatetime("at", "2026-01-01"),
        "at='2026-01-01' was refused: it has no timezone, so it names no instant; pass a timezone-aware datetime (e.g. pendulum.datetime(..., tz='UTC'))",
        "{'field': 'at', 'value': '2026-01-01'}",
        id="NaiveDatetime",
    ),
    pytest.param(
        lambda: E.NotFound("order", "order-9"),
        "order 'order-9' was not found",
        "{'entity_id': 'order-9', 'kind': 'order'}",
        id="NotFound",
    ),
    pytest.param(
        lambda: E.ConcurrencyConflict("stock", "RETRO-CLOCK", expected=3, actual=4),
        "stock 'RETRO-CLOCK' was saved expecting version 3, but the store holds version 4: another writer changed it; reload and retry",
        "{'actual_version': 4, 'entity_id': 'RETRO-CLOCK', 'expected_version': 3, 'kind': 'stock'}",
        id="ConcurrencyConflict",
    ),
    pytest.param(
        lambda: E.ConcurrencyConflict("stock", "RETRO-CLOCK", 3, 4),
        "stock 'RETRO-CLOCK' was saved expecting version 3, but the store holds version 4: another writer changed it; reload and retry",
        "{'actual_version': 4, 'entity_id': 'RETRO-CLOCK', 'expected_version': 3, 'kind': 'stock'}",
        id="ConcurrencyConflict-pos",
    ),
    pytest.param(
        lambda: E.InvalidTransition("order", "o-1", "placed", "ship", ("confirm", "cancel")),
        "order 'o-1' cannot 'ship' while 'placed': order allows only confirm, cancel from 'placed'",
        "{'allowed': ('confirm', 'cancel'), 'entity_id': 'o-1', 'lifecycle': 'order', 'state': 'placed', 'trigger': 'ship'}",
        id="InvalidTransition",
    ),
    pytest.param(
        lambda: E.InvalidTransition("order", "o-1", "done", "ship", ()),
        "order 'o-1' cannot 'ship' while 'done': order allows only nothing from 'done'",
        "{'allowed': (), 'entity_id': 'o-1', 'lifecycle': 'order', 'state': 'done', 'trigger': 'ship'}",
        id="InvalidTransition-none",
    ),
    pytest.param(
        lambda: E.InvalidTransition("order", "o-1", "placed", "ship", (), "because"),
        "order 'o-1' cannot 'ship' while 'placed': because",
        "{'allowed': (), 'entity_id': 'o-1', 'lifecycle': 'order', 'state': 'placed', 'trigger': 'ship'}",
        id="InvalidTransition-reason",
    ),
    pytest.param(
        lambda: E.InvalidTransition("order", "o-1", "placed", "ship", (), reason="because"),
        "order 'o-1' cannot 'ship' while 'placed': because",
        "{'allowed': (), 'entity_id': 'o-1', 'lifecycle': 'order', 'state': 'placed', 'trigger': 'ship'}",
        id="InvalidTransition-kwreason",
    ),
    pytest.param(
        lambda: E.GuardRejected("parcel", None, "packed", "ship", "labelled"),
        "parcel None cannot 'ship' while 'packed': guard 'labelled' does not hold",
        "{'allowed': (), 'entity_id': None, 'lifecycle': 'parcel', 'state': 'packed', 'trigger': 'ship'}",
        id="GuardRejected",
    ),
    pytest.param(
        lambda: E.LifecycleDefinitionError("parcel", "states ['x'] have no exit", states=["x"]),
        "lifecycle 'parcel' is not well formed: states ['x'] have no exit",
        "{'lifecycle': 'parcel', 'rule': \"states ['x'] have no exit\", 'states': ['x']}",
        id="LifecycleDefinitionError",
    ),
    pytest.param(
        lambda: E.ChannelPayloadError("shopify", "order.line_items[2].price", "1,5", "a decimal"),
        "order.line_items[2].price='1,5' was refused: shopify payload: a decimal",
        "{'channel': 'shopify', 'field': 'order.line_items[2].price', 'path': 'order.line_items[2].price', 'rule': 'shopify payload: a decimal', 'value': '1,5'}",
        id="ChannelPayloadError",
    ),
    pytest.param(
        lambda: E.TotalsDoNotReconcile("shopify", "ext-1", [CHECK]),
        "shopify order 'ext-1' does not reconcile: total_price stated 10.00 but the lines give 9.50 (difference 0.50); a mapper never fixes totals, so the host must decide (import without strict mode to keep the report)",
        "{'channel': 'shopify', 'external_id': 'ext-1', 'fields': ('total_price',), 'mismatches': (TotalCheck(kind=<TotalKind.LINE_ITEMS: 'line_items'>, field='total_price', stated=Money('10.00', 'USD'), computed=Money('9.50', 'USD')),)}",
        id="TotalsDoNotReconcile",
    ),
    pytest.param(
        lambda: E.VersionKindMismatch("2026-01-01T00:00:00Z", "7"),
        "external versions '2026-01-01T00:00:00Z' and '7' are of different kinds (instant vs counter) and cannot be ordered; one channel uses one kind of version",
        "{'left': '2026-01-01T00:00:00Z', 'right': '7'}",
        id="VersionKindMismatch",
    ),
    pytest.param(
        lambda: E.DuplicateDemand("line_id", "l-1", "order o-1"),
        "line_id='l-1' was refused: it appears twice in order o-1; each order and each line is planned once",
        "{'field': 'line_id', 'scope': 'order o-1', 'value': 'l-1'}",
        id="DuplicateDemand",
    ),
    pytest.param(
        lambda: E.DuplicateSupply(("RETRO-CLOCK", "WH-EAST", None, None)),
        "supply=('RETRO-CLOCK', 'WH-EAST', None, None) was refused: a snapshot holds one row per (sku, location, lot, supply id); sum the rows before building it",
        "{'field': 'supply', 'rule': 'one row per (sku, location, lot, supply id)', 'value': ('RETRO-CLOCK', 'WH-EAST', None, None)}",
        id="DuplicateSupply",
    ),
    pytest.param(
        lambda: E.LineNotInPlan("o-1", "l-1"),
        "line=('o-1', 'l-1') was not found: the plan holds no such order line",
        "{'field': 'line', 'rule': 'ask only for lines that were part of the demand', 'value': ('o-1', 'l-1')}",
        id="LineNotInPlan",
    ),
    pytest.param(
        lambda: E.InvalidPaymentTerms("terms", "net -3", "days are at least 0"),
        "terms='net -3' was refused: days are at least 0",
        "{'field': 'terms', 'rule': 'days are at least 0', 'value': 'net -3'}",
        id="InvalidPaymentTerms",
    ),
    pytest.param(
        lambda: E.TotalsMismatch("total = subtotal + tax", "10.00", "9.00"),
        "totals identity 'total = subtotal + tax' does not hold: the parts sum to 10.00 but the document says 9.00; totals must be built with compute_totals()",
        "{'actual': '9.00', 'expected': '10.00', 'identity': 'total = subtotal + tax'}",
        id="TotalsMismatch",
    ),
    pytest.param(
        lambda: E.DuplicatePayment("inv-1", "pay-1"),
        "payment_ref='pay-1' was refused: it is already applied to invoice 'inv-1', and a payment is applied once",
        "{'invoice_id': 'inv-1', 'payment_ref': 'pay-1'}",
        id="DuplicatePayment",
    ),
    pytest.param(
        lambda: E.CreditExceedsInvoice("inv-1", "l-1", 3, 2),
        "quantities['l-1']=3 was refused: invoice 'inv-1' has only 2 left to credit on that line",
        "{'creditable': 2, 'invoice_id': 'inv-1', 'line': 'l-1', 'requested': 3}",
        id="CreditExceedsInvoice",
    ),
    pytest.param(
        lambda: E.PaymentOvershoot("pay-1", usd("10.01"), usd("10.00")),
        "payment 'pay-1' cannot use 10.01 USD: only 10.00 USD is what is available, so the request overshoots by 0.01 USD",
        "{'available': Money('10.00', 'USD'), 'overshoot': Money('0.01', 'USD'), 'payment_id': 'pay-1', 'requested': Money('10.01', 'USD')}",
        id="PaymentOvershoot",
    ),
    pytest.param(
        lambda: E.CaptureExceedsAuthorization("pay-1", usd("10.01"), usd("10.00")),
        "payment 'pay-1' cannot capture 10.01 USD: only 10.00 USD is authorized and not yet captured or released, so the request overshoots by 0.01 USD",
        "{'available': Money('10.00', 'USD'), 'overshoot': Money('0.01', 'USD'), 'payment_id': 'pay-1', 'requested': Money('10.01', 'USD')}",
        id="CaptureExceedsAuthorization",
    ),
    pytest.param(
        lambda: E.RefundExceedsCaptured("pay-1", usd("10.01"), usd("10.00")),
        "payment 'pay-1' cannot refund 10.01 USD: only 10.00 USD is captured and not yet refunded, so the request overshoots by 0.01 USD",
        "{'available': Money('10.00', 'USD'), 'overshoot': Money('0.01', 'USD'), 'payment_id': 'pay-1', 'requested': Money('10.01', 'USD')}",
        id="RefundExceedsCaptured",
    ),
    pytest.param(
        lambda: E.RefundBeforeSettlement("pay-1", usd("5.00"), usd("2.00")),
        "payment 'pay-1' cannot refund 5.00 USD while 2.00 USD of its authorization is still open: capture the rest or void it first, then refund",
        "{'capturable': Money('2.00', 'USD'), 'payment_id': 'pay-1', 'requested': Money('5.00', 'USD')}",
        id="RefundBeforeSettlement",
    ),
    pytest.param(
        lambda: E.AuthorizationExpired("pay-1", "capture", LATER, AT),
        "payment 'pay-1' cannot capture at 2026-11-27T09:00:00+00:00: its authorization expired at 2026-11-26T09:00:00+00:00 (an authorization is expired from that instant on); authorize again with a new payment",
        "{'at': DateTime(2026, 11, 27, 9, 0, 0, tzinfo=Timezone('UTC')), 'expires_at': DateTime(2026, 11, 26, 9, 0, 0, tzinfo=Timezone('UTC')), 'operation': 'capture', 'payment_id': 'pay-1'}",
        id="AuthorizationExpired",
    ),
    pytest.param(
        lambda: E.ConflictingGatewayReference("pay-1", "capture", "ch_1", usd("5.00"), usd("6.00")),
        "payment 'pay-1' already recorded capture 'ch_1' for 5.00 USD; the same reference now says 6.00 USD: a gateway reference names one operation with one amount",
        "{'kind': 'capture', 'payment_id': 'pay-1', 'recorded': Money('5.00', 'USD'), 'reference': 'ch_1', 'requested': Money('6.00', 'USD')}",
        id="ConflictingGatewayReference",
    ),
    pytest.param(
        lambda: E.UnknownShipmentLine("sh-1", "l-9", ("l-1", "l-2")),
        "line_id='l-9' was refused: shipment 'sh-1' carries only the order lines ['l-1', 'l-2']",
        "{'known': ('l-1', 'l-2'), 'line_id': 'l-9', 'shipment_id': 'sh-1'}",
        id="UnknownShipmentLine",
    ),
    pytest.param(
        lambda: E.OverPick("sh-1", "l-1", 5, 3),
        "units=5 was refused: line 'l-1' of shipment 'sh-1' still asks for 3 units, and a pick takes at most that many",
        "{'line_id': 'l-1', 'remaining': 3, 'shipment_id': 'sh-1', 'units': 5}",
        id="OverPick",
    ),
    pytest.param(
        lambda: E.OnPickList("SHP-1", "PL-1", "pick"),
        "shipment_id='SHP-1' was refused: it is on pick list 'PL-1', so it cannot pick until that list is finished or cancelled",
        "{'command': 'pick', 'pick_list_id': 'PL-1', 'shipment_id': 'SHP-1'}",
        id="OnPickList",
    ),
    pytest.param(
        lambda: E.NotOnShelf("o-1", "l-1", "WH-EAST", None, 5, 3),
        "units=5 was refused: line o-1/l-1 has only 3 units reserved on the shelf at WH-EAST and not yet picked",
        "{'field': 'units', 'held': 3, 'line_id': 'l-1', 'location': 'WH-EAST', 'lot': None, 'order_id': 'o-1', 'rule': 'line o-1/l-1 has only 3 units reserved on the shelf at WH-EAST and not yet picked', 'value': 5}",
        id="NotOnShelf",
    ),
    pytest.param(
        lambda: E.NotOnShelf("o-1", "l-1", "WH-EAST", "LOT-7", 5, 3),
        "units=5 was refused: line o-1/l-1 has only 3 units reserved on the shelf at WH-EAST/LOT-7 and not yet picked",
        "{'field': 'units', 'held': 3, 'line_id': 'l-1', 'location': 'WH-EAST', 'lot': 'LOT-7', 'order_id': 'o-1', 'rule': 'line o-1/l-1 has only 3 units reserved on the shelf at WH-EAST/LOT-7 and not yet picked', 'value': 5}",
        id="NotOnShelf-lot",
    ),
    pytest.param(
        lambda: E.InsufficientStock("RETRO-CLOCK", "WH-EAST/LOT-7", 5, 3),
        "quantity=5 of RETRO-CLOCK at WH-EAST/LOT-7 was refused: only 3 available (on hand - reserved - safety stock; demand is summed over the request)",
        "{'available': 3, 'requested': 5, 'sku': 'RETRO-CLOCK', 'where': 'WH-EAST/LOT-7'}",
        id="InsufficientStock",
    ),
    pytest.param(
        lambda: E.NegativeStock("RETRO-CLOCK", "WH-EAST", 2, -5, "on hand stays >= 0"),
        "change=-5 of RETRO-CLOCK at WH-EAST was refused: on hand stays >= 0 (on hand is 2)",
        "{'change': -5, 'on_hand': 2, 'rule': 'on hand stays >= 0', 'sku': 'RETRO-CLOCK', 'where': 'WH-EAST'}",
        id="NegativeStock",
    ),
    pytest.param(
        lambda: E.OverRelease("res-1", 5, 3),
        "quantity=5 to release from reservation 'res-1' was refused: it holds only 3 releasable units; use release_all to give back all",
        "{'held': 3, 'requested': 5, 'reservation_id': 'res-1'}",
        id="OverRelease",
    ),
    pytest.param(
        lambda: E.OverRelease("res-1", 5, 3, "it is picked"),
        "quantity=5 to release from reservation 'res-1' was refused: it is picked",
        "{'held': 3, 'requested': 5, 'reservation_id': 'res-1'}",
        id="OverRelease-rule",
    ),
    pytest.param(
        lambda: E.OverShipment("res-1", 5, 3, "ship at most what is picked"),
        "quantity=5 for reservation 'res-1' was refused: ship at most what is picked (at most 3)",
        "{'allowed': 3, 'requested': 5, 'reservation_id': 'res-1', 'rule': 'ship at most what is picked'}",
        id="OverShipment",
    ),
    pytest.param(
        lambda: E.DuplicateReservation("RETRO-CLOCK", "res-1"),
        "reservation_id='res-1' was refused: RETRO-CLOCK already has a reservation with this id; ids are never reused",
        "{'reservation_id': 'res-1', 'sku': 'RETRO-CLOCK'}",
        id="DuplicateReservation",
    ),
    pytest.param(
        lambda: E.HoldExpired("res-1", AT, LATER),
        "reservation_id='res-1' was refused: the hold expired at 2026-11-26 09:00:00+00:00 (now is 2026-11-27 09:00:00+00:00; a hold expires when now >= expires_at); reserve again",
        "{'expires_at': DateTime(2026, 11, 26, 9, 0, 0, tzinfo=Timezone('UTC')), 'now': DateTime(2026, 11, 27, 9, 0, 0, tzinfo=Timezone('UTC')), 'reservation_id': 'res-1'}",
        id="HoldExpired",
    ),
    pytest.param(
        lambda: E.OverUnpick("res-1", 5, 3, "WH-EAST/LOT-7"),
        "units=5 to unpick from reservation 'res-1' at WH-EAST/LOT-7 was refused: only 3 units are picked there; unpick at most what was picked",
        "{'picked': 3, 'requested': 5, 'reservation_id': 'res-1', 'where': 'WH-EAST/LOT-7'}",
        id="OverUnpick",
    ),
    pytest.param(
        lambda: E.InsufficientQuantity("l-1", "allocate", "unallocated", 5, 3),
        "quantity=5 was refused for 'allocate' on line 'l-1': only 3 unit(s) are in 'unallocated'",
        "{'action': 'allocate', 'available': 3, 'line_id': 'l-1', 'requested': 5, 'source': 'unallocated'}",
        id="InsufficientQuantity",
    ),
    pytest.param(
        lambda: E.NotAllowedInStatus("o-1", "edit", "shipped", ["placed", "confirmed"]),
        "order 'o-1' cannot 'edit' while status='shipped': it is allowed only while placed, confirmed",
        "{'allowed': ('placed', 'confirmed'), 'command': 'edit', 'order_id': 'o-1', 'status': 'shipped'}",
        id="NotAllowedInStatus",
    ),
    pytest.param(
        lambda: E.NotAllowedInStatus("o-1", "edit", "shipped", []),
        "order 'o-1' cannot 'edit' while status='shipped': it is allowed only while never",
        "{'allowed': (), 'command': 'edit', 'order_id': 'o-1', 'status': 'shipped'}",
        id="NotAllowedInStatus-never",
    ),
    pytest.param(
        lambda: E.OrderOnHold("o-1", "placed", "confirm", ["h-1", "h-2"], ["fraud", "credit"]),
        "order 'o-1' cannot 'confirm': blocked by hold(s) h-1 (fraud), h-2 (credit); release them first",
        "{'action': 'confirm', 'allowed': (), 'entity_id': 'o-1', 'hold_ids': ('h-1', 'h-2'), 'hold_types': ('fraud', 'credit'), 'lifecycle': 'order', 'state': 'placed', 'trigger': 'confirm'}",
        id="OrderOnHold",
    ),
    pytest.param(
        lambda: E.LineNotEditable("l-1", "quantity", 0, "units are picked"),
        "quantity of line 'l-1' to 0 was refused: units are picked",
        "{'edit': 'quantity', 'line_id': 'l-1', 'rule': 'units are picked', 'value': 0}",
        id="LineNotEditable",
    ),
    pytest.param(
        lambda: E.BillingQuantityExceeded(
            "l-1", "invoiced", 3, 1, "invoice at most the ordered units"
        ),
        "invoiced+3 on line 'l-1' was refused: invoice at most the ordered units (at most 1 more)",
        "{'counter': 'invoiced', 'limit': 1, 'line_id': 'l-1', 'requested': 3, 'rule': 'invoice at most the ordered units'}",
        id="BillingQuantityExceeded",
    ),
    pytest.param(
        lambda: E.DuplicateEntity("order", "o-1"),
        "order 'o-1' already exists: add() is for new entities only; get() the stored one and save() it with its expected version instead",
        "{'entity_id': 'o-1', 'kind': 'order'}",
        id="DuplicateEntity",
    ),
    pytest.param(
        lambda: E.IdempotencyKeyReused("k-1", "abc", "def"),
        "idempotency_key='k-1' was refused: it was first used for a command with fingerprint 'abc', and now carries a different command ('def'); a key may only be retried with the same command",
        "{'given_fingerprint': 'def', 'key': 'k-1', 'stored_fingerprint': 'abc'}",
        id="IdempotencyKeyReused",
    ),
    pytest.param(
        lambda: E.UnsavedChanges("order", "o-1", 3, 4),
        "order 'o-1' is at version 4 but the unit of work holds version 3: save() every aggregate you change before commit()",
        "{'entity_id': 'o-1', 'kind': 'order', 'saved_version': 3, 'version': 4}",
        id="UnsavedChanges",
    ),
    pytest.param(
        lambda: E.UnitOfWorkClosed("commit"),
        "operation='commit' was refused: the unit of work is not open; use it inside 'with uow:' and start a new one after commit() or rollback()",
        "{'operation': 'commit'}",
        id="UnitOfWorkClosed",
    ),
    pytest.param(
        lambda: E.PaymentNotAuthorized("o-1", usd("10.00"), usd("4.00")),
        "order 'o-1' cannot be confirmed: payment=4.00 USD is secured but the rule is that an order invoiced on placement has its total 10.00 USD authorised (or captured) first",
        "{'field': 'payment', 'needed': Money('10.00', 'USD'), 'order_id': 'o-1', 'rule': 'authorised >= order total', 'secured': Money('4.00', 'USD'), 'value': '4.00 USD'}",
        id="PaymentNotAuthorized",
    ),
    pytest.param(
        lambda: E.PaymentOfAnotherOrder("pay-1", "o-1", "o-2"),
        "payment_id='pay-1' belongs to order 'o-2', not 'o-1': a payment is recorded only on its own order",
        "{'field': 'payment_id', 'order_id': 'o-1', 'owner': 'o-2', 'rule': 'a payment belongs to one order', 'value': 'pay-1'}",
        id="PaymentOfAnotherOrder",
    ),
    pytest.param(
        lambda: E.ReservationsOutOfStep("o-1", "l-1", 3, 5),
        "line o-1/l-1: reserved=3 units cannot become 5: the rule is that stock reserved for a line equals its allocated, picked and packed units, and only unpicked units (or whole reservations) are given back",
        "{'field': 'reserved', 'line_id': 'l-1', 'order_id': 'o-1', 'rule': 'reserved == allocated + picked + packed', 'value': 3, 'wanted': 5}",
        id="ReservationsOutOfStep",
    ),
    pytest.param(
        lambda: E.ShipmentInProgress("o-1", "l-1", 5, 2),
        "units=5 of line o-1/l-1 cannot be cancelled: only 2 are not yet picked, and the rule is that units an open shipment holds are cancelled by cancelling the shipment first (cancel_shipment puts them back)",
        "{'field': 'units', 'free': 2, 'line_id': 'l-1', 'order_id': 'o-1', 'rule': 'cancel at most the units no open shipment holds', 'value': 5}",
        id="ShipmentInProgress",
    ),
    pytest.param(
        lambda: E.UnknownLocation("WH-MARS", ("WH-EAST", "WH-WEST")),
        "location='WH-MARS' is not one of the shop's locations (WH-EAST, WH-WEST): the rule is that stock is received, restocked and returned only at a location the Engine was configured with",
        "{'field': 'location', 'known': ('WH-EAST', 'WH-WEST'), 'rule': 'a configured location', 'value': 'WH-MARS'}",
        id="UnknownLocation",
    ),
    pytest.param(
        lambda: LedgerOutOfSequence("RETRO-CLOCK", 5, 3),
        "seq=5 was refused for the ledger of sku='RETRO-CLOCK': its rows are numbered without gaps or repeats, so the next one is seq=3",
        "{'expected': 3, 'seq': 5, 'sku': 'RETRO-CLOCK'}",
        id="LedgerOutOfSequence",
    ),
    pytest.param(
        lambda: E.CorruptDocument("StockItem", "version", -3, "a version is a whole number >= 0"),
        "StockItem document: version=-3 was refused: a version is a whole number >= 0",
        "{'document': 'StockItem', 'field': 'version', 'path': 'version', 'rule': 'a version is a whole number >= 0', 'value': -3}",
        id="CorruptDocument",
    ),
    pytest.param(
        lambda: E.OrdercoreError("plain message", a=1),
        "plain message",
        "{'a': 1}",
        id="OrdercoreError",
    ),
]


@pytest.mark.parametrize(("make", "message", "fields"), CASES)
def test_every_error_keeps_its_message_and_its_fields(
    make: Callable[[], E.OrdercoreError], message: str, fields: str
) -> None:
    error = make()
    assert (message, (message,)) == (str(error), error.args)
    assert fields == repr(dict(sorted(error.fields.items())))


@pytest.mark.parametrize(("make", "message", "fields"), CASES)
def test_every_error_survives_pickling_with_its_message_fields_and_attributes(
    make: Callable[[], E.OrdercoreError], message: str, fields: str
) -> None:
    error = make()
    back = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert (type(error), message, error.args, dict(error.fields), vars(error)) == (
        type(back),
        str(back),
        back.args,
        dict(back.fields),
        vars(back),
    )


def test_every_fact_of_an_error_is_also_an_attribute() -> None:
    error = E.ConcurrencyConflict("stock", "RETRO-CLOCK", expected=3, actual=4)
    assert ("stock", "RETRO-CLOCK", 3, 4) == (
        error.kind,
        error.entity_id,
        error.expected_version,
        error.actual_version,
    )


def test_a_generated_constructor_refuses_a_fact_it_does_not_declare() -> None:
    with pytest.raises(TypeError):
        E.NotFound("order", "order-9", colour="red")  # type: ignore[call-arg]


def test_a_sequence_fact_with_a_converter_is_kept_as_a_tuple() -> None:
    error = E.NotAllowedInStatus("o-1", "edit", "shipped", ["placed"])
    assert ("placed",) == error.allowed
