"""A stored order whose line buckets or billing counts no command could produce is corrupt."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from ordercore.domain.orders.order import Order
from ordercore.ports import Codec
from ordercore.ports.errors import CorruptDocument
from ordercore.testing.strategies_orders import placed_orders, progressed_orders

CODEC = Codec()


def stored(order: Order) -> tuple[dict[str, Any], dict[str, Any]]:
    """The order's document and the ledger of its first line inside it."""
    document: dict[str, Any] = json.loads(CODEC.dumps(order))
    first = next(iter(document["lines"].values()))
    return document, first["ledger"]


def refusal(document: dict[str, Any]) -> CorruptDocument:
    with pytest.raises(CorruptDocument) as refused:
        CODEC.loads(Order, json.dumps(document))
    return refused.value


@given(progressed_orders())
def test_every_order_the_strategies_build_passes_its_invariants_and_round_trips(
    order: Order,
) -> None:
    order.check_invariants()
    assert order == CODEC.loads(Order, CODEC.dumps(order))


@given(placed_orders())
def test_a_stored_line_with_a_negative_bucket_is_corrupt(order: Order) -> None:
    document, ledger = stored(order)
    ledger["allocated"] = -5
    assert -5 == refusal(document).value


@given(placed_orders())
def test_a_stored_line_crediting_more_than_was_invoiced_is_corrupt(order: Order) -> None:
    document, ledger = stored(order)
    ledger["credited"] = ledger["invoiced"] + 1
    assert "0 <= credited <= invoiced" in str(refusal(document))


@given(placed_orders())
def test_a_stored_line_whose_buckets_sum_to_nothing_is_corrupt(order: Order) -> None:
    document, ledger = stored(order)
    for bucket in ("unallocated", "backordered", "allocated", "picked", "packed", "shipped"):
        ledger[bucket] = 0
    for bucket in ("delivered", "return_requested", "returned", "cancelled"):
        ledger[bucket] = 0
    assert "ordered quantity >= 1" in str(refusal(document))


@given(placed_orders())
def test_a_stored_order_with_a_negative_version_is_corrupt(order: Order) -> None:
    document, _ = stored(order)
    document["version"] = -3
    assert "version" in str(refusal(document))
