import copy

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.fulfilment.shipment import Shipment
from ordercore.domain.fulfilment.values import Parcel
from ordercore.domain.warehouse.packing import (
    OverPack,
    PackageClosed,
    PackageOpened,
    Packing,
    PackingStarted,
    PackLine,
    UnderPack,
    UnitScanned,
    WrongItem,
    packing_for,
)
from ordercore.kernel.errors import OrdercoreError, ValidationError
from ordercore.ports.codec import Codec

NOW = pendulum.datetime(2026, 11, 26, 9, tz="UTC")
BARCODES = {"4006381333931": "TSHIRT-BLUE", "4006381333948": "TSHIRT-RED"}


def a_picked_shipment() -> Shipment:
    shipment = Shipment.open(  # io-ok: the domain command, not builtins.open
        "SHP-1", "order-1", "WH", {"l1": ("TSHIRT-BLUE", 2), "l2": ("MUG", 1)}, NOW
    )
    shipment.pick("l1", 2, NOW, lot="L7")
    shipment.pick("l2", 1, NOW)
    return shipment


def a_packing() -> Packing:
    packing = packing_for(a_picked_shipment(), NOW)
    packing.open_package("P1", NOW, planned={"l1": 2})
    packing.pull_events()
    return packing


def test_scanning_a_red_t_shirt_into_a_package_for_a_blue_one_is_refused_by_name() -> None:
    packing = a_packing()
    with pytest.raises(WrongItem) as refused:
        packing.scan("P1", "TSHIRT-RED", NOW, lot="L7")
    assert "TSHIRT-RED" in str(refused.value)
    assert "TSHIRT-BLUE" in str(refused.value)
    assert ("TSHIRT-BLUE",) == refused.value.expected


def test_a_barcode_is_mapped_to_its_sku_before_the_check() -> None:
    packing = a_packing()
    assert "l1" == packing.scan("P1", "4006381333931", NOW, lot="L7", resolve=BARCODES.get)
    with pytest.raises(WrongItem) as refused:
        packing.scan("P1", "4006381333948", NOW, lot="L7", resolve=BARCODES.get)
    assert "4006381333948" == refused.value.code
    assert "TSHIRT-RED lot L7" == refused.value.item


def test_an_item_the_shipment_holds_but_the_package_plan_does_not_is_refused() -> None:
    packing = a_packing()
    with pytest.raises(WrongItem) as refused:
        packing.scan("P1", "MUG", NOW)
    assert "the plan of package 'P1'" == refused.value.where


def test_a_lot_the_shipment_did_not_pick_is_refused() -> None:
    packing = a_packing()
    with pytest.raises(WrongItem):
        packing.scan("P1", "TSHIRT-BLUE", NOW, lot="L8")


def test_an_over_pack_names_the_item_the_expected_and_the_scanned_counts() -> None:
    packing = a_packing()
    packing.scan("P1", "TSHIRT-BLUE", NOW, lot="L7")
    packing.scan("P1", "TSHIRT-BLUE", NOW, lot="L7")
    with pytest.raises(OverPack) as refused:
        packing.scan("P1", "TSHIRT-BLUE", NOW, lot="L7")
    assert ("TSHIRT-BLUE lot L7", "l1", 2, 2) == (
        refused.value.item,
        refused.value.line_id,
        refused.value.expected,
        refused.value.scanned,
    )


def test_an_unplanned_package_takes_no_more_than_was_picked() -> None:
    packing = packing_for(a_picked_shipment(), NOW)
    packing.open_package("P1", NOW)
    packing.scan("P1", "MUG", NOW)
    with pytest.raises(OverPack) as refused:
        packing.scan("P1", "MUG", NOW)
    assert (1, 1) == (refused.value.expected, refused.value.scanned)


def test_a_package_closes_only_when_it_matches_its_plan() -> None:
    packing = a_packing()
    packing.scan("P1", "TSHIRT-BLUE", NOW, lot="L7")
    with pytest.raises(UnderPack) as refused:
        packing.close_package("P1", NOW)
    assert ("TSHIRT-BLUE", 2, 1) == (
        refused.value.item,
        refused.value.expected,
        refused.value.scanned,
    )
    packing.scan("P1", "TSHIRT-BLUE", NOW, lot="L7")
    assert {"l1": 2} == packing.close_package("P1", NOW)


def test_a_closed_package_becomes_a_parcel_that_knows_its_contents() -> None:
    packing = a_packing()
    packing.scan("P1", "TSHIRT-BLUE", NOW, lot="L7")
    packing.scan("P1", "TSHIRT-BLUE", NOW, lot="L7")
    packing.close_package("P1", NOW)
    assert Parcel(400, label="BOX-1", contents={"l1": 2}) == packing.parcel(
        "P1", 400, label="BOX-1"
    )


def test_the_shipment_is_complete_only_when_every_picked_unit_is_in_a_closed_package() -> None:
    packing = a_packing()
    packing.scan("P1", "TSHIRT-BLUE", NOW, lot="L7")
    packing.scan("P1", "TSHIRT-BLUE", NOW, lot="L7")
    packing.close_package("P1", NOW)
    with pytest.raises(UnderPack) as refused:
        packing.check_complete()
    assert ("MUG", 1, 0) == (refused.value.item, refused.value.expected, refused.value.scanned)
    packing.open_package("P2", NOW)
    packing.scan("P2", "MUG", NOW)
    packing.close_package("P2", NOW)
    packing.check_complete()
    assert {} == packing.unpacked()


def test_a_serial_tracked_unit_needs_its_serial_once() -> None:
    packing = packing_for(a_picked_shipment(), NOW, serial_tracked=["MUG"])
    packing.open_package("P1", NOW)
    with pytest.raises(ValidationError):
        packing.scan("P1", "MUG", NOW)
    packing.scan("P1", "MUG", NOW, serial="SN-1")
    assert ("SN-1",) == packing.packages["P1"].serials


def test_each_change_records_one_event_and_replay_rebuilds_the_packing() -> None:
    packing = packing_for(a_picked_shipment(), NOW)
    packing.open_package("P1", NOW, planned={"l2": 1})
    packing.scan("P1", "MUG", NOW)
    packing.close_package("P1", NOW)
    events = packing.pull_events()
    assert [PackingStarted, PackageOpened, UnitScanned, PackageClosed] == [type(e) for e in events]
    assert [1, 2, 3, 4] == [e.version for e in events]
    assert packing == Packing.replay(events)


def test_a_package_plan_of_more_than_was_picked_is_refused() -> None:
    packing = packing_for(a_picked_shipment(), NOW)
    with pytest.raises(OverPack):
        packing.open_package("P1", NOW, planned={"l2": 2})
    assert {} == packing.packages


def test_packing_without_lines_is_refused() -> None:
    with pytest.raises(ValidationError):
        Packing.start("SHP-1", [], NOW)


SCANS = st.lists(
    st.tuples(
        st.sampled_from(["P1", "P2", "P3"]),
        st.sampled_from(["TSHIRT-BLUE", "TSHIRT-RED", "MUG", "4006381333931"]),
        st.sampled_from([None, "L7", "L8"]),
    ),
    max_size=12,
)


@settings(deadline=None)
@given(scans=SCANS, close=st.lists(st.sampled_from(["P1", "P2", "P3"]), max_size=4))
def test_a_refused_scan_changes_nothing_and_nothing_packs_more_than_was_picked(
    scans: list[tuple[str, str, str | None]], close: list[str]
) -> None:
    packing = packing_for(a_picked_shipment(), NOW)
    packing.open_package("P1", NOW, planned={"l1": 1})
    packing.open_package("P2", NOW)
    packing.pull_events()
    for package_id, code, lot in scans:
        before = copy.deepcopy(packing)
        try:
            packing.scan(package_id, code, NOW, lot=lot, resolve=BARCODES.get)
        except OrdercoreError:
            assert before == packing
            assert [] == packing.events
        else:
            packing.pull_events()
        if close:
            before = copy.deepcopy(packing)
            try:
                packing.close_package(close.pop(), NOW)
            except OrdercoreError:
                assert before == packing
            packing.pull_events()
    picked = {"l1": 2, "l2": 1}
    for line_id, units in packing.packed().items():
        assert units <= picked[line_id]
    assert PackLine("l2", "MUG", {None: 1}) == packing.lines["l2"]


def test_a_parcel_with_contents_survives_the_codec() -> None:
    codec = Codec()
    parcel = Parcel(400, label="BOX-1", contents={"l1": 2})
    assert parcel == codec.loads(Parcel, codec.dumps(parcel))


def test_a_parcel_refuses_contents_of_no_units() -> None:
    with pytest.raises(ValidationError):
        Parcel(400, contents={"l1": 0})
