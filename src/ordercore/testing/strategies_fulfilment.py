"""Hypothesis strategies for fulfilment: parcels, tracking numbers, shipment lines, shipments.

Instants come from a fixed anchor (:data:`ANCHOR`), never from the wall clock; SKUs and line
ids come from small memorable pools so that generated commands collide on the same lines.
"""

from __future__ import annotations

from hypothesis import strategies as st

from ordercore.domain.fulfilment import Dimensions, Parcel, Shipment
from ordercore.testing.strategies_kernel import ANCHOR

__all__ = [
    "ANCHOR",
    "CARRIERS",
    "LINE_SKUS",
    "carriers",
    "dimensions",
    "opened_shipments",
    "parcel_lists",
    "parcels",
    "shipment_lines",
    "tracking_numbers",
]

LINE_SKUS = {"line-1": "RETRO-CLOCK", "line-2": "BLUE-VASE", "line-3": "BRASS-LAMP"}
"""Order line ids and the memorable SKU each one sells."""

CARRIERS = ("DHL", "UPS", "Royal Mail")
"""Memorable carriers."""


def dimensions() -> st.SearchStrategy[Dimensions]:
    """Box sizes from 1 mm to 2 m a side."""
    side = st.integers(1, 2000)
    return st.builds(Dimensions, side, side, side)


def parcels() -> st.SearchStrategy[Parcel]:
    """Parcels of 1 g to 30 kg, with or without size and label."""
    return st.builds(
        Parcel,
        st.integers(1, 30_000),
        st.none() | dimensions(),
        st.none() | st.sampled_from(["BOX-1", "BOX-2", "LABEL-00042"]),
    )


def parcel_lists(max_size: int = 3) -> st.SearchStrategy[list[Parcel]]:
    """Zero to ``max_size`` parcels (zero: the host records none)."""
    return st.lists(parcels(), max_size=max_size)


def carriers() -> st.SearchStrategy[str]:
    """A memorable carrier name."""
    return st.sampled_from(CARRIERS)


def tracking_numbers(max_size: int = 3) -> st.SearchStrategy[list[str]]:
    """Distinct tracking numbers (possibly none: a van of the shop's own)."""
    return st.lists(
        st.integers(1, 99_999).map(lambda n: f"JD{n:08d}"), max_size=max_size, unique=True
    )


def shipment_lines(max_units: int = 5) -> st.SearchStrategy[dict[str, tuple[str, int]]]:
    """One to three lines of :data:`LINE_SKUS`: line id → (sku, units asked for)."""
    return st.dictionaries(
        st.sampled_from(sorted(LINE_SKUS)), st.integers(1, max_units), min_size=1
    ).map(lambda lines: {k: (LINE_SKUS[k], units) for k, units in sorted(lines.items())})


def opened_shipments(max_units: int = 5) -> st.SearchStrategy[Shipment]:
    """Freshly opened shipments ``SHP-1`` of ``order-1`` from ``WH-EAST`` (events drained)."""

    def build(lines: dict[str, tuple[str, int]]) -> Shipment:
        shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
            "SHP-1", "order-1", "WH-EAST", lines, ANCHOR
        )
        shipment.pull_events()
        return shipment

    return shipment_lines(max_units).map(build)
