"""A stateful machine over one StockItem: every command, valid or not, with invariants each step."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import attrs
import pendulum
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ordercore.domain.inventory import (
    Allocation,
    HoldReplaced,
    IncomingStockCancelled,
    PositionKey,
    ReservationExpired,
    ReservationRefilled,
    ReservationRequest,
    ReservationResized,
    ReservationState,
    StockAdjusted,
    StockCounted,
    StockItem,
    StockReleased,
    StockReserved,
    StockScrapped,
    StockShipped,
    project,
)
from ordercore.domain.inventory.ledger import Movement
from ordercore.domain.inventory.signals import SignalSettings, availability_signals
from ordercore.errors import OrdercoreError
from ordercore.kernel.events import DomainEvent
from ordercore.testing.strategies_inventory import (
    ANCHOR,
    LOCATIONS,
    allocation_lists,
    lot_ids,
    quantities,
)
from tests.domain.inventory.helpers import snapshot

RIDS = st.sampled_from([f"R-{n}" for n in range(8)])
SUPPLIES = st.sampled_from(["PO-1", "PO-2"])
PLACES = st.sampled_from(LOCATIONS)


def nonzero(counters: dict[Any, int]) -> dict[Any, int]:
    return {key: value for key, value in counters.items() if value}


class StockMachine(RuleBasedStateMachine):
    """Drives a StockItem of RETRO-CLOCK with random commands; refusals must change nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.item = StockItem("RETRO-CLOCK")
        self.now = ANCHOR
        self.accepted = 0
        self.refused = 0
        self.told: dict[str, int] = {}  # each reservation's quantity, as the events tell it
        self.log: list[DomainEvent] = []  # every event pulled, as an outbox would keep them
        self.ledger: list[Movement] = []  # every movement pulled, as the ledger stream keeps them

    def attempt(self, command: Callable[[], object]) -> None:
        before = snapshot(self.item)
        version = self.item.version
        try:
            command()
        except OrdercoreError:
            self.refused += 1
            assert before == snapshot(self.item), "a rejected command changed something"
            return
        self.accepted += 1
        assert self.item.version in (version, version + 1)
        events = self.item.pull_events()
        assert all(event.version == self.item.version for event in events)
        assert (self.item.version == version) == (not events)
        self.log += events
        self.ledger += self.item.pull_movements()
        for event in events:
            self.hear(event)

    def hear(self, event: DomainEvent) -> None:
        """Follow each reservation's quantity from the events alone."""
        told = self.told
        if isinstance(event, StockReserved):
            told[event.reservation_id] = event.quantity
        elif isinstance(event, StockReleased | StockShipped | ReservationExpired):
            told[event.reservation_id] -= event.quantity
            if isinstance(event, ReservationExpired) or getattr(event, "all_units", False):
                del told[event.reservation_id]  # closed: it leaves the item
            elif isinstance(event, StockShipped) and not told[event.reservation_id]:
                del told[event.reservation_id]  # consumed: it leaves the item
        elif isinstance(event, ReservationResized | HoldReplaced):
            told[event.reservation_id] = event.quantity
        elif isinstance(event, ReservationRefilled):
            told[event.reservation_id] += event.quantity
        elif isinstance(
            event, StockAdjusted | StockCounted | StockScrapped | IncomingStockCancelled
        ):
            for loss in event.losses:
                told[loss.reservation_id] -= loss.quantity

    @rule(minutes=st.integers(0, 20))
    def time_passes(self, minutes: int) -> None:
        self.now = self.now.add(minutes=minutes)

    @rule(place=PLACES, lot=lot_ids(), units=quantities(1, 15))
    def receive(self, place: str, lot: str | None, units: int) -> None:
        self.attempt(lambda: self.item.receive(place, units, self.now, lot=lot))

    @rule(place=PLACES, lot=lot_ids(), delta=st.integers(-12, 6))
    def adjust(self, place: str, lot: str | None, delta: int) -> None:
        self.attempt(lambda: self.item.adjust(place, delta, "audit", self.now, lot=lot))

    @rule(place=PLACES, lot=lot_ids(), counted=st.integers(-1, 15))
    def count(self, place: str, lot: str | None, counted: int) -> None:
        self.attempt(lambda: self.item.count(place, counted, self.now, lot=lot))

    @rule(place=PLACES, lot=lot_ids(), units=quantities(0, 8))
    def scrap(self, place: str, lot: str | None, units: int) -> None:
        self.attempt(lambda: self.item.scrap(place, units, self.now, lot=lot))

    @rule(source=PLACES, destination=PLACES, lot=lot_ids(), units=quantities(1, 8))
    def transfer(self, source: str, destination: str, lot: str | None, units: int) -> None:
        self.attempt(lambda: self.item.transfer(source, destination, units, self.now, lot=lot))

    @rule(place=PLACES, lot=lot_ids(), units=quantities(1, 4))
    def return_to_stock(self, place: str, lot: str | None, units: int) -> None:
        self.attempt(lambda: self.item.return_to_stock(place, units, self.now, lot=lot))

    @rule(place=PLACES, units=st.integers(-1, 6))
    def set_safety_stock(self, place: str, units: int) -> None:
        self.attempt(lambda: self.item.set_safety_stock(place, units, self.now))

    @rule(supply=SUPPLIES, place=PLACES, lot=lot_ids(), units=quantities(1, 12))
    def add_incoming(self, supply: str, place: str, lot: str | None, units: int) -> None:
        arrival = self.now.date().add(days=3)
        self.attempt(
            lambda: self.item.add_incoming(supply, place, units, arrival, self.now, lot=lot)
        )

    @rule(supply=SUPPLIES, units=quantities(0, 8))
    def cancel_incoming(self, supply: str, units: int) -> None:
        self.attempt(lambda: self.item.cancel_incoming(supply, units, self.now, reason="short"))

    @rule(supply=SUPPLIES, units=quantities(0, 12))
    def receive_incoming(self, supply: str, units: int) -> None:
        self.attempt(lambda: self.item.receive_incoming(supply, units, self.now))

    def draw_allocations(self, data: st.DataObject) -> list[Allocation]:
        """Allocations mostly at places that have stock (sometimes asking a unit too many)."""
        places: list[tuple[str, str | None, str | None, int]] = [
            (p.key.location, p.key.lot, None, p.available) for p in self.item.positions()
        ]
        places += [
            (s.location, s.lot, s.id, self.item.incoming(s.id)[1] - self.item.incoming(s.id)[2])
            for s in self.item.supplies.lines.values()
        ]
        roomy = [place for place in places if place[3] > 0]
        if not roomy or data.draw(st.integers(0, 9)) == 0:
            return data.draw(allocation_lists())
        chosen = data.draw(
            st.lists(st.sampled_from(roomy), min_size=1, max_size=2, unique_by=lambda p: p[:3])
        )
        extra = int(data.draw(st.integers(0, 9)) == 0)  # sometimes ask one unit too many
        return [
            Allocation(location, data.draw(st.integers(1, room + extra)), lot, supply)
            for location, lot, supply, room in chosen
        ]

    def draw_rid(self, data: st.DataObject, *states: ReservationState) -> str:
        wanted = states or (
            ReservationState.HELD,
            ReservationState.ALLOCATED,
            ReservationState.PICKED,
        )
        active = sorted(r.id for r in self.item.reservations.values() if r.state in wanted)
        if active and data.draw(st.integers(0, 4)) > 0:
            chosen: str = data.draw(st.sampled_from(active))
            return chosen
        return data.draw(st.sampled_from([*sorted(self.item.reservations), "R-0", "R-NONE"]))

    @rule(
        data=st.data(),
        mode=st.sampled_from(["hard", "hard", "ttl", "expires_at"]),
        priority=st.integers(1, 9),
        ttl=st.integers(1, 30),
    )
    def reserve(self, data: st.DataObject, mode: str, priority: int, ttl: int) -> None:
        rid = data.draw(RIDS | st.sampled_from([f"R-{n}" for n in range(8, 40)]))
        allocations = self.draw_allocations(data)
        self.attempt(
            lambda: self.item.reserve(
                rid,
                order_ref=f"O-{rid}",
                line_ref="L-1",
                allocations=allocations,
                now=self.now,
                priority=priority,
                hard=mode == "hard",
                ttl=pendulum.duration(minutes=ttl) if mode == "ttl" else None,
                expires_at=self.now.add(minutes=ttl) if mode == "expires_at" else None,
            )
        )

    @rule(size=st.integers(1, 3), data=st.data())
    def reserve_many(self, size: int, data: st.DataObject) -> None:
        requests = [
            ReservationRequest(
                data.draw(st.sampled_from([f"B-{n}" for n in range(40)])),
                "O-BATCH",
                f"L-{n}",
                tuple(self.draw_allocations(data)),
                ttl=pendulum.duration(minutes=10),
            )
            for n in range(size)
        ]
        self.attempt(lambda: self.item.reserve_many(requests, self.now))

    @rule(data=st.data(), minutes=st.integers(-5, 30))
    def extend(self, data: st.DataObject, minutes: int) -> None:
        rid = self.draw_rid(data, ReservationState.HELD)
        self.attempt(lambda: self.item.extend(rid, self.now.add(minutes=minutes), self.now))

    @rule(data=st.data())
    def confirm(self, data: st.DataObject) -> None:
        rid = self.draw_rid(data, ReservationState.HELD)
        self.attempt(lambda: self.item.confirm(rid, self.now))

    @rule(data=st.data(), units=st.integers(0, 14))
    def resize(self, data: st.DataObject, units: int) -> None:
        rid = self.draw_rid(data)
        self.attempt(lambda: self.item.resize(rid, units, self.now))

    @rule(data=st.data(), units=st.integers(0, 8))
    def release(self, data: st.DataObject, units: int) -> None:
        rid = self.draw_rid(data)
        self.attempt(lambda: self.item.release(rid, units, self.now))

    @rule(data=st.data())
    def release_all(self, data: st.DataObject) -> None:
        rid = self.draw_rid(data)
        self.attempt(lambda: self.item.release_all(rid, self.now))

    @rule(data=st.data(), missing=st.integers(0, 3))
    def pick(self, data: st.DataObject, missing: int) -> None:
        rid = self.draw_rid(data, ReservationState.ALLOCATED, ReservationState.PICKED)
        found = self.item.reservations.get(rid)
        keys = [a.key for a in found.allocations] if found is not None else []
        key = data.draw(st.sampled_from(keys)) if keys else PositionKey("WH-EAST")
        most = found.quantity - found.picked if found is not None else 0
        units = data.draw(st.integers(0, most + 1))
        missing = data.draw(st.sampled_from([0, 0, 0, missing]))
        self.attempt(
            lambda: self.item.pick(
                rid, units, self.now, location=key.location, lot=key.lot, missing=missing
            )
        )

    @rule(data=st.data())
    def ship(self, data: st.DataObject) -> None:
        rid = self.draw_rid(data, ReservationState.PICKED)
        found = self.item.reservations.get(rid)
        units = data.draw(st.integers(0, (found.picked if found is not None else 0) + 1))
        self.attempt(lambda: self.item.ship(rid, units, self.now))

    def draw_place(self, data: st.DataObject, rid: str) -> PositionKey | None:
        """A place the reservation holds (mostly one it picked at), another place, or none."""
        found = self.item.reservations.get(rid)
        held = [a for a in found.allocations if a.supply is None] if found is not None else []
        picked = [a.key for a in held if a.picked] or [a.key for a in held]
        others = [PositionKey(place, lot) for place in LOCATIONS for lot in (None, "LOT-A")]
        choice = data.draw(st.integers(0, 9))
        if choice == 0:
            return None
        if choice == 1 or not picked:
            key: PositionKey = data.draw(st.sampled_from(others))
            return key
        chosen: PositionKey = data.draw(st.sampled_from(picked))
        return chosen

    @rule(data=st.data())
    def ship_at(self, data: st.DataObject) -> None:
        """Ship from a named place (mostly one the reservation picked at)."""
        rid = self.draw_rid(data, ReservationState.PICKED)
        key = self.draw_place(data, rid)
        found = self.item.reservations.get(rid)
        units = data.draw(st.integers(0, (found.picked if found is not None else 0) + 1))
        self.attempt(
            lambda: self.item.ship(
                rid,
                units,
                self.now,
                location=None if key is None else key.location,
                lot=None if key is None else key.lot,
            )
        )

    @rule(data=st.data())
    def unpick(self, data: st.DataObject) -> None:
        """Put picked units back, at a named place or the least preferred places first."""
        rid = self.draw_rid(data, ReservationState.PICKED)
        key = self.draw_place(data, rid)
        found = self.item.reservations.get(rid)
        units = data.draw(st.integers(0, (found.picked if found is not None else 0) + 1))
        self.attempt(
            lambda: self.item.unpick(
                rid,
                units,
                self.now,
                location=None if key is None else key.location,
                lot=None if key is None else key.lot,
            )
        )

    @rule(data=st.data())
    def fulfil(self, data: st.DataObject) -> None:
        """Confirm, pick everything on hand and ship it: the happy path, as one rule."""
        rid = self.draw_rid(data)
        found = self.item.reservations.get(rid)
        if found is None:
            return
        if found.state is ReservationState.HELD:
            self.attempt(lambda: self.item.confirm(rid, self.now))
        for allocation in list(found.allocations):
            if allocation.supply is None and allocation.quantity > allocation.picked:
                self.attempt(partial(self.pick_all, rid, allocation))
        if found.picked:
            self.attempt(lambda: self.item.ship(rid, found.picked, self.now))

    def pick_all(self, rid: str, allocation: Allocation) -> None:
        units = allocation.quantity - allocation.picked
        self.item.pick(rid, units, self.now, location=allocation.location, lot=allocation.lot)

    @rule(
        checkout=st.sampled_from(["cart-1", "cart-2"]),
        units=st.integers(0, 12),
        ttl=st.sampled_from([None, 5, 15]),
        place=st.none() | PLACES,
    )
    def hold_for_checkout(
        self, checkout: str, units: int, ttl: int | None, place: str | None
    ) -> None:
        """A checkout asks again and again: its one hold never holds more than it last asked."""
        held_before = self.item.checkout_hold(checkout)
        before = None if held_before is None else held_before.quantity
        life = None if ttl is None else pendulum.duration(minutes=ttl)
        refused = self.refused
        self.attempt(
            lambda: self.item.hold_for_checkout(
                checkout, units, now=self.now, ttl=life, location=place
            )
        )
        hold = self.item.checkout_hold(checkout)
        if self.refused == refused:
            assert hold is not None
            assert units == hold.quantity
        elif hold is not None:
            assert before == hold.quantity

    @rule(place=PLACES, lot=lot_ids(), counted=st.integers(0, 10), signal=st.booleans())
    def count_and_re_serve(self, place: str, lot: str | None, counted: int, signal: bool) -> None:
        """A count that re-serves what it takes; sometimes its availability signals too."""

        def command() -> None:
            self.item.count(place, counted, self.now, lot=lot, reserve_elsewhere=True)
            if signal:
                self.item.signal(availability_signals(self.item, SignalSettings(2), self.now))

        self.attempt(command)

    @rule()
    def tick(self) -> None:
        self.attempt(lambda: self.item.tick(self.now))

    @invariant()
    def on_hand_is_never_negative_and_reserved_stays_within_it(self) -> None:
        counters, supplies = self.item.counters, self.item.supplies
        for key, on_hand in counters.on_hand.items():
            reserved = counters.reserved.get(key, 0)
            assert 0 <= reserved <= on_hand, key
            assert 0 <= counters.picked.get(key, 0) <= reserved, key
        for supply, expected in supplies.expected.items():
            assert 0 <= supplies.promised.get(supply, 0) <= expected, supply

    @invariant()
    def reservations_add_up_to_reserved_per_position(self) -> None:
        held: dict[Any, int] = {}
        for reservation in self.item.reservations.values():
            if reservation.is_active:
                for allocation in reservation.allocations:
                    place = allocation.supply or allocation.key
                    held[place] = held.get(place, 0) + allocation.quantity
        counters, supplies = self.item.counters, self.item.supplies
        assert nonzero(held) == {**nonzero(counters.reserved), **nonzero(supplies.promised)}

    @invariant()
    def replaying_the_ledger_rebuilds_every_counter_exactly(self) -> None:
        replay = project(self.ledger)
        live = {
            **attrs.asdict(self.item.counters, recurse=False),
            "expected": self.item.supplies.expected,
            "promised": self.item.supplies.promised,
        }
        for name in ("on_hand", "reserved", "picked", "expected", "promised"):
            assert nonzero(getattr(replay, name)) == nonzero(live[name]), name
        assert self.item.verify(self.ledger).ok

    @invariant()
    def replaying_the_events_rebuilds_the_item_exactly(self) -> None:
        if self.log:
            assert self.item == StockItem.replay(self.log)

    @invariant()
    def only_open_reservations_and_supplies_stay_in_the_item(self) -> None:
        assert all(r.is_active for r in self.item.reservations.values())
        assert all(self.item.supplies.expected[s] for s in self.item.supplies.lines)

    @invariant()
    def the_events_alone_tell_every_reservation_quantity(self) -> None:
        actual = {rid: r.quantity for rid, r in self.item.reservations.items()}
        assert self.told == actual

    @invariant()
    def an_allocated_reservation_has_nothing_picked(self) -> None:
        for reservation in self.item.reservations.values():
            if reservation.state is ReservationState.ALLOCATED:
                assert 0 == reservation.picked, reservation.id

    @invariant()
    def availability_is_never_negative(self) -> None:
        assert self.item.available() >= 0
        assert all(row.available >= 0 for row in self.item.supply_rows())


TestStockMachine = StockMachine.TestCase
