"""Hypothesis strategies for persistence values: JSON results, tallies, keys, command sequences."""

from __future__ import annotations

from hypothesis import strategies as st

from ordercore.ports.codec import JsonValue
from ordercore.testing.contract_specimens import Tally

__all__ = ["idempotency_keys", "json_values", "tallies", "tally_ids"]


def json_values() -> st.SearchStrategy[JsonValue]:
    """JSON-compatible results (no floats: results that must compare exactly)."""
    scalars = st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.text(max_size=12)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        ),
        max_leaves=12,
    )


def tally_ids() -> st.SearchStrategy[str]:
    """A few tally ids, so that drawn commands meet the same aggregates often."""
    return st.sampled_from([f"TALLY-{n}" for n in range(4)])


def idempotency_keys() -> st.SearchStrategy[str]:
    """A few idempotency keys, so that drawn requests reuse them."""
    return st.sampled_from(["checkout-RETRO-CLOCK", "checkout-BLUE-VASE", "refund-42"])


@st.composite
def tallies(draw: st.DrawFn) -> Tally:
    """An opened tally bumped a few times, events drained."""
    tally = Tally.start(
        draw(tally_ids()), label=draw(st.sampled_from(["RETRO-CLOCK", "BLUE-VASE"]))
    )
    for by in draw(st.lists(st.integers(1, 9), max_size=4)):
        tally.bump(by)
    tally.pull_events()
    return tally
