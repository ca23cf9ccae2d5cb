"""Amazon confirmations of scan-packed parcels carry what each parcel holds, not an even deal."""

from __future__ import annotations

import attrs

from ordercore.channels.router import route
from ordercore.domain.fulfilment import Parcel

from .test_router import ROUTING, packages, shipped

VASE, CLOCK = "68828574383266", "68828574383267"


def test_each_package_carries_its_parcels_contents() -> None:
    event = attrs.evolve(
        shipped("order-2", ("JD0001", "JD0002"), {"line-1": 3, "line-2": 1}),
        parcels=(
            Parcel(900, contents={"line-1": 1, "line-2": 1}),
            Parcel(900, contents={"line-1": 2}),
        ),
    )
    assert [
        ("JD0001", [(VASE, 1), (CLOCK, 1)]),
        ("JD0002", [(VASE, 2)]),
    ] == packages(route([event], ROUTING))


def test_parcels_without_contents_share_the_units_no_parcel_claims() -> None:
    event = attrs.evolve(
        shipped("order-2", ("JD0001", "JD0002", "JD0003"), {"line-1": 3, "line-2": 2}),
        parcels=(Parcel(900), Parcel(900, contents={"line-2": 2}), Parcel(900)),
    )
    assert [
        ("JD0001", [(VASE, 2)]),
        ("JD0002", [(CLOCK, 2)]),
        ("JD0003", [(VASE, 1)]),
    ] == packages(route([event], ROUTING))


def test_units_are_dealt_evenly_when_parcels_and_tracking_numbers_do_not_pair() -> None:
    event = attrs.evolve(
        shipped("order-2", ("JD0001", "JD0002"), {"line-1": 3}),
        parcels=(Parcel(900, contents={"line-1": 3}),),
    )
    assert [
        ("JD0001", [(VASE, 2)]),
        ("JD0002", [(VASE, 1)]),
    ] == packages(route([event], ROUTING))


def test_a_parcel_that_nothing_is_left_for_is_not_confirmed() -> None:
    event = attrs.evolve(
        shipped("order-2", ("JD0001", "JD0002"), {"line-1": 2}),
        parcels=(Parcel(900, contents={"line-1": 2}), Parcel(900)),
    )
    assert [("JD0001", [(VASE, 2)])] == packages(route([event], ROUTING))
