from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ordercore.domain.fulfilment import SHIPMENT_LIFECYCLE, Shipment, ShipmentStatus
from ordercore.kernel.errors import OrdercoreError
from ordercore.testing.strategies_fulfilment import (
    ANCHOR,
    carriers,
    parcel_lists,
    shipment_lines,
    tracking_numbers,
)


class ShipmentMachine(RuleBasedStateMachine):
    """Random commands on one shipment; a model of picked units checked after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.shipment: Shipment | None = None
        self.model: dict[str, int] = {}
        self.asked: dict[str, int] = {}
        self.versions = 0

    @precondition(lambda self: self.shipment is None)
    @rule(lines=shipment_lines())
    def open(self, lines: dict[str, tuple[str, int]]) -> None:
        self.shipment = Shipment.open("SHP-1", "order-1", "WH-EAST", lines, ANCHOR)
        self.asked = {k: units for k, (_, units) in lines.items()}
        self.model = dict.fromkeys(lines, 0)
        self.versions = 1

    def attempt(self, command: str, *args: object) -> bool:
        assert self.shipment is not None
        before = (self.shipment.version, self.shipment.status, dict(self.shipment.lines))
        try:
            getattr(self.shipment, command)(*args)
        except OrdercoreError:
            after = (self.shipment.version, self.shipment.status, dict(self.shipment.lines))
            assert before == after
            return False
        self.versions += 1
        return True

    @precondition(lambda self: self.shipment is not None)
    @rule(line=st.sampled_from(["line-1", "line-2", "line-3", "line-9"]), units=st.integers(0, 4))
    def pick(self, line: str, units: int) -> None:
        assert self.shipment is not None
        allowed = SHIPMENT_LIFECYCLE.can(self.shipment.status, "pick")
        fits = line in self.asked and 1 <= units <= self.asked[line] - self.model[line]
        accepted = self.attempt("pick", line, units, ANCHOR)
        assert (allowed and fits) == accepted
        if accepted:
            self.model[line] += units

    @precondition(lambda self: self.shipment is not None)
    @rule(parcels=parcel_lists())
    def pack(self, parcels: list[object]) -> None:
        assert self.shipment is not None
        expected = any(self.model.values()) and self.shipment.status in (
            ShipmentStatus.PICKING,
            ShipmentStatus.PICKED,
        )
        assert expected == self.attempt("pack", parcels, ANCHOR)

    @precondition(lambda self: self.shipment is not None)
    @rule(carrier=carriers(), tracking=tracking_numbers())
    def ship(self, carrier: str, tracking: list[str]) -> None:
        assert self.shipment is not None
        expected = self.shipment.status is ShipmentStatus.PACKED
        assert expected == self.attempt("ship", carrier, tracking, ANCHOR)

    @precondition(lambda self: self.shipment is not None)
    @rule()
    def deliver(self) -> None:
        assert self.shipment is not None
        expected = self.shipment.status is ShipmentStatus.SHIPPED
        assert expected == self.attempt("deliver", ANCHOR)

    @precondition(lambda self: self.shipment is not None)
    @rule()
    def cancel(self) -> None:
        assert self.shipment is not None
        expected = self.shipment.is_open
        assert expected == self.attempt("cancel", "changed mind", ANCHOR)

    @invariant()
    def picked_units_follow_the_model(self) -> None:
        if self.shipment is None:
            return
        assert {k: v for k, v in self.model.items() if v} == self.shipment.picked()
        for line_id, line in self.shipment.lines.items():
            assert line.picked <= self.asked[line_id]

    @invariant()
    def version_counts_accepted_commands(self) -> None:
        if self.shipment is not None:
            assert self.versions == self.shipment.version

    @invariant()
    def packed_shipments_hold_something(self) -> None:
        if self.shipment is not None and self.shipment.status in (
            ShipmentStatus.PACKED,
            ShipmentStatus.SHIPPED,
            ShipmentStatus.DELIVERED,
        ):
            assert self.shipment.units > 0


TestShipmentMachine = ShipmentMachine.TestCase
