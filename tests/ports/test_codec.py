import contextlib
import copy
import datetime as dt
import enum
import gc
import json
from decimal import Decimal
from typing import Any, NamedTuple

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.domain.warehouse.bins import Bin as PickFace
from ordercore.kernel.errors import OrdercoreError, ValidationError, WrongType
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.ids import Sku
from ordercore.kernel.money import Money
from ordercore.ports.codec import SCHEMA, Codec, _primitives
from ordercore.ports.errors import CorruptDocument
from ordercore.testing.contract import Tally, TallyBumped
from ordercore.testing.contract_strategies import tallies
from ordercore.testing.strategies_inventory import stocked_items
from ordercore.testing.strategies_invoices import issued_invoices
from ordercore.testing.strategies_orders import placed_orders

CODEC = Codec()


class Shelf(enum.StrEnum):
    TOP = "top"
    BOTTOM = "bottom"


class Spot(NamedTuple):
    location: str
    lot: str | None = None


@attrs.frozen
class Label:
    text: str


@attrs.frozen
class Sticker:
    colour: str


@attrs.define
class Crate:
    sku: Sku
    price: Money
    packed_at: pendulum.DateTime
    best_before: pendulum.Date
    shelf: Shelf
    counts: dict[Spot, int]
    tags: frozenset[str]
    sizes: tuple[int, ...]
    pair: tuple[str, Decimal]
    mark: Label | Sticker | None
    ttl: pendulum.Duration
    events: list[DomainEvent] = attrs.field(factory=list, eq=False)


def a_crate() -> Crate:
    return Crate(
        sku=Sku("RETRO-CLOCK"),
        price=Money.of("19.99", "USD"),
        packed_at=pendulum.datetime(2026, 3, 29, 1, 30, tz="Europe/Berlin"),
        best_before=pendulum.date(2027, 1, 31),
        shelf=Shelf.TOP,
        counts={Spot("WH-EAST"): 3, Spot("WH-WEST", "LOT-7"): 2},
        tags=frozenset({"fragile", "gift"}),
        sizes=(1, 2, 3),
        pair=("KWD", Decimal("1.005")),
        mark=Sticker("red"),
        ttl=pendulum.duration(minutes=15),
    )


def test_reads_back_exactly_what_it_wrote_for_every_kind_of_field() -> None:
    crate = a_crate()
    assert crate == CODEC.loads(Crate, CODEC.dumps(crate))


def test_keeps_a_named_timezone_so_local_dates_stay_right() -> None:
    back = CODEC.loads(Crate, CODEC.dumps(a_crate()))
    assert "Europe/Berlin" == back.packed_at.timezone_name


def test_keeps_a_fixed_offset_instant_as_the_same_instant() -> None:
    moment = pendulum.instance(
        dt.datetime(2026, 1, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    )
    assert moment == CODEC.decode(pendulum.DateTime, CODEC.encode(moment))


def test_writes_equal_values_as_equal_text() -> None:
    assert CODEC.dumps(a_crate()) == CODEC.dumps(a_crate())


def test_leaves_pending_events_out_of_the_document() -> None:
    tally = Tally.start("TALLY-1")
    assert [] == CODEC.loads(Tally, CODEC.dumps(tally)).events


def test_reads_an_event_as_its_own_class_through_the_base_class() -> None:
    event = TallyBumped(
        entity_id="TALLY-1", version=2, occurred_at=pendulum.datetime(2026, 1, 1), by=3, count=3
    )
    assert event == CODEC.loads(DomainEvent, CODEC.dumps(event))


def test_refuses_a_type_tag_outside_the_expected_class() -> None:
    text = CODEC.dumps(Label("BLUE-VASE"))
    with pytest.raises(ValidationError):
        CODEC.loads(Sticker, text)


def test_refuses_naive_datetimes() -> None:
    with pytest.raises(ValidationError):
        CODEC.encode(dt.datetime(2026, 1, 1))  # noqa: DTZ001 - the point of the test


def test_refuses_values_it_cannot_store() -> None:
    with pytest.raises(WrongType):
        CODEC.encode(object())


@given(tallies())
def test_round_trips_any_tally(tally: Tally) -> None:
    assert tally == CODEC.loads(Tally, CODEC.dumps(tally))


@given(stocked_items())
def test_round_trips_any_stock_item_to_the_same_document(item: StockItem) -> None:
    text = CODEC.dumps(item)
    back = CODEC.loads(StockItem, text)
    assert text == CODEC.dumps(back)
    assert (item.on_hand(), item.available(), item.version) == (
        back.on_hand(),
        back.available(),
        back.version,
    )


@given(placed_orders())
def test_round_trips_any_placed_order(order: Order) -> None:
    assert order == CODEC.loads(Order, CODEC.dumps(order))


@given(issued_invoices())
def test_round_trips_any_issued_invoice(invoice: Invoice) -> None:
    assert invoice == CODEC.loads(Invoice, CODEC.dumps(invoice))


def test_a_tag_names_the_class_not_its_module_so_moving_a_class_keeps_its_documents() -> None:
    assert '{"__type__":"Label","text":"BLUE-VASE"}' == CODEC.dumps(Label("BLUE-VASE"))


@attrs.frozen
class Base:
    pass


def _twin(module: str) -> type:
    return attrs.frozen(type("Twin", (Base,), {"__module__": module}))


def test_refuses_a_tag_that_two_subclasses_of_the_expected_class_share() -> None:
    first, second = _twin("shop.east"), _twin("shop.west")
    text = CODEC.dumps(first())
    with pytest.raises(ValidationError, match="ambiguous"):
        CODEC.loads(Base, text)
    assert second is not first


def test_looks_a_tag_up_among_the_subclasses_once_per_base(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    once = attrs.frozen(type("Once", (Base,), {"__module__": "shop.south"}))
    text = CODEC.dumps(once())
    walked: list[type] = []
    tagging = _primitives.type_tag

    def counting(cls: type) -> str:
        walked.append(cls)
        return tagging(cls)

    monkeypatch.setattr(_primitives, "type_tag", counting)
    first = CODEC.loads(Base, text)
    after_first = len(walked)
    second = CODEC.loads(Base, text)
    assert (once(), once(), True, after_first) == (first, second, after_first > 0, len(walked))


def test_finds_a_slotted_class_while_the_original_attrs_replaced_still_lingers() -> None:
    gc.disable()  # keep the class attrs discards when it adds slots among Base's subclasses
    try:
        live = attrs.frozen(type("Lingering", (Base,), {"__module__": "shop.north"}))
        stale = [c for c in Base.__subclasses__() if c.__name__ == "Lingering" and c is not live]
        text = CODEC.dumps(live())
        assert (1, live()) == (len(stale), CODEC.loads(Base, text))
    finally:
        gc.enable()


# -- strict decoding: every failure is a CorruptDocument naming document, path and value --------


def crate_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(CODEC.dumps(a_crate()))
    return document


def refusal(hint: Any, document: object) -> CorruptDocument:
    with pytest.raises(CorruptDocument) as refused:
        CODEC.loads(hint, json.dumps(document))
    return refused.value


def test_refuses_an_enum_value_it_does_not_know_naming_the_path_and_the_value() -> None:
    document = crate_document() | {"shelf": "middle"}
    error = refusal(Crate, document)
    assert ("Crate", "shelf", "middle") == (error.document, error.path, error.value)
    assert "Crate document: shelf='middle' was refused: a Shelf is one of ['top', 'bottom']" == str(
        error
    )


def test_refuses_a_decimal_written_with_a_comma() -> None:
    error = refusal(Crate, crate_document() | {"pair": ["KWD", "1,5"]})
    assert ("pair[1]", "1,5") == (error.path, error.value)


def test_refuses_a_zone_name_the_tz_database_does_not_know() -> None:
    error = refusal(
        Crate, crate_document() | {"packed_at": ["2026-03-29T01:30:00+01:00", "Nowhere/Land"]}
    )
    assert ("packed_at[1]", "Nowhere/Land") == (error.path, error.value)


def test_refuses_an_instant_that_is_not_iso_text_beside_its_zone_name() -> None:
    error = refusal(Crate, crate_document() | {"packed_at": ["P1D", "Europe/Berlin"]})
    assert ("packed_at[0]", "P1D") == (error.path, error.value)


@pytest.mark.parametrize("stored", [900_000_000, "P1D", "10:00", "2026-03-29", "soon"])
def test_refuses_a_duration_a_date_or_a_time_where_an_instant_belongs(stored: object) -> None:
    error = refusal(Crate, crate_document() | {"packed_at": stored})
    assert ("packed_at", stored) == (error.path, error.value)


def test_refuses_a_missing_field_without_a_default() -> None:
    document = crate_document()
    del document["sku"]
    error = refusal(Crate, document)
    assert ("sku", None) == (error.path, error.value)
    assert "a Crate needs this field" == error.rule


@attrs.frozen
class Parcel:
    label: str
    weight_grams: int = 0


def test_takes_the_default_of_a_missing_field_that_has_one() -> None:
    assert Parcel("1Z999") == CODEC.loads(Parcel, '{"__type__": "Parcel", "label": "1Z999"}')


@pytest.mark.parametrize(
    ("field", "stored", "path"),
    [
        ("sizes", "1,2,3", "sizes"),
        ("sizes", [1, True, 3], "sizes[1]"),
        ("sizes", [1, 2.5], "sizes[1]"),
        ("tags", "fragile", "tags"),
        ("counts", 3, "counts"),
        ("counts", [[["WH-EAST", None]]], "counts[0]"),
        ("best_before", "31/01/2027", "best_before"),
        ("ttl", "15 minutes", "ttl"),
        ("pair", ["KWD"], "pair"),
        ("price", "19.99 USD", "price"),
        ("sku", 7, "sku"),
    ],
)
def test_refuses_a_value_of_the_wrong_kind_naming_where_it_is(
    field: str, stored: object, path: str
) -> None:
    assert path == refusal(Crate, crate_document() | {field: stored}).path


def test_refuses_a_tag_it_does_not_know() -> None:
    document = crate_document() | {"mark": {"__type__": "Ribbon", "colour": "red"}}
    assert "mark" == refusal(Crate, document).path
    assert "__type__" == refusal(Crate, crate_document() | {"__type__": "Box"}).path


def test_refuses_a_field_a_newer_release_wrote_instead_of_dropping_it() -> None:
    error = refusal(Crate, crate_document() | {"colour": "teal"})
    assert ("colour", "teal") == (error.path, error.value)
    assert "never dropped" in error.rule


def test_refuses_an_unknown_field_deep_inside_the_document_naming_its_path() -> None:
    document = crate_document()
    document["price"]["currency"]["symbol"] = "$"
    assert "price.currency.symbol" == refusal(Crate, document).path


def test_writes_the_schema_version_into_an_aggregate_document() -> None:
    assert SCHEMA == json.loads(CODEC.dumps(Tally.start("TALLY-1")))["__schema__"]


def test_reads_a_document_written_before_schemas_as_the_first_schema() -> None:
    document = json.loads(CODEC.dumps(Tally.start("TALLY-1")))
    del document["__schema__"]
    assert Tally.start("TALLY-1") == CODEC.loads(Tally, json.dumps(document))


@pytest.mark.parametrize("schema", [SCHEMA + 1, -1, "1", True])
def test_refuses_a_document_of_a_newer_or_a_malformed_schema(schema: object) -> None:
    document = json.loads(CODEC.dumps(Tally.start("TALLY-1"))) | {"__schema__": schema}
    error = refusal(Tally, document)
    assert ("Tally", "__schema__", schema) == (error.document, error.path, error.value)


def test_a_newer_schema_says_to_upgrade() -> None:
    document = json.loads(CODEC.dumps(Tally.start("TALLY-1"))) | {"__schema__": SCHEMA + 1}
    assert "upgrade ordercore" in str(refusal(Tally, document))


@pytest.mark.parametrize("version", [-3, True, 1.5, "2"])
def test_refuses_a_version_that_is_not_a_whole_number_of_at_least_zero(version: object) -> None:
    document = json.loads(CODEC.dumps(Tally.start("TALLY-1"))) | {"version": version}
    assert ("version", version) == (refusal(Tally, document).path, refusal(Tally, document).value)


def test_refuses_text_that_is_not_json() -> None:
    with pytest.raises(CorruptDocument, match="Tally document"):
        CODEC.loads(Tally, '{"__type__": "Tally",')


@attrs.frozen
class Bin:
    units: int

    def check_invariants(self) -> None:
        if self.units < 0:
            raise ValidationError("units", self.units, "a bin holds no negative stock")


@attrs.frozen
class Rack:
    bins: tuple[Bin, ...]


def test_runs_the_check_invariants_hook_of_every_decoded_value() -> None:
    document = json.loads(CODEC.dumps(Rack((Bin(3), Bin(-5)))))
    error = refusal(Rack, document)
    assert ("Rack", "bins[1]", -5) == (error.document, error.path, error.value)
    assert "a bin holds no negative stock" in error.rule


def test_the_refusal_is_an_ordercore_error_and_a_value_error() -> None:
    error = refusal(Crate, crate_document() | {"shelf": "middle"})
    assert isinstance(error, OrdercoreError)
    assert isinstance(error, ValueError)


# -- the property: no mutation of a stored document lets another exception out ---------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["1,5", "P1D", "10:00", "Nowhere/Land", "2026-13-45", "NaN", "-Infinity"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just({"__type__": "Nope"}),
    st.just(["2026-01-01T00:00:00+00:00", "Nowhere/Land"]),
)


def _places(node: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, item in node.items():
            found += _places(item, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _places(item, (*path, index))
    return found


def _mutated(document: Any, data: st.DataObject) -> Any:
    draw = data.draw
    document = copy.deepcopy(document)
    place = draw(st.sampled_from(_places(document)))
    if not place:
        return draw(JUNK)
    *parent_path, last = place
    parent = document
    for step in parent_path:
        parent = parent[step]
    kind = draw(st.sampled_from(["missing", "junk", "extra", "tag", "schema"]))
    if kind == "missing":
        del parent[last]
    elif kind == "extra" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=6))] = draw(JUNK)
    elif kind == "tag" and isinstance(parent, dict):
        parent["__type__"] = draw(st.text(max_size=12))
    elif kind == "schema":
        document["__schema__"] = draw(st.integers(min_value=-3, max_value=SCHEMA + 3))
    else:
        parent[last] = draw(JUNK)
    return document


AGGREGATES: list[tuple[type, st.SearchStrategy[Any]]] = [
    (Tally, tallies()),
    (StockItem, stocked_items()),
    (Order, placed_orders()),
    (Invoice, issued_invoices()),
]


@pytest.mark.parametrize(("kind", "values"), AGGREGATES, ids=lambda a: getattr(a, "__name__", ""))
@given(data=st.data())
def test_every_mutation_of_a_stored_document_is_refused_typed_or_read(
    kind: type, values: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    document = json.loads(CODEC.dumps(data.draw(values)))
    mutated = _mutated(document, data)
    with contextlib.suppress(OrdercoreError):  # a typed refusal; anything else fails the test
        CODEC.loads(kind, json.dumps(mutated))


@pytest.mark.parametrize(("kind", "values"), AGGREGATES, ids=lambda a: getattr(a, "__name__", ""))
@given(data=st.data())
def test_a_new_field_a_newer_schema_or_a_lost_tag_at_the_top_is_always_refused(
    kind: type, values: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    document = json.loads(CODEC.dumps(data.draw(values)))
    change = data.draw(
        st.sampled_from(
            [
                {"from_a_newer_release": 1},
                {"__schema__": SCHEMA + data.draw(st.integers(1, 5))},
                {"__type__": "Nope"},
            ]
        )
    )
    with pytest.raises(CorruptDocument):
        CODEC.loads(kind, json.dumps(document | change))


# -- the fast paths read and write exactly what the general ones did -----------------------------


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Code(str):
    __slots__ = ()


@attrs.frozen
class Reading:
    level: Level
    code: str
    flag: bool
    ratio: float
    counts: list[int]


def test_writes_an_int_enum_by_value_and_a_str_subclass_as_plain_text() -> None:
    text = CODEC.dumps(Reading(Level.HIGH, Code("K-1"), flag=True, ratio=1.5, counts=[1, 2]))
    expected = (
        '{"__type__":"Reading","code":"K-1","counts":[1,2],"flag":true,"level":2,"ratio":1.5}'
    )
    assert expected == text
    read = CODEC.loads(Reading, text)
    assert Reading(Level.HIGH, "K-1", flag=True, ratio=1.5, counts=[1, 2]) == read
    assert (Level, str) == (type(read.level), type(read.code))


def test_reads_a_whole_number_where_a_float_belongs_as_a_float() -> None:
    text = '{"__type__":"Reading","code":"K","counts":[],"flag":false,"level":1,"ratio":2}'
    ratio = CODEC.loads(Reading, text).ratio
    assert (2.0, float) == (ratio, type(ratio))


def test_refuses_a_bool_in_a_list_of_ints_naming_its_place() -> None:
    document = {"__type__": "Reading", "code": "K", "counts": [1, True], "flag": False}
    error = refusal(Reading, document | {"level": 1, "ratio": 1.0})
    assert ("counts[1]", True) == (error.path, error.value)


def test_reads_an_instant_read_before_to_an_equal_instant_in_its_zone() -> None:
    text = CODEC.dumps(a_crate())
    first, second = CODEC.loads(Crate, text), CODEC.loads(Crate, text)
    assert first.packed_at == second.packed_at
    assert "Europe/Berlin" == second.packed_at.timezone_name


def test_refuses_an_unreadable_instant_each_time_it_is_read() -> None:
    document = crate_document() | {"packed_at": ["soon", "Europe/Berlin"]}
    paths = [refusal(Crate, document).path for _ in range(2)]
    assert ["packed_at[0]", "packed_at[0]"] == paths


def test_a_value_that_caches_its_hash_hashes_after_it_is_read_back() -> None:
    # Bin is attrs.frozen(cache_hash=True): its cache slot must start empty, as __init__ leaves
    # it, or a bin read back from a store cannot be a dict key (HostSequence.key, BinStock).
    codec = Codec()
    written = PickFace("WH-EAST", "A", 3, 12, 2)
    read = codec.loads(PickFace, codec.dumps(written))
    assert (written, hash(written)) == (read, hash(read))
    assert {written: 1} == {read: 1}
