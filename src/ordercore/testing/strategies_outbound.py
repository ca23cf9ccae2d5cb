"""Hypothesis strategies for the outbound router: shipped events and stock command scripts.

Part of the exported test kit: an integrator who routes outbox messages can reuse them.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from ordercore.domain.fulfilment.events import ShipmentShipped
from ordercore.testing.strategies_kernel import ANCHOR

__all__ = ["LOCATIONS", "StockStep", "T", "shipped_events", "stock_scripts"]

T = ANCHOR
"""A fixed instant: no test reads the clock."""

LOCATIONS = ("WH-EAST", "WH-WEST", "STORE-1")
"""The ordercore locations the stock scripts move units between."""

StockStep = tuple[str, str, str, int]
"""One stock command: (operation, location, other location, units)."""


def shipped_events(
    order_ids: Sequence[str] = ("order-1", "order-2"),
    line_ids: Sequence[str] = ("line-1", "line-2", "line-3"),
) -> st.SearchStrategy[ShipmentShipped]:
    """``ShipmentShipped`` events of a few orders, with 0 to 2 tracking numbers."""
    return st.builds(
        lambda order, version, shipped, carrier, tracking, seconds: ShipmentShipped(
            entity_id=f"SHP-{order}",
            version=version,
            occurred_at=T.add(seconds=seconds),
            order_id=order,
            carrier=carrier,
            service=None,
            tracking=tuple(tracking),
            shipped=shipped,
            skus=dict.fromkeys(shipped, "RETRO-CLOCK"),
            ship_from="WH-EAST",
        ),
        st.sampled_from(list(order_ids)),
        st.integers(1, 50),
        st.dictionaries(st.sampled_from(list(line_ids)), st.integers(1, 20), min_size=1),
        st.sampled_from(["DHL", "UPS", "USPS"]),
        st.lists(st.text("0123456789ABCDEFJ", min_size=6, max_size=12), max_size=2),
        st.integers(0, 86_400 * 30),
    )


def stock_scripts() -> st.SearchStrategy[list[StockStep]]:
    """Scripts of stock commands; a step the stock refuses is simply skipped by the runner."""
    step = st.tuples(
        st.sampled_from(
            ["receive", "adjust_down", "transfer", "safety", "reserve", "release", "ship"]
        ),
        st.sampled_from(LOCATIONS),
        st.sampled_from(LOCATIONS),
        st.integers(1, 12),
    )
    return st.lists(step, max_size=25)
