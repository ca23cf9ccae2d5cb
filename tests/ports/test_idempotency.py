import pytest
from hypothesis import given

from ordercore.ports.codec import JsonValue
from ordercore.ports.errors import IdempotencyKeyReused
from ordercore.ports.idempotency import IdempotencyRecord, fingerprint, recall, recall_record
from ordercore.testing.contract_strategies import json_values


class DictKeys:
    def __init__(self) -> None:
        self.records: dict[str, IdempotencyRecord] = {}

    def get(self, key: str) -> IdempotencyRecord | None:
        return self.records.get(key)

    def put(
        self, key: str, fingerprint: str, result: JsonValue, recorded_at: object = None
    ) -> None:
        self.records[key] = IdempotencyRecord(key=key, fingerprint=fingerprint, result=result)


def test_fingerprints_ignore_the_order_of_fields() -> None:
    assert fingerprint({"sku": "RETRO-CLOCK", "quantity": 2}) == fingerprint(
        {"quantity": 2, "sku": "RETRO-CLOCK"}
    )


def test_fingerprints_differ_for_different_commands() -> None:
    assert fingerprint({"sku": "RETRO-CLOCK"}) != fingerprint({"sku": "BLUE-VASE"})


def test_recall_of_a_new_key_is_none() -> None:
    assert None is recall(DictKeys(), "checkout-1", "fp")


@given(json_values())
def test_recall_returns_whatever_result_was_stored_for_the_same_command(result: JsonValue) -> None:
    keys = DictKeys()
    keys.put("checkout-1", "fp", result)
    assert result == recall(keys, "checkout-1", "fp")


def test_recall_refuses_the_key_with_another_command_naming_both() -> None:
    keys = DictKeys()
    keys.put("checkout-1", "fp-a", "done")
    with pytest.raises(IdempotencyKeyReused) as raised:
        recall(keys, "checkout-1", "fp-b")
    assert ("checkout-1", "fp-a", "fp-b") == (
        raised.value.key,
        raised.value.stored_fingerprint,
        raised.value.given_fingerprint,
    )
    assert isinstance(raised.value, ValueError)
    assert "idempotency_key='checkout-1'" in str(raised.value)


def test_recall_record_tells_a_stored_none_from_a_new_key() -> None:
    keys = DictKeys()
    keys.put("cancel-42", "fp", None)
    assert (None, None) == (recall(keys, "cancel-42", "fp"), recall(keys, "cancel-43", "fp"))
    assert (IdempotencyRecord(key="cancel-42", fingerprint="fp", result=None), None) == (
        recall_record(keys, "cancel-42", "fp"),
        recall_record(keys, "cancel-43", "fp"),
    )


def test_recall_record_refuses_a_key_used_for_another_command() -> None:
    keys = DictKeys()
    keys.put("cancel-42", "fp-a", None)
    with pytest.raises(IdempotencyKeyReused):
        recall_record(keys, "cancel-42", "fp-b")
