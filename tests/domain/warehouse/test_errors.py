import pickle

import pytest

from ordercore.domain.warehouse.errors import (
    OverConfirm,
    SerialExhausted,
    UnknownBin,
    UnknownPickLine,
)
from ordercore.errors import OrdercoreError

CASES = [
    (
        UnknownPickLine("PL-1", "9", ("1", "2")),
        "line_id='9' was refused: pick list 'PL-1' has only the lines ['1', '2']",
        LookupError,
    ),
    (
        OverConfirm("PL-1", "2", 4, 1),
        (
            "units=4 was refused: line '2' of pick list 'PL-1' has 1 units open, and a "
            "confirmation takes at most that many"
        ),
        ValueError,
    ),
    (
        UnknownBin("WH/A-01-01-1"),
        (
            "bin='WH/A-01-01-1' was refused: the walk sequence does not list it, and every bin "
            "to pick from needs a place in the walk"
        ),
        LookupError,
    ),
    (
        SerialExhausted(10**9, "0614141", 9),
        (
            "serial=1000000000 was refused: with company prefix '0614141' an SSCC serial reference "
            "has 9 digits (0 to 999999999)"
        ),
        ValueError,
    ),
]


@pytest.mark.parametrize(("error", "message", "builtin"), CASES)
def test_each_warehouse_error_names_the_value_and_the_rule(
    error: OrdercoreError, message: str, builtin: type
) -> None:
    assert message == str(error)
    assert isinstance(error, OrdercoreError)
    assert isinstance(error, builtin)


@pytest.mark.parametrize(("error", "message", "builtin"), CASES)
def test_each_warehouse_error_survives_pickling(
    error: OrdercoreError, message: str, builtin: type
) -> None:
    back = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert (message, dict(error.fields)) == (str(back), dict(back.fields))
