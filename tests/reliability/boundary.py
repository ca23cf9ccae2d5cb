"""Arguments for every public Engine command: valid ones for a small shop, and junk of every kind.

:func:`arguments` draws keyword arguments for an Engine method from its signature: each parameter
gets, at random, a value that names something the shop holds (:data:`KNOWN`), a value of the
annotated type (``st.from_type`` / ``st.builds``), or junk (None, bools, floats with NaN and
infinities, huge and negative ints, empty and blank strings, naive datetimes, lists, dicts,
bytes, objects of no use). Optional parameters are sometimes left out.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pendulum
from hypothesis import strategies as st

from ordercore.domain.allocation import Policy
from ordercore.domain.billing import PaymentTerms
from ordercore.domain.fulfilment import Parcel
from ordercore.domain.inventory import Lot
from ordercore.domain.orders import Address, InvoicingPolicy, Order
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.testing.stateful_engine import LOCATIONS, START

__all__ = ["COMMANDS", "KNOWN", "arguments", "junk", "names_the_value", "says_why", "shop"]

COMMANDS = sorted(
    name
    for name, member in inspect.getmembers(Engine, inspect.isfunction)
    if not name.startswith("_") and "idempotency_key" in inspect.signature(member).parameters
)
"""Every public Engine command (each takes ``idempotency_key``)."""

_HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")


class _Useless:
    """An object no command can use."""

    def __repr__(self) -> str:
        return "<useless>"


def junk() -> st.SearchStrategy[Any]:
    """Values of every kind no parameter wants (and some that one or another does)."""
    naive = st.datetimes(min_value=START.naive().subtract(years=1), max_value=START.naive())
    return st.one_of(
        st.none(),
        st.booleans(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([0, -1, -(2**70), 2**70, 10**30]),
        st.integers(),
        st.sampled_from(["", " ", "\t", " WH-EAST", "RETRO-CLOCK ", "\x00", "order-1\n"]),
        st.text(max_size=6),
        st.sampled_from([Decimal("NaN"), Decimal("-1"), Decimal("1.5"), Decimal("Infinity")]),
        naive,
        st.just(START.subtract(years=5)),
        st.just(pendulum.date(2020, 1, 1)),
        st.lists(st.integers(-2, 3), max_size=3),
        st.dictionaries(st.text(max_size=3), st.integers(-3, 3), max_size=2),
        st.just({"line-1": "two"}),
        st.just({"line-1": -1}),
        st.just({"line-1": True}),
        st.just({("line-1",): 1}),
        st.binary(max_size=3),
        st.just(_Useless()),
        st.just(object()),
        st.sampled_from([Money.of("-5.00", "EUR"), Money.of("0.00", "EUR"), Money.of(1, "JPY")]),
        st.builds(Lot, id=st.sampled_from(["", "LOT-1", "LOT-X"])),
        st.just(Order),
    )


KNOWN: dict[str, st.SearchStrategy[Any]] = {
    "order_id": st.sampled_from(["order-1", "order-2", "order-9"]),
    "order_ids": st.lists(st.sampled_from(["order-1", "order-2", "order-9"]), max_size=2),
    "line_id": st.sampled_from(["line-1", "line-2", "line-9"]),
    "lines": st.dictionaries(st.sampled_from(["line-1", "line-2"]), st.integers(0, 3), max_size=2),
    "units": st.integers(-1, 4),
    "sku": st.sampled_from(["RETRO-CLOCK", "BLUE-VASE", "NO-SUCH-SKU"]),
    "skus": st.lists(st.sampled_from(["RETRO-CLOCK", "BLUE-VASE"]), max_size=2),
    "location": st.sampled_from(["WH-EAST", "WH-WEST", "WH-MOON"]),
    "shipment_id": st.sampled_from(["order-1/shipment-1", "SHP-000001", "nope"]),
    "amount": st.sampled_from([Money.of("10.00", "EUR"), Money.of("20.00", "EUR")]),
    "reference": st.sampled_from(["ref-1", "ref-2"]),
    "payment": st.integers(0, 2),
    "method": st.just("card"),
    "expires_at": st.none() | st.just(START.add(days=7)) | st.just(START.subtract(days=1)),
    "reason": st.just("customer asked"),
    "restock": st.booleans(),
    "carrier": st.just("DHL"),
    "tracking": st.lists(st.sampled_from(["JD00000001", "JD00000002"]), max_size=2),
    "service": st.none() | st.just("express"),
    "terms": st.none() | st.just(PaymentTerms.net(30)),
    "parcels": st.lists(st.builds(Parcel, st.integers(1, 2000)), max_size=2),
    "lot": st.none() | st.just("LOT-1") | st.builds(Lot, st.just("LOT-2")),
    "supply_id": st.sampled_from(["PO-1", "PO-2"]),
    "expected_on": st.just(START.add(days=3).date()),
    "policy": st.none() | st.just(Policy.default()),
    "payment_ids": st.none() | st.lists(st.just("order-1/payment-1"), max_size=1),
    "invoice_ids": st.none() | st.lists(st.just("order-1/invoice-1"), max_size=1),
    "idempotency_key": st.none() | st.sampled_from(["req-1", "req-2"]),
}
"""Values that name what :func:`shop` holds (or nearly: unknown ids, a location not configured)."""


def _order(
    order_id: str, now: pendulum.DateTime, policy: InvoicingPolicy = InvoicingPolicy.ON_SHIPMENT
) -> Order:
    order = Order.draft(order_id=order_id, number=order_id, customer_id="cust-1", currency="EUR",
                        ship_to=_HOME, now=now, invoicing_policy=policy)  # fmt: skip
    order.add_line("RETRO-CLOCK", 2, Money.of("20.00", "EUR"), now)
    order.add_line("BLUE-VASE", 1, Money.of("35.00", "EUR"), now)
    return order


def _for(name: str, annotation: Any) -> st.SearchStrategy[Any]:
    if name == "order":
        return st.builds(_order, st.sampled_from(["order-3", "order-1"]), st.just(START))
    known = KNOWN.get(name)
    typed: st.SearchStrategy[Any] = st.nothing()
    if isinstance(annotation, type) and annotation in (str, int, bool):
        typed = st.from_type(annotation)
    return st.one_of(*(s for s in (known, typed) if s is not None))


@st.composite
def arguments(draw: st.DrawFn, name: str) -> dict[str, Any]:
    """Keyword arguments for ``Engine.<name>``: each known, typed or junk; optional ones maybe."""
    signature = inspect.signature(getattr(Engine, name), eval_str=True)
    chosen: dict[str, Any] = {}
    for parameter in list(signature.parameters.values())[1:]:
        optional = parameter.default is not inspect.Parameter.empty
        if optional and draw(st.booleans()):
            continue
        good = _for(parameter.name, parameter.annotation)
        chosen[parameter.name] = draw(st.one_of(good, good, junk()))
    return chosen


def shop() -> tuple[MemoryStore, Engine]:
    """A shop: stock, two orders (one invoiced; one allocated, paid in part, in a shipment)."""
    store = MemoryStore()
    engine = Engine(store, FixedClock(START.add(hours=1)), LOCATIONS, payment_first=False)
    for sku in ("RETRO-CLOCK", "BLUE-VASE"):
        engine.receive_stock(sku, "WH-EAST", 5)
    engine.place_order(_order("order-1", START))
    engine.place_order(_order("order-2", START, InvoicingPolicy.ON_PLACEMENT))
    for order_id in ("order-1", "order-2"):
        engine.confirm_order(order_id)
    engine.allocate_order("order-1")
    engine.record_authorization("order-1", Money.of("75.00", "EUR"), "auth-1")
    engine.record_capture("order-1", Money.of("20.00", "EUR"), "cap-1")
    engine.open_shipment("order-1", {"line-1": 1}, "WH-EAST")
    return store, engine


def names_the_value(refused: OrdercoreError, kwargs: dict[str, Any]) -> bool:
    """Whether a refusal names a parameter it was given and the value it had there."""
    message = str(refused)
    for name, value in kwargs.items():
        field = str(refused.fields.get("field", ""))
        named = re.match(rf"{re.escape(name)}\b", field) or re.search(
            rf"\b{re.escape(name)}\b", message
        )
        if named and ("value" in refused.fields or repr(value)[:12] in message):
            return True
    return False


def says_why(
    refused: OrdercoreError, command: str, kwargs: dict[str, Any], ids: Iterable[str] = ()
) -> bool:
    """Whether a business-rule refusal says what it refused: a parameter or a value it was
    given (or, for a list of ids, the one it refused), the command (an edit of a named line,
    say), or a record it refused for (``ids``)."""
    message = str(refused)
    if names_the_value(refused, kwargs) or re.search(rf"\b{re.escape(command)}\b", message):
        return True
    for name, value in kwargs.items():
        if re.search(rf"\b{re.escape(name)}\b", message):
            return True
        text = str(value)
        if (text and not isinstance(value, bool) and text in message) or repr(value) in message:
            return True
        # a text the message quotes inside an id it made of it ('FUP-\x08' for order_id '\x08'):
        # the message escapes it as repr does, so look for the escaped form too
        if isinstance(value, str) and value and repr(value)[1:-1] in message:
            return True
        if isinstance(value, (list, tuple, set, frozenset)) and any(
            isinstance(item, str) and item and repr(item) in message for item in value
        ):
            return True  # the one item of a list it refused ("order 'order-9' was not found")
    return any(ident in message for ident in ids)
