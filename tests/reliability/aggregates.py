"""Every public aggregate command, aggregates in a few states each, and arguments for them.

:data:`AGGREGATES` names, for each aggregate class, builders of instances in several states
(fresh, part-way, finished or cancelled), its public commands (the methods that may change it,
and its constructors), and values that name what those instances hold. :func:`arguments` draws
keyword arguments for one command: each parameter gets, at random, a known value, a value of
its annotated type (``st.from_type``) or junk of every kind (``boundary.junk``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pendulum
from hypothesis import strategies as st

from ordercore.domain.billing import DocumentLine, Invoice
from ordercore.domain.billing.payments import Payment
from ordercore.domain.billing.terms import PaymentTerms
from ordercore.domain.fulfilment.shipment import Shipment
from ordercore.domain.fulfilment.values import Parcel
from ordercore.domain.inventory import Allocation, HoldKind, Lot, StockItem
from ordercore.domain.inventory.reservations import ReservationRequest
from ordercore.domain.orders import Address, Order
from ordercore.domain.returns import (
    CaseResolution,
    Condition,
    Disposition,
    DispositionKind,
    FollowUp,
    FollowUpPolicy,
    Grade,
    ReturnableLine,
    ReturnAuthorization,
    ReturnReason,
    ReturnRequestLine,
    ReturnWindow,
)
from ordercore.domain.warehouse.bins import Bin
from ordercore.domain.warehouse.packing import Packing, PackLine, packing_for
from ordercore.domain.warehouse.picklist import PickList
from ordercore.domain.warehouse.values import AllocatedLine, PickMethod
from ordercore.kernel.money import Money
from ordercore.ports.codec import Codec
from tests.reliability.boundary import junk

__all__ = ["AGGREGATES", "CASES", "T0", "Aggregate", "arguments", "everything_in"]

T0 = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
"""When every aggregate here was made; commands are dated at or after it."""

_HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")
_CODEC = Codec(skip=frozenset())


def everything_in(aggregate: object) -> Any:
    """The aggregate's whole state as the codec writes it, pending events and movements included."""
    return _CODEC.encode(aggregate)


@attrs.frozen
class Aggregate:
    """One aggregate class under fuzz: instances in several states, its commands, known values."""

    cls: type
    states: tuple[Callable[[], Any], ...]
    commands: tuple[str, ...]
    known: Mapping[str, st.SearchStrategy[Any]]


def _later() -> st.SearchStrategy[pendulum.DateTime]:
    return st.sampled_from([T0, T0.add(hours=1), T0.add(days=20), T0.add(days=400)])


_COMMON: dict[str, st.SearchStrategy[Any]] = {
    "now": _later(),
    "at": _later(),
    "issued_at": _later(),
    "delivered_at": st.just(T0),
    "reason": st.sampled_from(["customer asked", ""]),
    "note": st.just("a note"),
    "by": st.just("agent-7"),
    "reference": st.sampled_from(["ref-1", "ref-2", "auth-1", "cap-1"]),
    "units": st.integers(-1, 4),
    "quantity": st.integers(-1, 4),
    "lot": st.none() | st.sampled_from(["LOT-A", "LOT-B"]),
    "location": st.sampled_from(["WH-EAST", "WH-WEST"]),
    "carrier": st.just("DHL"),
    "tracking": st.lists(st.sampled_from(["JD00000001", "JD00000002"]), max_size=2),
    "service": st.none() | st.just("express"),
    "expires_at": st.none() | _later(),
    "detail": st.none() | st.just("at the depot"),
}


# -- Order --------------------------------------------------------------------------------------


def _draft() -> Order:
    order = Order.draft(
        order_id="order-1",
        number="1001",
        customer_id="cust-1",
        currency="EUR",
        ship_to=_HOME,
        now=T0,
    )
    order.add_line("RETRO-CLOCK", 2, Money.of("20.00", "EUR"), T0)
    order.add_line("BLUE-VASE", 1, Money.of("35.00", "EUR"), T0)
    return order


def _placed() -> Order:
    order = _draft()
    order.place(T0)
    return order


def _in_fulfilment() -> Order:
    order = _placed()
    order.confirm(T0)
    order.allocate("line-1", 2, T0)
    order.pick("line-1", 1, T0)
    order.place_hold("manual", "check the address", "agent-7", T0)
    return order


def _cancelled() -> Order:
    order = _placed()
    order.cancel("customer asked", T0)
    return order


_ORDER = Aggregate(
    Order,
    (_draft, _placed, _in_fulfilment, _cancelled),
    (
        "add_line",
        "allocate",
        "archive",
        "backorder",
        "blocked",
        "blocking_holds",
        "cancel",
        "cancel_quantity",
        "change_bill_to",
        "change_quantity",
        "change_ship_to",
        "check_allows",
        "complete",
        "confirm",
        "deliver",
        "draft",
        "move",
        "pack",
        "pick",
        "place",
        "place_hold",
        "record_credited",
        "record_invoiced",
        "release_hold",
        "remove_line",
        "ship",
    ),
    {
        "line_id": st.sampled_from(["line-1", "line-2", "line-9"]),
        "sku": st.sampled_from(["RETRO-CLOCK", "LAVA-LAMP"]),
        "unit_price": st.sampled_from([Money.of("20.00", "EUR"), Money.of("-1.00", "EUR")]),
        "address": st.just(_HOME),
        "move_name": st.sampled_from(["pick", "pack", "ship", "deliver", "teleport"]),
        "action": st.sampled_from(["pick", "ship", "confirm", "teleport"]),
        "hold_type": st.sampled_from(["manual", "payment", "nope"]),
        "hold_id": st.sampled_from(["hold-1", "hold-2"]),
        "order_id": st.just("order-2"),
        "number": st.just("1002"),
        "customer_id": st.just("cust-1"),
        "currency": st.sampled_from(["EUR", "usd", "XXY"]),
        "ship_to": st.just(_HOME),
        "bill_to": st.none() | st.just(_HOME),
        "priority": st.integers(-1, 200),
        "invoicing_policy": st.sampled_from(["on_placement", "on_shipment"]),
    },
)


# -- Invoice ------------------------------------------------------------------------------------


def _invoice_draft() -> Invoice:
    lines = [
        DocumentLine("RETRO-CLOCK", 2, Money.of("20.00", "EUR")),
        DocumentLine("BLUE-VASE", 1, Money.of("35.00", "EUR")),
    ]
    return Invoice.from_lines("INV-1", lines, at=T0, order_id="order-1")


def _invoice_issued() -> Invoice:
    invoice = _invoice_draft()
    invoice.issue("INV-0001", T0, PaymentTerms.net(30), "Europe/Berlin")
    return invoice


def _invoice_paid_in_part() -> Invoice:
    invoice = _invoice_issued()
    invoice.apply_payment("pay-1", Money.of("20.00", "EUR"), T0.add(hours=1))
    return invoice


def _invoice_voided() -> Invoice:
    invoice = _invoice_draft()
    invoice.void(T0, "entered twice")
    return invoice


_INVOICE = Aggregate(
    Invoice,
    (_invoice_draft, _invoice_issued, _invoice_paid_in_part, _invoice_voided),
    (
        "amount_due_on",
        "apply_payment",
        "discount_available",
        "from_lines",
        "is_overdue",
        "issue",
        "issue_credit_note",
        "overdue_amount",
        "void",
    ),
    {
        "payment_ref": st.sampled_from(["pay-1", "pay-2"]),
        "on": st.sampled_from([T0.date(), T0.add(days=45).date()]),
        "amount": st.sampled_from([Money.of("10.00", "EUR"), Money.of("500.00", "EUR")]),
        "number": st.sampled_from(["INV-0002"]),
        "terms": st.sampled_from([PaymentTerms.net(30), "net 30", "due on receipt"]),
        "timezone": st.sampled_from(["Europe/Berlin", "UTC", "Mars/Olympus"]),
        "credit_note_id": st.just("CN-1"),
        "quantities": st.none() | st.just({1: 1}) | st.just({"RETRO-CLOCK": 1}),
        "include_shipping": st.none() | st.booleans(),
        "invoice_id": st.just("INV-2"),
        "lines": st.just([DocumentLine("RETRO-CLOCK", 1, Money.of("20.00", "EUR"))]),
        "order_id": st.none() | st.just("order-1"),
    },
)


# -- Payment ------------------------------------------------------------------------------------


def _payment_new() -> Payment:
    return Payment.start("order-1/payment-1", "order-1", "card", "EUR")


def _payment_authorized() -> Payment:
    payment = _payment_new()
    payment.authorize(Money.of("75.00", "EUR"), "auth-1", T0, expires_at=T0.add(days=7))
    return payment


def _payment_captured() -> Payment:
    payment = _payment_authorized()
    payment.capture(Money.of("20.00", "EUR"), "cap-1", T0.add(hours=1))
    return payment


def _payment_voided() -> Payment:
    payment = _payment_authorized()
    payment.void("void-1", T0.add(hours=1))
    return payment


_PAYMENT = Aggregate(
    Payment,
    (_payment_new, _payment_authorized, _payment_captured, _payment_voided),
    (
        "authorize",
        "capture",
        "charge_back",
        "expire",
        "fail",
        "lose_dispute",
        "record_sale",
        "refund",
        "start",
        "submit_evidence",
        "tick",
        "void",
        "win_dispute",
    ),
    {
        "amount": st.sampled_from([Money.of("10.00", "EUR"), Money.of("500.00", "EUR")]),
        "payment_id": st.just("order-1/payment-2"),
        "order_id": st.just("order-1"),
        "method": st.sampled_from(["card", "cash", "barter"]),
        "currency": st.sampled_from(["EUR", "usd", "XXY"]),
    },
)


# -- Shipment -----------------------------------------------------------------------------------

_SHIPMENT_LINES = {"line-1": ("RETRO-CLOCK", 2), "line-2": ("BLUE-VASE", 1)}


def _shipment_open() -> Shipment:
    return Shipment.open("SHP-1", "order-1", "WH-EAST", _SHIPMENT_LINES, T0)  # io-ok: domain


def _shipment_listed() -> Shipment:
    shipment = _shipment_open()
    shipment.list_on("PL-1", T0)
    return shipment


def _shipment_picked() -> Shipment:
    shipment = _shipment_open()
    shipment.pick("line-1", 2, T0, lot="LOT-A")
    shipment.pick("line-2", 1, T0)
    return shipment


def _shipment_packed() -> Shipment:
    shipment = _shipment_picked()
    shipment.pack([Parcel(1200)], T0.add(hours=1))
    return shipment


def _shipment_shipped() -> Shipment:
    shipment = _shipment_packed()
    shipment.ship("DHL", ["JD00000001"], T0.add(hours=2))
    return shipment


_SHIPMENT = Aggregate(
    Shipment,
    (_shipment_open, _shipment_listed, _shipment_picked, _shipment_packed, _shipment_shipped),
    (
        "cancel",
        "deliver",
        "line",
        "list_on",
        "open",
        "pack",
        "pick",
        "refuse_if_listed",
        "ship",
        "take_off",
        "track",
    ),
    {
        "line_id": st.sampled_from(["line-1", "line-2", "line-9"]),
        "parcels": st.lists(st.builds(Parcel, st.integers(1, 2000)), max_size=2),
        "status": st.sampled_from(["in_transit", "delivered", "exploded"]),
        "shipment_id": st.just("SHP-2"),
        "order_id": st.just("order-1"),
        "ship_from": st.just("WH-EAST"),
        "pick_list_id": st.sampled_from(["PL-1", "PL-2"]),
        "command": st.sampled_from(["pick", "pack"]),
        "lines": st.just(_SHIPMENT_LINES) | st.just({"line-1": ("RETRO-CLOCK", 0)}),
        "ship_to": st.none() | st.just(_HOME),
    },
)


# -- StockItem ----------------------------------------------------------------------------------


_REQUEST = ReservationRequest(
    "R-3", "order-3", "line-1", (Allocation("WH-EAST", 1),), expires_at=T0.add(days=1)
)


def _stock_fresh() -> StockItem:
    return StockItem("RETRO-CLOCK")


def _stock_held() -> StockItem:
    item = StockItem("RETRO-CLOCK")
    item.receive("WH-EAST", 5, T0)
    item.receive("WH-WEST", 3, T0, lot=Lot("LOT-A", expires_on=T0.add(days=90).date()))
    item.reserve(
        "R-1",
        order_ref="order-1",
        line_ref="line-1",
        allocations=[Allocation("WH-EAST", 2)],
        now=T0,
        expires_at=T0.add(days=1),
    )
    item.add_incoming("PO-1", "WH-EAST", 4, T0.add(days=3).date(), T0)
    return item


def _stock_picked() -> StockItem:
    item = _stock_held()
    item.reserve(
        "R-2",
        order_ref="order-2",
        line_ref="line-1",
        allocations=[Allocation("WH-WEST", 2, "LOT-A")],
        now=T0,
        hard=True,
    )
    item.pick("R-2", 1, T0, location="WH-WEST", lot="LOT-A")
    return item


def _stock_with_holds() -> StockItem:
    """Returned units kept out of sale: in quarantine at WH-EAST, for the vendor in LOT-A."""
    item = _stock_held()
    item.hold_returned("WH-EAST", 2, T0, hold=HoldKind.QUARANTINE, reference="RMA-1")
    item.hold_returned("WH-WEST", 1, T0, hold=HoldKind.VENDOR, lot="LOT-A", reference="RMA-1")
    return item


_HOLDS = st.sampled_from(list(HoldKind))

_STOCK = Aggregate(
    StockItem,
    (_stock_fresh, _stock_held, _stock_picked, _stock_with_holds),
    (
        "add_incoming",
        "adjust",
        "available",
        "cancel_incoming",
        "confirm",
        "count",
        "extend",
        "harden",
        "held",
        "hold_returned",
        "incoming",
        "move_hold",
        "on_hand",
        "pick",
        "receive",
        "receive_incoming",
        "release",
        "release_all",
        "release_hold",
        "reservation",
        "reserve",
        "reserve_many",
        "reserved",
        "resize",
        "return_to_stock",
        "scrap",
        "scrap_held",
        "set_safety_stock",
        "ship",
        "ship_to_vendor",
        "tick",
        "transfer",
        "unpick",
    ),
    {
        "reservation_id": st.sampled_from(["R-1", "R-2", "R-9"]),
        "supply_id": st.sampled_from(["PO-1", "PO-2"]),
        "expected_on": st.just(T0.add(days=3).date()),
        "delta": st.integers(-6, 6),
        "counted": st.integers(-1, 9),
        "new_quantity": st.integers(-1, 9),
        "missing": st.integers(-1, 2),
        "from_location": st.sampled_from(["WH-EAST", "WH-WEST"]),
        "to_location": st.sampled_from(["WH-EAST", "WH-WEST"]),
        "lot": st.none() | st.sampled_from(["LOT-A", "LOT-B"]) | st.just(Lot("LOT-C")),
        "order_ref": st.just("order-3"),
        "line_ref": st.just("line-1"),
        "allocations": st.lists(
            st.builds(Allocation, st.sampled_from(["WH-EAST", "WH-WEST"]), st.integers(-1, 4)),
            max_size=2,
        ),
        "priority": st.integers(-1, 9),
        "placed_at": st.none() | _later(),
        "ttl": st.none() | st.just(pendulum.duration(hours=1)),
        "hard": st.booleans(),
        "requests": st.lists(st.just(_REQUEST), max_size=1),
        "hold": _HOLDS,
        "from_hold": _HOLDS,
        "to_hold": _HOLDS,
    },
)


# -- ReturnAuthorization ------------------------------------------------------------------------

_DELIVERED = T0.subtract(days=3)
_RESTOCK = Disposition(DispositionKind.RESTOCK, "WH-EAST", "LOT-A")
_ORDER_LINES = (
    ReturnableLine("line-1", "RETRO-CLOCK", 3, 0, _DELIVERED),
    ReturnableLine("line-2", "LAVA-LAMP", 2, 0, _DELIVERED),
)
_ASKED = (ReturnRequestLine("line-1", 2, ReturnReason.SIZE_OR_FIT, "too loud"),)


def _rma_requested() -> ReturnAuthorization:
    return ReturnAuthorization.request(
        "RMA-1", "order-1", "shopify", _ASKED, _ORDER_LINES, ReturnWindow(30), T0
    )


def _rma_received() -> ReturnAuthorization:
    rma = _rma_requested()
    rma.authorize(T0)
    rma.ship_back("DHL", T0, tracking=["JD0001"])
    rma.receive("line-1", 1, Condition.SEALED, "WH-EAST", T0, lot="LOT-A")
    return rma


def _rma_inspected() -> ReturnAuthorization:
    rma = _rma_received()
    rma.receive("line-1", 1, Condition.SEALED, "WH-EAST", T0, lot="LOT-A")
    rma.inspect("line-1", 2, Grade.AS_NEW, _RESTOCK, T0)
    return rma


_RMA = Aggregate(
    ReturnAuthorization,
    (_rma_requested, _rma_received, _rma_inspected),
    (
        "authorize",
        "cancel",
        "close",
        "finish_inspection",
        "inspect",
        "line",
        "receive",
        "reject",
        "request",
        "resolve",
        "ship_back",
    ),
    {
        "line_id": st.sampled_from(["line-1", "line-2", "line-9"]),
        "condition": st.sampled_from([*Condition, "soggy"]),
        "grade": st.sampled_from([*Grade, "meh"]),
        "disposition": st.sampled_from([_RESTOCK, Disposition(DispositionKind.SCRAP)]),
        "share": st.sampled_from([Money.of("40.00", "EUR"), Money.of("0.00", "EUR")]),
        "refund": st.none() | st.just(Money.of("40.00", "EUR")),
        "credit": st.none() | st.just(Money.of("10.00", "EUR")),
        "fee": st.none() | st.just(Money.of("5.00", "EUR")),
        "exchange_order_id": st.none() | st.just("order-2"),
        "rma_id": st.just("RMA-2"),
        "order_id": st.just("order-1"),
        "channel": st.just("shopify"),
        "lines": st.just(list(_ASKED)),
        "order_lines": st.just(list(_ORDER_LINES)),
        "window": st.just(ReturnWindow(30)),
    },
)


# -- FollowUp -----------------------------------------------------------------------------------

_POLICY = FollowUpPolicy(14, per_channel={"amazon": 7})


def _follow_up_scheduled() -> FollowUp:
    return FollowUp.schedule("FUP-1", "order-1", "cust-7", "shopify", T0, _POLICY, T0)


def _follow_up_asked() -> FollowUp:
    check = _follow_up_scheduled()
    check.ask(T0.add(days=14))
    return check


def _follow_up_unhappy() -> FollowUp:
    check = _follow_up_asked()
    check.record_unhappy("broken on arrival", T0.add(days=15))
    return check


_FOLLOW_UP = Aggregate(
    FollowUp,
    (_follow_up_scheduled, _follow_up_asked, _follow_up_unhappy),
    (
        "ask",
        "cancel",
        "due",
        "record_satisfied",
        "record_unhappy",
        "resolve_case",
        "schedule",
    ),
    {
        "opted_out": st.booleans(),
        "how": st.sampled_from([*CaseResolution, "shrug"]),
        "followup_id": st.just("FUP-2"),
        "order_id": st.just("order-1"),
        "customer_id": st.just("cust-7"),
        "channel": st.sampled_from(["shopify", "amazon"]),
        "policy": st.just(_POLICY),
        "reference": st.none() | st.just("CN-1"),
    },
)


# -- PickList -----------------------------------------------------------------------------------

_A1, _A2 = Bin("WH", "A", 1, 3), Bin("WH", "A", 2, 8)
_ALLOCATED = (
    AllocatedLine("SHP-1", "l1", "VASE", 2, _A2),
    AllocatedLine("SHP-2", "l1", "MUG", 1, _A1),
)


def _pick_list_open() -> PickList:
    return PickList.create("PL-1", PickMethod.BATCH, _ALLOCATED, T0)


def _pick_list_released() -> PickList:
    pick_list = _pick_list_open()
    pick_list.release(T0)
    pick_list.confirm("1", 1, T0)
    return pick_list


def _pick_list_cancelled() -> PickList:
    pick_list = _pick_list_open()
    pick_list.cancel("wave moved", T0)
    return pick_list


_PICK_LIST = Aggregate(
    PickList,
    (_pick_list_open, _pick_list_released, _pick_list_cancelled),
    (
        "cancel",
        "close",
        "confirm",
        "create",
        "line",
        "release",
        "release_due",
    ),
    {
        "line_id": st.sampled_from(["1", "2", "9"]),
        "short": st.booleans(),
        "pick_list_id": st.just("PL-2"),
        "method": st.sampled_from([*PickMethod, "random"]),
        "lines": st.just(list(_ALLOCATED)),
        "group": st.none() | st.just("wave-1"),
        "release_at": st.none() | _later(),
    },
)


# -- Packing ------------------------------------------------------------------------------------


def _packing_started() -> Packing:
    return packing_for(_shipment_picked(), T0)


def _packing_open_package() -> Packing:
    packing = _packing_started()
    packing.open_package("P1", T0, planned={"line-1": 2})
    packing.scan("P1", "RETRO-CLOCK", T0, lot="LOT-A")
    return packing


_PACKING = Aggregate(
    Packing,
    (_packing_started, _packing_open_package),
    (
        "close_package",
        "contents",
        "is_closed",
        "open_package",
        "parcel",
        "scan",
        "start",
    ),
    {
        "package_id": st.sampled_from(["P1", "P2"]),
        "weight_grams": st.integers(-1, 3000),
        "dimensions": st.none(),
        "label": st.none() | st.just("1Z2345"),
        "planned": st.none() | st.just({"line-1": 1}) | st.just({"line-9": 1}),
        "code": st.sampled_from(["RETRO-CLOCK", "BLUE-VASE", "4006381333931"]),
        "lot": st.none() | st.sampled_from(["LOT-A", "LOT-B"]),
        "serial": st.none() | st.just("SN-1"),
        "resolve": st.none() | st.just({"4006381333931": "RETRO-CLOCK"}.get),
        "shipment_id": st.just("SHP-2"),
        "lines": st.just([PackLine("line-1", "RETRO-CLOCK", {"LOT-A": 2})]),
    },
)


AGGREGATES: dict[str, Aggregate] = {
    aggregate.cls.__name__: aggregate
    for aggregate in (
        _ORDER,
        _INVOICE,
        _PAYMENT,
        _SHIPMENT,
        _STOCK,
        _RMA,
        _FOLLOW_UP,
        _PICK_LIST,
        _PACKING,
    )
}
"""The aggregates under fuzz, by class name."""

CASES = sorted((name, command) for name, a in AGGREGATES.items() for command in a.commands)
"""Every (aggregate, public command) pair."""


def _typed(annotation: Any) -> st.SearchStrategy[Any]:
    if isinstance(annotation, type) and annotation in (str, int, bool):
        return st.from_type(annotation)
    return st.nothing()


@st.composite
def arguments(draw: st.DrawFn, aggregate: Aggregate, command: str) -> dict[str, Any]:
    """Keyword arguments for ``aggregate.cls.<command>``: each known, typed or junk."""
    method = getattr(aggregate.cls, command)
    signature = inspect.signature(method, eval_str=True)
    parameters = [p for p in signature.parameters.values() if p.name not in ("self", "cls")]
    chosen: dict[str, Any] = {}
    for parameter in parameters:
        if parameter.default is not inspect.Parameter.empty and draw(st.booleans()):
            continue
        known = aggregate.known.get(parameter.name, _COMMON.get(parameter.name, st.nothing()))
        good = st.one_of(known, _typed(parameter.annotation))
        chosen[parameter.name] = draw(st.one_of(good, good, junk()))
    return chosen


def is_constructor(aggregate: Aggregate, command: str) -> bool:
    """Whether ``command`` is a class method that makes a new aggregate."""
    return isinstance(inspect.getattr_static(aggregate.cls, command), classmethod)
