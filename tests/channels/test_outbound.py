import pendulum
import pytest

from ordercore.channels import ExternalRef, ShipmentNotice, ShippedLine, Tracking
from ordercore.kernel.errors import NaiveDatetime, ValidationError

ORDER = ExternalRef("shopify", "retro-shop", "450789469")
UPS = Tracking(carrier="UPS", number="1Z2345")


def test_a_notice_keeps_its_lines_as_a_tuple() -> None:
    lines = [ShippedLine(external_line_id="466157049", quantity=2)]
    notice = ShipmentNotice(
        order_ref=ORDER, lines=lines, tracking=UPS, shipped_at=pendulum.datetime(2026, 1, 2)
    )
    assert (ShippedLine(external_line_id="466157049", quantity=2),) == notice.lines


@pytest.mark.parametrize("quantity", [0, -1])
def test_refuses_a_shipped_quantity_below_one(quantity: int) -> None:
    with pytest.raises(ValidationError):
        ShippedLine(external_line_id="466157049", quantity=quantity)


def test_refuses_a_tracking_number_that_is_blank() -> None:
    with pytest.raises(ValidationError):
        Tracking(carrier="UPS", number=" ")


def test_refuses_a_naive_ship_time() -> None:
    with pytest.raises(NaiveDatetime):
        ShipmentNotice(
            order_ref=ORDER,
            lines=[ShippedLine(external_line_id="1", quantity=1)],
            tracking=UPS,
            shipped_at=pendulum.naive(2026, 1, 2),
        )
