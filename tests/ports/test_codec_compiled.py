"""The codec's compiled readers and writers read and write exactly what its reference walk does.

``Codec.dumps`` and ``Codec.loads`` go through per-class compiled writers and readers; the
reference is the walk they replaced, kept in the codec: ``json.dumps(codec.document(value),
sort_keys=True, separators=(",", ":"))`` for the text and ``codec.reference_decode`` for the
value (or the refusal).
"""

import json
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import one_order, stock_up
from engine_workload import LOCATION, START, generate
from ordercore.domain.inventory import Location
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.currencies import Currency
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.ports.codec import SCHEMA, Codec
from ordercore.ports.errors import CorruptDocument
from ordercore.service import Engine
from ordercore.testing.contract_strategies import tallies
from ordercore.testing.strategies_fulfilment import opened_shipments
from ordercore.testing.strategies_inventory import stocked_items
from ordercore.testing.strategies_invoices import worked_invoices
from ordercore.testing.strategies_orders import progressed_orders
from ordercore.testing.strategies_payments import payments
from tests.ports.test_codec import JUNK, Crate, Level, Reading, _mutated, a_crate

CODEC = Codec()


def reference_text(codec: Codec, value: object) -> str:
    """The text the codec wrote before its writers were compiled: json over the document."""
    return json.dumps(codec.document(value), sort_keys=True, separators=(",", ":"))


def reference_read(codec: Codec, hint: Any, text: str) -> Any:
    """The value the reference walk reads from ``text`` (the schema checked and set aside)."""
    data = json.loads(text)
    if isinstance(data, dict) and "__schema__" in data:
        schema = data.pop("__schema__")
        if type(schema) is not int or not 0 <= schema <= SCHEMA:
            return codec.decode(hint, {"__schema__": schema})  # refused before anything is read
    return codec.reference_decode(hint, data)


def engine_aggregates(orders: int, skus: int, seed: int) -> list[Any]:
    """Every aggregate the Engine stores after ``orders`` orders of the benchmark's workload."""
    shop = generate(orders, skus, seed)
    store = MemoryStore()
    stock_up(store, shop)
    clock = FixedClock(START)
    engine = Engine(store, clock, {LOCATION: Location(LOCATION, priority=1)})
    for n, order_id, lines, returns in shop.orders:
        one_order(engine, clock, n, order_id, lines, returns)
    return list(store.snapshot().rows.values())


def assert_compiled_path_is_the_reference(codec: Codec, value: Any) -> None:
    text = codec.dumps(value)
    back = codec.loads(type(value), text)
    assert reference_text(codec, value) == text
    assert text == codec.dumps(back)
    assert reference_text(codec, back) == codec.dumps(back)
    assert reference_read(codec, type(value), text) == back


# -- what the Engine stores ---------------------------------------------------------------------


@given(
    orders=st.integers(1, 12),
    skus=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_aggregate_the_engine_stores_reads_back_equal_from_the_same_text(
    orders: int, skus: int, seed: int
) -> None:
    for value in engine_aggregates(orders, skus, seed):
        text = CODEC.dumps(value)
        back = CODEC.loads(type(value), text)
        assert (value, text) == (back, CODEC.dumps(back))


@given(
    orders=st.integers(1, 12),
    skus=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_compiled_path_writes_and_reads_the_engines_aggregates_as_the_reference_does(
    orders: int, skus: int, seed: int
) -> None:
    kinds = set()
    for value in engine_aggregates(orders, skus, seed):
        kinds.add(type(value).__name__)
        assert_compiled_path_is_the_reference(CODEC, value)
    assert {"Order", "StockItem", "Invoice", "Payment", "Shipment"} <= kinds


AGGREGATES: list[st.SearchStrategy[Any]] = [
    tallies(),
    stocked_items(),
    progressed_orders(),
    worked_invoices(),
    payments(),
    opened_shipments(),
]


@pytest.mark.parametrize("values", AGGREGATES, ids=lambda s: repr(s).split("(")[0])
@given(data=st.data())
def test_the_compiled_path_is_the_reference_for_any_aggregate(
    values: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    assert_compiled_path_is_the_reference(CODEC, data.draw(values))


def test_a_codec_that_skips_nothing_writes_what_the_reference_writes() -> None:
    codec = Codec(skip=frozenset())
    for value in engine_aggregates(3, 2, 7):
        assert_compiled_path_is_the_reference(codec, value)


# -- every kind of value --------------------------------------------------------------------------


@attrs.frozen
class Oddities:
    ratio: float
    nothing: float
    big: int
    code: Any
    keyed: dict[Any, Any]
    mixed: dict[Any, Any]
    bag: frozenset[str]
    when: pendulum.DateTime
    offset: pendulum.DateTime
    text: str


@attrs.frozen
class Percent:
    Upper: str  # a key that sorts before the tag ("U" < "_")
    rate: str


class Code(str):
    __slots__ = ()

    def __str__(self) -> str:
        return f"code:{self.upper()}"


def oddities() -> Oddities:
    return Oddities(
        ratio=1.5,
        nothing=float("nan"),
        big=2**80,
        code=Code("k-1"),
        keyed={(1, "a"): Decimal("2.50"), (0, None): [1, 2]},
        mixed={Code("b"): 1, "a": 2},
        bag=frozenset({"zeta", "alpha", "ünï"}),
        when=pendulum.datetime(2026, 3, 29, 1, 30, tz="Europe/Berlin"),
        offset=pendulum.parse("2026-01-01T09:00:00+02:00"),  # type: ignore[arg-type]
        text='quote " backslash \\ tab \t and ünïcödé ✓',
    )


@pytest.mark.parametrize(
    "value",
    [
        a_crate(),
        Reading(Level.HIGH, Code("K-1"), flag=True, ratio=1.5, counts=[1, 2]),
        oddities(),
        Percent(Upper="100% %s %%", rate="%(x)s"),
        [a_crate(), None, 3, "x", Decimal("1.0")],
        {"b": a_crate(), "a": [Money.of("1.00", "EUR")]},
        (Money.of("1.00", "EUR"), pendulum.duration(hours=1), pendulum.date(2026, 1, 1)),
        Level.LOW,
        "plain ✓",
        None,
    ],
    ids=lambda v: type(v).__name__,
)
def test_writes_every_kind_of_value_byte_for_byte_as_the_reference(value: object) -> None:
    assert reference_text(CODEC, value) == CODEC.dumps(value)


def test_writes_an_immutable_value_met_again_as_it_wrote_it_first() -> None:
    price = Money.of("19.99", "USD")
    first, second = CODEC.dumps([price, price]), CODEC.dumps(price)
    assert (reference_text(CODEC, [price, price]), reference_text(CODEC, price)) == (
        first,
        second,
    )


# -- refusals -------------------------------------------------------------------------------------


def outcome(read: Any) -> tuple[Any, ...]:
    """What ``read()`` gives: ``("read", value)``, or ``("refused", class, message, fields)``."""
    try:
        return ("read", read())
    except OrdercoreError as error:
        return ("refused", type(error), str(error), error.fields)


@pytest.mark.parametrize("values", AGGREGATES[:4], ids=lambda s: repr(s).split("(")[0])
@given(data=st.data())
def test_a_mutated_document_is_read_or_refused_exactly_as_the_reference_does(
    values: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    value = data.draw(values)
    kind = type(value)
    mutated = json.dumps(_mutated(json.loads(CODEC.dumps(value)), data))
    expected = outcome(lambda: reference_read(CODEC, kind, mutated))
    assert expected == outcome(lambda: CODEC.loads(kind, mutated))


def test_refuses_a_bad_field_deep_in_an_engine_document_naming_its_path() -> None:
    order = next(v for v in engine_aggregates(1, 1, 3) if type(v).__name__ == "Order")
    document = json.loads(CODEC.dumps(order))
    line = next(iter(document["lines"]))
    document["lines"][line]["unit_price"]["currency"]["exponent"] = True
    with pytest.raises(CorruptDocument) as refused:
        CODEC.loads(type(order), json.dumps(document))
    assert (f"lines['{line}'].unit_price.currency.exponent", True) == (
        refused.value.path,
        refused.value.value,
    )


@given(junk=JUNK)
def test_a_currency_read_from_junk_is_refused_or_read_as_the_reference_reads_it(
    junk: Any,
) -> None:
    document: Any = {"__type__": "Currency", "code": "USD", "exponent": junk}
    expected = outcome(lambda: CODEC.reference_decode(Currency, document))
    actual = outcome(lambda: CODEC.decode(Currency, document))
    assert expected == actual
    if expected[0] == "read":
        assert type(expected[1].exponent) is type(actual[1].exponent)


# -- interning ------------------------------------------------------------------------------------


def test_reads_one_shared_value_for_equal_documents_of_an_immutable_class() -> None:
    text = CODEC.dumps(Money.of("19.99", "USD"))
    first, second = CODEC.loads(Money, text), CODEC.loads(Money, text)
    assert (Money.of("19.99", "USD"), True) == (first, first is second)


def test_never_shares_a_value_across_documents_that_differ_in_a_json_type() -> None:
    whole = CODEC.decode(Currency, {"__type__": "Currency", "code": "JPY", "exponent": 0})
    with pytest.raises(CorruptDocument):
        CODEC.decode(Currency, {"__type__": "Currency", "code": "JPY", "exponent": False})
    assert (0, int) == (whole.exponent, type(whole.exponent))


@attrs.frozen
class Gauge:
    reading: int

    def check_invariants(self) -> None:
        if self.reading < 0:
            raise ValueError("a gauge never reads below zero")


def test_checks_every_document_of_an_interned_class_it_has_not_read_before() -> None:
    good = CODEC.decode(Gauge, {"__type__": "Gauge", "reading": 3})
    with pytest.raises(CorruptDocument, match="below zero"):
        CODEC.decode(Gauge, {"__type__": "Gauge", "reading": -3})
    with pytest.raises(CorruptDocument, match="below zero"):
        CODEC.decode(Gauge, {"__type__": "Gauge", "reading": -3})
    assert Gauge(3) == good


def test_decode_leaves_the_document_it_was_given_as_it_was() -> None:
    document = json.loads(CODEC.dumps(a_crate()))
    before = json.dumps(document, sort_keys=True)
    CODEC.decode(Crate, document)
    assert before == json.dumps(document, sort_keys=True)
