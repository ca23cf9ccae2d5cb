"""A stock item refuses a state no command could produce, live and when a stored one is decoded."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pendulum
import pytest
from hypothesis import given

from ordercore.domain.inventory import Allocation, StockItem
from ordercore.errors import ValidationError
from ordercore.ports import Codec
from ordercore.ports.errors import CorruptDocument
from ordercore.testing.strategies_inventory import run_stock_commands, stock_commands, stocked_items
from tests.domain.inventory.helpers import T, hard, stock

CODEC = Codec()


def stored_clock() -> dict[str, Any]:
    """A stored RETRO-CLOCK: 10 on hand at WH-EAST, 3 of them held by R-1."""
    item = stock(WH_EAST=10)
    hard(item, "R-1", Allocation("WH-EAST", 3))
    item.pull_events()
    item.pull_movements()
    document: dict[str, Any] = json.loads(CODEC.dumps(item))
    return document


def tampered(edit: Callable[[dict[str, Any]], None]) -> CorruptDocument:
    document = stored_clock()
    edit(document)
    with pytest.raises(CorruptDocument) as refused:
        CODEC.loads(StockItem, json.dumps(document))
    return refused.value


def test_a_sound_stored_item_decodes_and_passes_its_invariants() -> None:
    item = CODEC.loads(StockItem, json.dumps(stored_clock()))
    item.check_invariants()
    assert (10, 3) == (item.on_hand(), item.reserved())


def test_a_stored_item_with_on_hand_minus_five_is_corrupt() -> None:
    def minus_five(document: dict[str, Any]) -> None:
        document["counters"]["on_hand"][0][1] = -5

    error = tampered(minus_five)
    assert "on_hand[WH-EAST]" in str(error)
    assert "-5" in str(error)


def test_a_stored_item_with_a_negative_version_is_corrupt() -> None:
    def minus_three(document: dict[str, Any]) -> None:
        document["version"] = -3

    assert "version" in str(tampered(minus_three))


def test_a_stored_item_reserving_more_than_is_on_hand_is_corrupt() -> None:
    def over_reserved(document: dict[str, Any]) -> None:
        document["counters"]["reserved"][0][1] = 11
        document["book"]["open"]["R-1"]["allocations"][0][1] = 11

    assert "0 <= reserved <= on hand" in str(tampered(over_reserved))


def test_a_stored_item_whose_reservations_do_not_sum_to_reserved_is_corrupt() -> None:
    def drifted(document: dict[str, Any]) -> None:
        document["book"]["open"]["R-1"]["allocations"][0][1] = 2

    assert "reserved by reservations" in str(tampered(drifted))


def test_a_stored_item_keeping_a_closed_reservation_is_corrupt() -> None:
    def closed(document: dict[str, Any]) -> None:
        document["book"]["open"]["R-1"]["state"] = "released"

    assert "only open reservations stay" in str(tampered(closed))


def test_a_stored_supply_line_without_its_counters_is_corrupt() -> None:
    item = stock(WH_EAST=10)
    item.add_incoming("PO-1", "WH-EAST", 5, pendulum.date(2026, 12, 1), T)
    item.pull_events()
    item.pull_movements()
    document = json.loads(CODEC.dumps(item))
    document["supplies"]["expected"] = {}
    with pytest.raises(CorruptDocument) as refused:
        CODEC.loads(StockItem, json.dumps(document))
    assert "each open supply line has its two counters" in str(refused.value)


def test_a_live_item_names_the_field_value_and_rule_it_breaks() -> None:
    item = stock(WH_EAST=10)
    item.counters.picked[item.positions()[0].key] = 4
    with pytest.raises(ValidationError) as refused:
        item.check_invariants()
    assert "picked by reservations at WH-EAST=4" in str(refused.value)


@given(stocked_items(), stock_commands())
def test_every_history_of_commands_leaves_an_item_that_passes_its_invariants(
    item: StockItem, commands: list[Any]
) -> None:
    run_stock_commands(item, commands)
    item.check_invariants()
    item.pull_events()
    item.pull_movements()
    CODEC.loads(StockItem, CODEC.dumps(item)).check_invariants()
