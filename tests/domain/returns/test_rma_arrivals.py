"""The RMA keeps where each received unit arrived, and inspects units in the order they came."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.returns import (
    Arrival,
    Condition,
    Grade,
    InspectedUnits,
    ReceivedUnits,
    ReturnAuthorization,
    ReturnUnitsReceived,
)
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.events import DomainEvent
from ordercore.ports.codec import Codec
from tests.domain.returns.support import SCRAP, SOON, requested

LATER = SOON.add(days=5)


def authorized(units: int = 3) -> ReturnAuthorization:
    rma = requested(units)
    rma.authorize(SOON)
    return rma


def test_a_receipt_keeps_the_location_the_units_arrived_at() -> None:
    rma = authorized(3)
    rma.receive("line-1", 2, Condition.SEALED, "WH-WEST", LATER, lot="LOT-A")
    assert (ReceivedUnits(2, Condition.SEALED, "LOT-A", "WH-WEST"),) == rma.line("line-1").receipts


def test_units_are_inspected_in_the_order_they_arrived_each_from_where_it_arrived() -> None:
    rma = authorized(3)
    rma.receive("line-1", 1, Condition.SEALED, "WH-EAST", LATER)
    rma.receive("line-1", 2, Condition.OPENED, "WH-WEST", LATER, lot="LOT-B")
    assert (Arrival(1, "WH-EAST", None), Arrival(1, "WH-WEST", "LOT-B")) == rma.line(
        "line-1"
    ).arrivals(2)
    rma.inspect("line-1", 1, Grade.DAMAGED, SCRAP, LATER)
    assert (Arrival(2, "WH-WEST", "LOT-B"),) == rma.line("line-1").arrivals(5)


def test_two_receipts_at_one_place_and_lot_are_one_arrival() -> None:
    rma = authorized(3)
    rma.receive("line-1", 1, Condition.SEALED, "QC-BAY", LATER)
    rma.receive("line-1", 2, Condition.DAMAGED, "QC-BAY", LATER)
    assert (Arrival(3, "QC-BAY", None),) == rma.line("line-1").arrivals(3)


def test_replaying_a_return_rebuilds_where_its_units_arrived() -> None:
    rma = authorized(3)
    rma.receive("line-1", 1, Condition.SEALED, "WH-EAST", LATER)
    rma.receive("line-1", 2, Condition.OPENED, "WH-WEST", LATER)
    assert rma == ReturnAuthorization.replay(rma.pull_events())


def test_a_return_and_its_receipt_events_round_trip_through_the_codec_with_their_location() -> None:
    codec = Codec()
    rma = authorized(2)
    rma.receive("line-1", 2, Condition.SEALED, "WH-WEST", LATER, lot="LOT-A")
    events = rma.pull_events()
    assert rma == codec.loads(ReturnAuthorization, codec.dumps(rma))
    assert events == [codec.loads(DomainEvent, codec.dumps(event)) for event in events]


def test_a_receipt_stored_before_locations_were_kept_takes_the_events_location() -> None:
    rma = authorized(2)
    rma.receive("line-1", 2, Condition.SEALED, "WH-WEST", LATER)
    events = rma.pull_events()
    old = [
        attrs.evolve(e, received=attrs.evolve(e.received, location=None))
        if isinstance(e, ReturnUnitsReceived)
        else e
        for e in events
    ]
    assert "WH-WEST" == ReturnAuthorization.replay(old).line("line-1").receipts[0].location


def test_a_receipt_event_that_disagrees_on_its_location_is_refused() -> None:
    rma = authorized(2)
    rma.receive("line-1", 2, Condition.SEALED, "WH-WEST", LATER)
    events = rma.pull_events()
    bad = [
        attrs.evolve(e, location="WH-EAST") if isinstance(e, ReturnUnitsReceived) else e
        for e in events
    ]
    with pytest.raises(ValidationError, match=r"received\.location"):
        ReturnAuthorization.replay(bad)


@settings(deadline=None, max_examples=40)
@given(
    receipts=st.lists(
        st.tuples(st.integers(1, 3), st.sampled_from(["WH-EAST", "WH-WEST", "QC-BAY"])),
        min_size=1,
        max_size=4,
    ),
    inspections=st.lists(st.integers(1, 4), min_size=1, max_size=6),
)
def test_the_arrivals_of_every_inspection_add_up_to_what_arrived_at_each_place(
    receipts: list[tuple[int, str]], inspections: list[int]
) -> None:
    total = sum(units for units, _ in receipts)
    rma = requested(1)
    rma.lines["line-1"] = attrs.evolve(
        rma.line("line-1"),
        units=total,
        receipts=tuple(ReceivedUnits(n, Condition.OPENED, None, where) for n, where in receipts),
    )
    seen: dict[str, int] = {}
    done = 0
    for units in [*inspections, total]:
        line = rma.line("line-1")
        take = min(units, line.uninspected)
        if not take:
            break
        arrivals = line.arrivals(take)
        assert take == sum(a.units for a in arrivals)
        for arrival in arrivals:
            assert arrival.location is not None
            seen[arrival.location] = seen.get(arrival.location, 0) + arrival.units
        done += take
        rma.lines["line-1"] = attrs.evolve(
            line, inspections=(*line.inspections, InspectedUnits(take, Grade.DAMAGED, SCRAP))
        )
    arrived: dict[str, int] = {}
    for units, where in receipts:
        arrived[where] = arrived.get(where, 0) + units
    assert (total, arrived) == (done, seen)
