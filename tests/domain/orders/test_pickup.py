"""A pickup order remembers its store: drafted with it or chosen later, replayed, decoded."""

from __future__ import annotations

import pytest

from ordercore.domain.orders import LineNotEditable, Order, OrderEvent, OrderPlaced, PickupChosen
from ordercore.kernel.errors import ValidationError
from ordercore.ports.codec import Codec
from tests.domain.orders.helpers import NOW, clock_and_vase, draft, eur, snapshot, unchanged


def placed_for_pickup(store: str | None) -> tuple[Order, list[OrderEvent]]:
    order = draft(pickup_at=store)
    order.add_line("RETRO-CLOCK", 2, eur("20.00"), NOW)
    order.place(NOW)
    events = [e for e in order.pull_events() if isinstance(e, OrderEvent)]
    return order, events


def test_an_order_drafted_for_pickup_keeps_its_store_through_replay() -> None:
    order, events = placed_for_pickup("STORE-BERLIN")
    assert "STORE-BERLIN" == order.pickup_at
    assert "STORE-BERLIN" == Order.replay(events).pickup_at


def test_an_order_drafted_without_a_store_is_shipped() -> None:
    assert None is draft().pickup_at


def test_a_store_that_is_not_an_id_is_refused_by_name() -> None:
    with pytest.raises(ValidationError, match="pickup_at"):
        draft(pickup_at="  ")


def test_choosing_a_store_records_one_event_that_replay_applies() -> None:
    order, events = placed_for_pickup(None)
    order.choose_pickup("STORE-PARIS", NOW)
    chosen = order.pull_events()
    assert [PickupChosen] == [type(e) for e in chosen]
    assert "STORE-PARIS" == order.pickup_at
    replayed = Order.replay([*events, *(e for e in chosen if isinstance(e, OrderEvent))])
    assert "STORE-PARIS" == replayed.pickup_at


def test_choosing_the_same_store_again_records_nothing() -> None:
    order, _ = placed_for_pickup("STORE-BERLIN")
    order.choose_pickup("STORE-BERLIN", NOW)
    assert [] == order.pull_events()


def test_a_store_cannot_be_chosen_while_units_are_allocated_elsewhere() -> None:
    order = clock_and_vase()
    order.move("line-1", 1, "allocate", NOW)
    order.pull_events()
    before = snapshot(order)
    with pytest.raises(LineNotEditable, match="release them first"):
        order.choose_pickup("STORE-BERLIN", NOW)
    assert unchanged(order, before)


def test_an_old_document_without_a_store_decodes_as_no_pickup() -> None:
    codec = Codec()
    order, events = placed_for_pickup(None)
    document = codec.encode(order)
    assert isinstance(document, dict)
    document.pop("pickup_at")
    assert None is codec.decode(Order, document).pickup_at
    placed = codec.encode(next(e for e in events if isinstance(e, OrderPlaced)))
    assert isinstance(placed, dict)
    placed.pop("pickup_at")
    assert None is codec.decode(OrderEvent, placed).pickup_at
