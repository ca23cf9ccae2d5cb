"""The floor of the Engine benchmark: the same workflow with plain dicts, counters and a list.

Per order it does every step the Engine does, as plainly as Python allows: draft and lines, place
(an invoice for the total), authorise, capture (the invoice is paid), confirm, allocate (check
and reserve each line's units), open a shipment, pick each line, pack, ship (stock leaves the
shelf), deliver (the order completes); every 10th order a return of one unit of its first line
is requested, received (back on the shelf, credited) and refunded. Each state change appends one
tuple to an event list, as the Engine emits one domain event. It keeps no history beyond that
list, checks only what it must to stay correct (enough stock, the right state), and times each
order as the benchmark times ordercore's.

``run_floor(..., relay=N)`` is the floor beside ``engine.py --relay N``: every ``N`` orders it
hands each event of its list to a no-op ``send`` and clears the list, as the host's relay
delivers and prunes the store's outbox (the default floor keeps every event).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from engine_workload import LOCATION, STOCK_PER_SKU, Shop, Tally, timed_orders


class Floor:
    """The floor's whole state: plain dicts of dicts, two counters per SKU, one event list."""

    def __init__(self, shop: Shop) -> None:
        self.on_hand: dict[str, int] = dict.fromkeys(shop.skus, STOCK_PER_SKU)
        self.reserved: dict[str, int] = dict.fromkeys(shop.skus, 0)
        self.orders: dict[str, dict[str, Any]] = {}
        self.invoices: dict[str, dict[str, int]] = {}
        self.payments: dict[str, dict[str, int]] = {}
        self.shipments: dict[str, dict[str, Any]] = {}
        self.events: list[tuple[Any, ...]] = []
        self.numbers = 0


def _order(floor: Floor, n: int, order_id: str, lines: Any, returns: bool) -> None:  # noqa: PLR0915
    event = floor.events.append
    on_hand, reserved = floor.on_hand, floor.reserved
    # draft and lines
    order: dict[str, Any] = {"status": "draft", "lines": {}}
    total = 0
    for i, (sku, qty, cents) in enumerate(lines):
        order["lines"][f"line-{i + 1}"] = {"sku": sku, "qty": qty, "cents": cents, "state": {}}
        total += qty * cents
    floor.orders[order_id] = order
    # place: placed, invoiced on placement
    order["status"] = "placed"
    event(("placed", order_id, total))
    floor.numbers += 1
    invoice_id = f"INV-{floor.numbers}"
    floor.invoices[invoice_id] = {"total": total, "balance": total}
    order["invoice"] = invoice_id
    event(("invoiced", invoice_id, total))
    # authorise, capture (the invoice is paid), confirm
    floor.payments[order_id] = payment = {"authorized": total, "captured": 0, "refunded": 0}
    event(("authorized", order_id, total))
    if payment["authorized"] - payment["captured"] < total:
        raise ValueError(order_id)
    payment["captured"] += total
    event(("captured", order_id, total))
    floor.invoices[invoice_id]["balance"] -= total
    event(("paid", invoice_id, total))
    if order["status"] != "placed":
        raise ValueError(order_id)
    order["status"] = "confirmed"
    event(("confirmed", order_id))
    # allocate: each line's units reserved at the one location
    for line_id, line in order["lines"].items():
        sku, qty = line["sku"], line["qty"]
        if on_hand[sku] - reserved[sku] < qty:
            raise ValueError(sku)
        reserved[sku] += qty
        line["state"]["allocated"] = qty
        event(("reserved", sku, order_id, line_id, qty))
    event(("allocated", order_id))
    # a shipment of every line; pick each, pack, ship, deliver
    shipment_id = f"{order_id}/S-1"
    shipment: dict[str, Any] = {
        "lines": {lid: ln["qty"] for lid, ln in order["lines"].items()},
        "picked": {},
    }
    floor.shipments[shipment_id] = shipment
    shipment["status"] = "open"
    event(("opened", shipment_id, LOCATION))
    for line_id, qty in shipment["lines"].items():
        shipment["picked"][line_id] = qty
        state = order["lines"][line_id]["state"]
        state["allocated"] -= qty
        state["picked"] = qty
        event(("picked", shipment_id, line_id, qty))
    shipment["status"] = "packed"
    event(("packed", shipment_id))
    for line_id, qty in shipment["picked"].items():
        sku = order["lines"][line_id]["sku"]
        reserved[sku] -= qty
        on_hand[sku] -= qty
        state = order["lines"][line_id]["state"]
        state["picked"] -= qty
        state["shipped"] = qty
        event(("shipped_stock", sku, qty))
    shipment["status"] = "shipped"
    event(("shipped", shipment_id, "UPS", f"1Z{n:08d}"))
    for line_id, qty in shipment["picked"].items():
        state = order["lines"][line_id]["state"]
        state["shipped"] -= qty
        state["delivered"] = qty
    shipment["status"] = "delivered"
    event(("delivered", shipment_id))
    order["status"] = "completed"
    event(("completed", order_id))
    if returns:  # one unit of the first line comes back
        line_id, line = next(iter(order["lines"].items()))
        state = line["state"]
        state["delivered"] -= 1
        state["return_requested"] = 1
        floor.numbers += 1
        event(("return_requested", order_id, line_id, f"RMA-{floor.numbers}"))
        state["return_requested"] -= 1
        state["returned"] = 1
        on_hand[line["sku"]] += 1
        event(("restocked", line["sku"], 1))
        floor.numbers += 1
        credit = line["cents"]
        floor.invoices[invoice_id]["credited"] = credit
        event(("credited", invoice_id, f"CN-{floor.numbers}", credit))
        payment["refunded"] += credit
        event(("refunded", order_id, credit))


def send(event: tuple[Any, ...]) -> None:
    """The floor's relay hands each event here: a no-op, as a broker's client would be."""


def deliver(floor: Floor) -> int:
    """Hand every event of the floor's list to :func:`send`, then clear the list; how many."""
    events = floor.events
    for event in events:
        send(event)
    sent = len(events)
    events.clear()
    return sent


def run_floor(
    shop: Shop,
    chunk: int = 1,
    timer: Callable[[], float] = time.process_time,
    mark: Callable[[], None] | None = None,
    relay: int = 0,
) -> tuple[list[float], Tally]:
    """Run every order of ``shop`` on the floor: seconds per ``chunk`` orders, the final tally.

    ``mark`` (a :class:`engine_gc.GcMeter`'s) is called at the end of every chunk, untimed.
    ``relay``: if above 0, every ``relay`` orders the events are delivered and cleared
    (:func:`deliver`, timed), as ``engine.py --relay`` delivers and prunes the store's outbox.
    """
    floor = Floor(shop)
    took = timed_orders(
        shop,
        functools.partial(_order, floor),
        chunk,
        timer,
        mark,
        every=relay,
        after=functools.partial(deliver, floor),
    )
    return took, tally(floor)


def tally(floor: Floor) -> Tally:
    """Units on hand, cents refunded and orders completed, as the floor counts them."""
    return Tally(
        sum(floor.on_hand.values()),
        sum(p["refunded"] for p in floor.payments.values()),
        sum(1 for o in floor.orders.values() if o["status"] == "completed"),
    )
