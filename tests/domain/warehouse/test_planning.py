import pendulum
import pytest

from ordercore.domain.warehouse.bins import Bin
from ordercore.domain.warehouse.lifecycle import PickListStatus
from ordercore.domain.warehouse.picklist import PickList
from ordercore.domain.warehouse.planning import (
    Dispatch,
    batch,
    method_by_volume,
    release_due,
    single_orders,
    waves,
    zones,
)
from ordercore.domain.warehouse.values import AllocatedLine, PickMethod
from ordercore.kernel.errors import ValidationError
from ordercore.kernel.ids import SequentialIds

NOW = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
NOON = NOW.add(hours=3)
EVENING = NOW.add(hours=8)
A = Bin("WH", "A", 1, 1)
B = Bin("WH", "B", 1, 1)

LINES = [
    AllocatedLine("SHP-1", "l1", "MUG", 1, A),
    AllocatedLine("SHP-2", "l1", "MUG", 2, A),
    AllocatedLine("SHP-2", "l2", "VASE", 1, B),
    AllocatedLine("SHP-3", "l1", "VASE", 3, B),
]


def units(pick_lists: list[PickList]) -> int:
    return sum(line.units for p in pick_lists for line in p.walk())


def test_single_order_makes_one_list_per_shipment() -> None:
    lists = single_orders(LINES, SequentialIds(), NOW)
    assert ["SHP-1", "SHP-2", "SHP-3"] == [p.group for p in lists]
    assert {PickMethod.SINGLE} == {p.method for p in lists}
    assert 7 == units(lists)


def test_batch_makes_one_list_with_each_bin_once() -> None:
    pick_list = batch(LINES, SequentialIds(), NOW)
    assert [(A, "MUG", 3), (B, "VASE", 4)] == [(x.bin, x.sku, x.units) for x in pick_list.walk()]
    assert "pick-list-1" == pick_list.id


def test_zone_makes_one_list_per_zone() -> None:
    lists = zones(LINES, SequentialIds(), NOW)
    assert [("A", 3), ("B", 4)] == [(p.group, p.walk()[0].units) for p in lists]


def test_waves_group_shipments_by_cut_off_and_carrier_and_release_at_the_cut_off() -> None:
    dispatch = {
        "SHP-1": Dispatch(NOON, "DHL"),
        "SHP-2": Dispatch(EVENING, "DHL"),
        "SHP-3": Dispatch(NOON, "DHL"),
    }
    lists = waves(LINES, dispatch, SequentialIds(), NOW, lead=pendulum.duration(minutes=30))
    assert [NOON.subtract(minutes=30), EVENING.subtract(minutes=30)] == [
        p.release_at for p in lists
    ]
    assert [[("SHP-1", "l1")], [("SHP-3", "l1")]] == [
        [d.key for d in line.demands] for line in lists[0].walk()
    ]
    assert [] == release_due(lists, NOW)
    assert ["pick-list-1"] == release_due(lists, NOON)
    assert [PickListStatus.RELEASED, PickListStatus.OPEN] == [p.status for p in lists]
    assert ["pick-list-2"] == release_due(lists, EVENING)


def test_a_wave_refuses_a_shipment_without_dispatch() -> None:
    with pytest.raises(ValidationError) as refused:
        waves(LINES, {"SHP-1": Dispatch(NOON, "DHL")}, SequentialIds(), NOW)
    assert "SHP-2" == refused.value.value


def test_planning_refuses_no_lines() -> None:
    with pytest.raises(ValidationError):
        batch([], SequentialIds(), NOW)


def test_the_method_follows_the_volume_unless_the_host_chooses() -> None:
    assert [PickMethod.SINGLE, PickMethod.BATCH, PickMethod.BATCH, PickMethod.WAVE] == [
        method_by_volume(n) for n in (1, 2, 49, 50)
    ]
    assert PickMethod.WAVE == method_by_volume(5, batch_from=2, wave_from=5)
    with pytest.raises(ValidationError):
        method_by_volume(5, batch_from=10, wave_from=5)
