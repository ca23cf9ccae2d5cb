"""Any Python value at any public aggregate command: it succeeds, or it is a typed refusal that
changed nothing (the aggregate's whole codec encoding, pending events included, is the same
before and after) and says why: a ``TypeError`` names the parameter and the value; a business
rule's ``ValueError`` or ``LookupError`` names a parameter it was given, a value it was given, the
command, or the aggregate it refused for (its id), so a host can tell which input or which record
to look at."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordercore.kernel.errors import OrdercoreError
from ordercore.ports.codec import Codec
from tests.reliability.aggregates import (
    AGGREGATES,
    CASES,
    arguments,
    everything_in,
    is_constructor,
)
from tests.reliability.boundary import names_the_value, says_why

_CODEC = Codec()
_EXAMPLES = max(10, settings().max_examples // 2)  # 95 commands: half the profile's examples each


_IDS = ("id", "order_id", "sku", "shipment_id", "payment_id", "invoice_id", "rma_id", "number")


def _ids_of(target: Any) -> list[str]:
    """The ids an aggregate answers to (a refusal may name it by any of them)."""
    ids = (getattr(target, name, None) for name in _IDS)
    return [ident for ident in ids if isinstance(ident, str) and ident]


def _call(
    aggregate_name: str, command: str, state: int, kwargs: dict[str, Any]
) -> tuple[Any, Any, Any, OrdercoreError | None]:
    """Run the command: (state before, state after, the aggregate, the refusal or None)."""
    aggregate = AGGREGATES[aggregate_name]
    target: Any = aggregate.cls
    before: Any = None
    if not is_constructor(aggregate, command):
        target = aggregate.states[state % len(aggregate.states)]()
        before = everything_in(target)
    try:
        made = getattr(target, command)(**kwargs)
    except OrdercoreError as error:
        after = None if before is None else everything_in(target)
        return before, after, target, error
    return before, before, made if is_constructor(aggregate, command) else target, None


@pytest.mark.parametrize(("aggregate_name", "command"), CASES)
@settings(
    max_examples=_EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_any_value_at_a_public_aggregate_command_is_accepted_or_refused_typed_changing_nothing(
    aggregate_name: str, command: str, data: st.DataObject
) -> None:
    aggregate = AGGREGATES[aggregate_name]
    state = data.draw(st.integers(0, len(aggregate.states) - 1), label="state")
    kwargs = data.draw(arguments(aggregate, command), label="arguments")
    before, after, target, refused = _call(aggregate_name, command, state, kwargs)
    if refused is not None:
        assert isinstance(refused, (TypeError, ValueError, LookupError)), repr(refused)
        if isinstance(refused, TypeError):
            assert names_the_value(refused, kwargs), repr(refused)
        else:
            assert says_why(refused, command, kwargs, _ids_of(target)), repr(refused)
        assert before == after, f"refused {refused!r} but the {aggregate_name} changed"
    else:
        stored = _CODEC.dumps(target)
        assert stored == _CODEC.dumps(_CODEC.loads(aggregate.cls, stored)), "accepted junk"
