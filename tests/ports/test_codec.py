import datetime as dt
import enum
import gc
from decimal import Decimal
from typing import NamedTuple

import attrs
import pendulum
import pytest
from hypothesis import given

from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.ids import Sku
from ordercore.kernel.money import Money
from ordercore.ports.codec import Codec
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


def test_finds_a_slotted_class_while_the_original_attrs_replaced_still_lingers() -> None:
    gc.disable()  # keep the class attrs discards when it adds slots among Base's subclasses
    try:
        live = attrs.frozen(type("Lingering", (Base,), {"__module__": "shop.north"}))
        stale = [c for c in Base.__subclasses__() if c.__name__ == "Lingering" and c is not live]
        text = CODEC.dumps(live())
        assert (1, live()) == (len(stale), CODEC.loads(Base, text))
    finally:
        gc.enable()
