from ordercore.domain.fulfilment import SHIPMENT_LIFECYCLE, ShipmentStatus


def test_names_the_lifecycle_shipment() -> None:
    assert "shipment" == SHIPMENT_LIFECYCLE.name


def test_cancels_only_before_the_shipment_leaves() -> None:
    expected = {
        ShipmentStatus.OPEN,
        ShipmentStatus.PICKING,
        ShipmentStatus.PICKED,
        ShipmentStatus.PACKED,
    }
    actual = {s for s in ShipmentStatus if SHIPMENT_LIFECYCLE.can(s, "cancel")}
    assert expected == actual


def test_ends_in_delivered_cancelled_or_returned_to_sender() -> None:
    expected = frozenset(
        {ShipmentStatus.DELIVERED, ShipmentStatus.CANCELLED, ShipmentStatus.RETURNED_TO_SENDER}
    )
    assert expected == SHIPMENT_LIFECYCLE.terminal


def test_draws_the_guard_of_pack_in_the_diagram() -> None:
    assert "picking --> packed: pack [has_picked_units]" in SHIPMENT_LIFECYCLE.to_mermaid()


def test_the_guide_draws_the_table_as_it_is() -> None:
    from pathlib import Path  # noqa: PLC0415

    guide = Path(__file__).resolve().parents[3] / "docs" / "fulfilment.md"
    drawn = guide.read_text(encoding="utf-8").split("```mermaid\n")[1].split("```")[0]
    expected = set(SHIPMENT_LIFECYCLE.to_mermaid().splitlines())
    assert expected == set(drawn.splitlines())
