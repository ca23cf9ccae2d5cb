from ordercore.domain.inventory import (
    DuplicateReservation,
    HoldExpired,
    InsufficientStock,
    NegativeStock,
    OverRelease,
    OverShipment,
)
from ordercore.errors import OrdercoreError
from tests.domain.inventory.helpers import T


def test_every_inventory_error_is_an_ordercore_error_and_a_value_error() -> None:
    errors = [
        InsufficientStock("RETRO-CLOCK", "WH-EAST", 3, 2),
        NegativeStock("RETRO-CLOCK", "WH-EAST", 1, -2, "on hand cannot go below 0"),
        OverRelease("R-1", 3, 2),
        OverShipment("R-1", 3, 2, "shipping more than is allocated"),
        DuplicateReservation("RETRO-CLOCK", "R-1"),
        HoldExpired("R-1", T, T),
    ]
    assert [True] * 6 == [
        isinstance(error, OrdercoreError) and isinstance(error, ValueError) for error in errors
    ]


def test_insufficient_stock_names_the_field_the_value_and_the_rule() -> None:
    error = InsufficientStock("RETRO-CLOCK", "WH-EAST/LOT-A", 6, 5)
    assert (
        (
            "quantity=6 of RETRO-CLOCK at WH-EAST/LOT-A was refused: only 5 available "
            "(on hand - reserved - safety stock; demand is summed over the request)"
        ),
        {"sku": "RETRO-CLOCK", "where": "WH-EAST/LOT-A", "requested": 6, "available": 5},
    ) == (str(error), dict(error.fields))


def test_an_over_release_points_to_release_all() -> None:
    assert "use release_all" in str(OverRelease("R-1", 3, 2))
