"""The boundary fuzzes' own judge: what counts as a refusal that says why."""

from __future__ import annotations

from ordercore.errors import NotFound, ValidationError
from tests.reliability.boundary import says_why


def test_a_refusal_naming_the_one_id_of_a_list_it_refused_says_why() -> None:
    refused = NotFound("order", "order-9")
    assert says_why(refused, "fill_backorders", {"skus": [], "order_ids": ["order-9"]})


def test_a_refusal_naming_nothing_it_was_given_does_not_say_why() -> None:
    refused = ValidationError("status", "open", "boxes are chosen for picked units")
    assert not says_why(refused, "choose_boxes", {"shipment_id": "SHP-000001"})


def test_an_id_that_merely_contains_a_short_list_item_does_not_count() -> None:
    refused = NotFound("order", "order-90")
    assert not says_why(refused, "fill_backorders", {"order_ids": ["order-9"]})
