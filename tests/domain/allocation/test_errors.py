from ordercore.domain.allocation import DuplicateDemand, DuplicateSupply, LineNotInPlan
from ordercore.kernel.errors import OrdercoreError


def test_allocation_errors_are_ordercore_errors_and_matching_builtins() -> None:
    assert issubclass(DuplicateDemand, OrdercoreError)
    assert issubclass(DuplicateDemand, ValueError)
    assert issubclass(DuplicateSupply, ValueError)
    assert issubclass(LineNotInPlan, LookupError)


def test_a_duplicate_demand_names_the_field_the_value_and_the_scope() -> None:
    error = DuplicateDemand("order_id", "O-1", "the batch")
    assert {"field": "order_id", "value": "O-1", "scope": "the batch"} == dict(error.fields)
    assert "order_id='O-1' was refused: it appears twice in the batch" in str(error)


def test_a_duplicate_supply_carries_its_key() -> None:
    key = ("RETRO-CLOCK", "WH-EAST", "L-07", None)
    assert key == DuplicateSupply(key).key
