"""Any Python value at any public Engine command: it succeeds, or it is a typed refusal that
changed nothing (aggregates, outbox, idempotency keys, ledger and number sequences) and says
why: a ``TypeError`` names the parameter and the value, a business rule names a parameter or a
value it was given, or the command it refused."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordercore.kernel.errors import OrdercoreError
from ordercore.memory import MemoryStore
from tests.reliability.boundary import COMMANDS, arguments, names_the_value, says_why, shop


def everything_in(store: MemoryStore) -> tuple[Any, Any]:
    """The store's snapshot and its number sequences (the snapshot does not compare them)."""
    snapshot = store.snapshot()
    numbers = getattr(snapshot, "numbers", None)
    if numbers is None:  # the memory store before branch `store` keeps them apart
        numbers = dict(store._numbers)
    return snapshot, dict(numbers)


@pytest.mark.parametrize("name", COMMANDS)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_any_value_at_a_public_command_is_accepted_or_refused_typed_changing_nothing(
    name: str, data: st.DataObject
) -> None:
    store, engine = shop()
    kwargs = data.draw(arguments(name), label="arguments")
    before = everything_in(store)
    refused: OrdercoreError | None = None
    try:
        getattr(engine, name)(**kwargs)
    except OrdercoreError as error:
        refused = error
    if refused is not None:
        assert isinstance(refused, (TypeError, ValueError, LookupError)), repr(refused)
        if isinstance(refused, TypeError):
            assert names_the_value(refused, kwargs), repr(refused)
        else:
            assert says_why(refused, name, kwargs), repr(refused)
        assert before == everything_in(store), f"refused {refused!r} but the store changed"
