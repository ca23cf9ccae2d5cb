"""A stored shipment that picked more than it asks for, or left before it opened, is corrupt."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from ordercore.domain.fulfilment.shipment import Shipment
from ordercore.ports import Codec
from ordercore.ports.errors import CorruptDocument
from ordercore.testing.strategies_fulfilment import opened_shipments

CODEC = Codec()


def refusal(document: dict[str, Any]) -> CorruptDocument:
    with pytest.raises(CorruptDocument) as refused:
        CODEC.loads(Shipment, json.dumps(document))
    return refused.value


@given(opened_shipments())
def test_every_shipment_the_strategies_build_passes_its_invariants_and_round_trips(
    shipment: Shipment,
) -> None:
    shipment.check_invariants()
    assert shipment == CODEC.loads(Shipment, CODEC.dumps(shipment))


@given(opened_shipments())
def test_a_stored_line_picked_beyond_what_it_asks_for_is_corrupt(shipment: Shipment) -> None:
    document = json.loads(CODEC.dumps(shipment))
    line = next(iter(document["lines"].values()))
    pick = {"__type__": "PickedUnits", "location": "WH-EAST", "units": 99, "lot": None}
    line["picks"] = [pick]
    assert "picked units never exceed" in str(refusal(document))


@given(opened_shipments())
def test_a_stored_shipped_shipment_that_never_left_is_corrupt(shipment: Shipment) -> None:
    document = json.loads(CODEC.dumps(shipment))
    document["status"] = "shipped"
    assert "says when it left" in str(refusal(document))


@given(opened_shipments())
def test_a_stored_shipment_with_a_negative_version_is_corrupt(shipment: Shipment) -> None:
    document = json.loads(CODEC.dumps(shipment))
    document["version"] = -2
    assert "version" in str(refusal(document))
