"""The floor rules of the Engine machine reach what they check: bins, boxes, labels."""

from __future__ import annotations

from ordercore.domain.fulfilment import ShipmentStatus
from ordercore.domain.warehouse import BinStock, gs1_check_digit
from ordercore.testing.stateful_engine import EngineMachine
from ordercore.testing.stateful_floor import BINS
from ordercore.testing.stateful_store import read_stored


def a_machine_with_a_picked_clock_and_vase() -> EngineMachine:
    machine = EngineMachine()
    machine.place_order([("RETRO-CLOCK", 2), ("BLUE-VASE", 1)], False, 1)  # noqa: FBT003
    machine.confirm(0)
    machine.allocate(0)
    machine.open_shipment(0, 0, 1, "WH-EAST", True)  # noqa: FBT003 - every line's shelf units
    return machine


def test_the_happy_path_boxes_packs_and_labels_a_shipment_with_valid_unique_ssccs() -> None:
    machine = a_machine_with_a_picked_clock_and_vase()
    machine.floor_progress(8, False)  # noqa: FBT003 - no short pick
    (shipment,) = machine.shipments()
    assert ShipmentStatus.PACKED == shipment.status
    issued = list(machine.issued_ssccs())
    assert 1 <= len(issued)
    assert len(set(issued)) == len(issued)
    assert all(gs1_check_digit(digits[:-1]) == int(digits[-1]) for digits in issued)
    machine.labels(0, True, False)  # noqa: FBT003 - new labels, then a keyed repeat of them
    assert issued == machine.issued_ssccs()[: len(issued)]
    assert len(issued) < len(machine.issued_ssccs())
    machine.everything_adds_up()


def test_the_bin_rules_keep_the_bins_of_wh_east_equal_to_its_shelf() -> None:
    machine = a_machine_with_a_picked_clock_and_vase()
    machine.move_between_bins("RETRO-CLOCK", None, BINS[1], 2)
    machine.receive_into_bin("BLUE-VASE", BINS[3], 2)
    machine.count_bin("BLUE-VASE", BINS[3], 1)
    machine.floor_progress(8, True)  # noqa: FBT003 - a short pick on the way
    found = read_stored(machine.store, "bin_stock", "WH-EAST/BLUE-VASE")
    assert isinstance(found, BinStock)
    assert 0 < found.version
    machine.everything_adds_up()
