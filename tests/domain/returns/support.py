"""Builders shared by the returns tests: an order's facts, a window, a return in any state."""

import pendulum

from ordercore.domain.returns import (
    Condition,
    Disposition,
    DispositionKind,
    Grade,
    ReturnableLine,
    ReturnAuthorization,
    ReturnReason,
    ReturnRequestLine,
    ReturnWindow,
)
from ordercore.kernel.money import Money

DELIVERED = pendulum.datetime(2026, 11, 2, 15, tz="UTC")
SOON = DELIVERED.add(days=3)
WINDOW = ReturnWindow(30)
RESTOCK = Disposition(DispositionKind.RESTOCK, "WH-EAST", "LOT-A")
SCRAP = Disposition(DispositionKind.SCRAP)


def usd(amount: str) -> Money:
    """USD ``amount``."""
    return Money.of(amount, "USD")


def order_lines(shipped: int = 3, returned: int = 0) -> list[ReturnableLine]:
    """Two delivered lines: RETRO-CLOCK (``shipped``/``returned``) and 2 LAVA-LAMPs."""
    return [
        ReturnableLine("line-1", "RETRO-CLOCK", shipped, returned, DELIVERED),
        ReturnableLine("line-2", "LAVA-LAMP", 2, 0, DELIVERED),
    ]


def requested(units: int = 2, *, lamps: int = 0) -> ReturnAuthorization:
    """A return of ``units`` clocks (and ``lamps``) requested three days after delivery."""
    lines = [ReturnRequestLine("line-1", units, ReturnReason.SIZE_OR_FIT, "too loud")]
    if lamps:
        lines.append(ReturnRequestLine("line-2", lamps, ReturnReason.DAMAGED))
    return ReturnAuthorization.request(
        "RMA-1", "order-1", "shopify", lines, order_lines(), WINDOW, SOON
    )


def received(units: int = 2) -> ReturnAuthorization:
    """A return of ``units`` clocks, authorized, sent back and all received sealed."""
    rma = requested(units)
    rma.authorize(SOON)
    rma.ship_back("DHL", SOON.add(days=1), tracking=["JD0001"])
    rma.receive("line-1", units, Condition.SEALED, "WH-EAST", SOON.add(days=5), lot="LOT-A")
    return rma


def inspected(units: int = 2) -> ReturnAuthorization:
    """A return of ``units`` clocks received and inspected as new, restocked."""
    rma = received(units)
    rma.inspect("line-1", units, Grade.AS_NEW, RESTOCK, SOON.add(days=6))
    return rma
