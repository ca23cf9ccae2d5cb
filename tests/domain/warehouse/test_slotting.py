import pytest

from ordercore.domain.warehouse import Bin, Slotting
from ordercore.kernel.errors import ValidationError, WrongType

MUGS = Bin("WH", "A", 1, 3)


def test_a_slotted_sku_is_picked_from_its_bin() -> None:
    assert MUGS == Slotting({("WH", "MUG"): MUGS}).bin_for("WH", "MUG")


def test_a_lot_kept_apart_has_its_own_bin() -> None:
    apart = Bin("WH", "B", 4, 1)
    slots = Slotting({("WH", "MUG"): MUGS, ("WH", "MUG", "L-7"): apart})
    assert (apart, MUGS) == (slots.bin_for("WH", "MUG", "L-7"), slots.bin_for("WH", "MUG", "L-8"))


def test_an_unslotted_sku_is_picked_from_the_receiving_bin() -> None:
    assert Bin("WH", "RECEIVING", 1, 1) == Slotting().bin_for("WH", "VASE")


def test_refuses_a_bin_of_another_location() -> None:
    with pytest.raises(ValidationError):
        Slotting({("WH", "MUG"): Bin("OTHER", "A", 1, 1)})


def test_refuses_a_slot_that_is_not_a_bin() -> None:
    with pytest.raises(WrongType):
        Slotting({("WH", "MUG"): "A-01"})
