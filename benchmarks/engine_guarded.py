"""The guarded floor: the Engine benchmark's floor, plus the guarantees issue #11 asks of a store.

``engine_floor.py`` does the workflow's steps on plain dicts it changes in place: nothing is
isolated, nothing is atomic, nothing is versioned and no event leaves the process. The Engine on
the memory store must do all of that (issue #11 item 2: "isolation, atomic commits, versions,
outbox order"; item 1: the ledger stream). This floor does the same steps, in the same plain
Python, as the twelve commands the Engine runs per order, each one a transaction on a tiny store
that keeps exactly those guarantees and nothing more:

- **isolation**: a command reads each record it touches as a fresh structural copy (dicts and
  lists copied, values shared), changes only its copy, and the store changes only at commit;
- **versions**: the commit checks, under the store's lock, that every record the command read
  is still at the version it read (else a conflict), writes each record it changed with the next
  version, and refuses to add a key that is taken;
- **atomicity**: every check runs before the first write;
- **the outbox**: each event gets its message id (entity, version, index), checked unique, and
  joins the outbox in commit order; **the ledger**: each stock movement is a row appended to its
  SKU's stream, numbered in order.

It validates no input, keeps money as integer cents and time nowhere, as the plain floor does: it
prices the store's guarantees, not the library's checks. ``engine.py`` prints both ratios; the
gap between the two floors is what those guarantees cost in the plainest Python, the part of
ordercore's cost no implementation that keeps them avoids.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import Any

from engine_workload import LOCATION, STOCK_PER_SKU, Shop, Tally, timed_orders

Record = dict[str, Any]


class Conflict(Exception):
    """A record changed (or a key was taken) since the transaction read it."""


def _copy(value: Any) -> Any:
    """A structural copy: every dict and list is new, every other value is shared."""
    kind = type(value)
    if kind is dict:
        return {key: _copy(item) for key, item in value.items()}
    if kind is list:
        return [_copy(item) for item in value]
    return value


class GuardedStore:
    """Records by (table, key) with versions, an outbox and a ledger stream, behind one lock."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, tuple[int, Record]]] = {
            name: {} for name in ("orders", "invoices", "payments", "stock", "shipments")
        }
        self.outbox: list[tuple[str, tuple[Any, ...]]] = []
        self.message_ids: set[str] = set()
        self.ledger: dict[str, list[tuple[Any, ...]]] = {}
        self.numbers = 0
        self.lock = threading.Lock()


class Tx:
    """One command: copies of what it read, what it added and changed, its events and rows."""

    __slots__ = ("added", "changed", "events", "loaded", "moves", "reads", "store")

    def __init__(self, store: GuardedStore) -> None:
        self.store = store
        self.loaded: dict[tuple[str, str], Record] = {}
        self.reads: dict[tuple[str, str], int] = {}
        self.added: set[tuple[str, str]] = set()
        self.changed: set[tuple[str, str]] = set()
        self.events: list[tuple[str, str, tuple[Any, ...]]] = []
        self.moves: dict[str, list[tuple[Any, ...]]] = {}

    def get(self, table: str, key: str) -> Record:
        """A copy of the stored record (the same copy for a second read in this command)."""
        slot = (table, key)
        found = self.loaded.get(slot)
        if found is None:
            with self.store.lock:
                version, stored = self.store.tables[table][key]
            found = self.loaded[slot] = _copy(stored)
            self.reads[slot] = version
        return found

    def add(self, table: str, key: str, record: Record) -> None:
        """Stage a new record (its key must be free at commit)."""
        slot = (table, key)
        self.loaded[slot] = record
        self.added.add(slot)

    def save(self, table: str, key: str) -> None:
        """Mark a record read in this command as changed."""
        self.changed.add((table, key))

    def emit(self, table: str, key: str, *payload: Any) -> None:
        """An event of the record ``key`` (its message id is given at commit)."""
        self.events.append((table, key, payload))

    def move(self, sku: str, *row: Any) -> None:
        """A ledger row of ``sku``, appended to its stream at commit."""
        self.moves.setdefault(sku, []).append(row)

    def commit(self) -> None:
        """Check everything, then write everything: records, outbox, ledger."""
        store = self.store
        tables = store.tables
        with store.lock:
            for (table, key), version in self.reads.items():  # the read set, writes included
                if tables[table][key][0] != version:
                    raise Conflict(table, key)
            for table, key in self.added:
                if key in tables[table]:
                    raise Conflict(table, key)
            versions: dict[tuple[str, str], int] = {}
            for slot in self.added:
                versions[slot] = 1
            for slot in self.changed:
                versions[slot] = self.reads[slot] + 1
            counts: dict[tuple[str, str], int] = {}
            ids: list[str] = []
            for table, key, _payload in self.events:
                slot = (table, key)
                index = counts.get(slot, 0)
                counts[slot] = index + 1
                message = f"{table}:{key}:{versions[slot]}:{index}"
                if message in store.message_ids:
                    raise Conflict("outbox", message)
                ids.append(message)
            # every check passed: write
            for slot, version in versions.items():
                tables[slot[0]][slot[1]] = (version, self.loaded[slot])
            store.message_ids.update(ids)
            store.outbox.extend(zip(ids, (payload for *_, payload in self.events), strict=True))
            for sku, rows in self.moves.items():
                stream = store.ledger.setdefault(sku, [])
                start = len(stream)
                stream.extend((start + i + 1, *row) for i, row in enumerate(rows))


def _command(store: GuardedStore, step: Callable[[Tx], Any]) -> Any:
    tx = Tx(store)
    result = step(tx)
    tx.commit()
    return result


def _order(store: GuardedStore, n: int, order_id: str, lines: Any, returns: bool) -> None:  # noqa: PLR0915 - the workflow, in order
    # draft and lines (the host's object: not yet in the store)
    draft: Record = {"status": "draft", "lines": {}}
    total = 0
    for i, (sku, qty, cents) in enumerate(lines):
        draft["lines"][f"line-{i + 1}"] = {"sku": sku, "qty": qty, "cents": cents, "state": {}}
        total += qty * cents

    def place(tx: Tx) -> str:
        order = _copy(draft)  # the host keeps its draft as it was
        order["status"] = "placed"
        store.numbers += 1
        invoice_id = f"INV-{store.numbers}"
        order["invoice"] = invoice_id
        tx.add("orders", order_id, order)
        tx.emit("orders", order_id, "placed", total)
        tx.add("invoices", invoice_id, {"total": total, "balance": total, "credited": 0})
        tx.emit("invoices", invoice_id, "issued", total)
        return invoice_id

    invoice_id: str = _command(store, place)

    def authorize(tx: Tx) -> None:
        tx.add("payments", order_id, {"authorized": total, "captured": 0, "refunded": 0})
        tx.emit("payments", order_id, "authorized", total)

    def capture(tx: Tx) -> None:
        payment = tx.get("payments", order_id)
        if payment["authorized"] - payment["captured"] < total:
            raise ValueError(order_id)
        payment["captured"] += total
        tx.save("payments", order_id)
        tx.emit("payments", order_id, "captured", total)
        invoice = tx.get("invoices", invoice_id)
        invoice["balance"] -= total
        tx.save("invoices", invoice_id)
        tx.emit("invoices", invoice_id, "paid", total)

    def confirm(tx: Tx) -> None:
        order = tx.get("orders", order_id)
        if order["status"] != "placed":
            raise ValueError(order_id)
        order["status"] = "confirmed"
        tx.save("orders", order_id)
        tx.emit("orders", order_id, "confirmed")

    def allocate(tx: Tx) -> None:
        order = tx.get("orders", order_id)
        for line_id, line in order["lines"].items():
            sku, qty = line["sku"], line["qty"]
            item = tx.get("stock", sku)
            if item["on_hand"] - item["reserved"] < qty:
                raise ValueError(sku)
            item["reserved"] += qty
            item["reservations"][f"{order_id}/{line_id}"] = qty
            tx.save("stock", sku)
            tx.emit("stock", sku, "reserved", order_id, line_id, qty)
            line["state"]["allocated"] = qty
            tx.emit("orders", order_id, "allocated", line_id, qty)
        tx.save("orders", order_id)

    for step in (authorize, capture, confirm, allocate):
        _command(store, step)
    shipment_id = f"{order_id}/S-1"

    def open_shipment(tx: Tx) -> None:
        order = tx.get("orders", order_id)
        wanted = {line_id: line["qty"] for line_id, line in order["lines"].items()}
        tx.add("shipments", shipment_id, {"status": "open", "lines": wanted, "picked": {}})
        tx.emit("shipments", shipment_id, "opened", LOCATION)

    _command(store, open_shipment)
    for line_id in draft["lines"]:

        def pick(tx: Tx, line_id: str = line_id) -> None:
            shipment = tx.get("shipments", shipment_id)
            order = tx.get("orders", order_id)
            qty = shipment["lines"][line_id]
            state = order["lines"][line_id]["state"]
            if state.get("allocated", 0) < qty:
                raise ValueError(line_id)
            shipment["picked"][line_id] = qty
            state["allocated"] -= qty
            state["picked"] = qty
            tx.save("shipments", shipment_id)
            tx.save("orders", order_id)
            tx.emit("shipments", shipment_id, "picked", line_id, qty)
            tx.emit("orders", order_id, "picked", line_id, qty)

        _command(store, pick)

    def pack(tx: Tx) -> None:
        shipment = tx.get("shipments", shipment_id)
        order = tx.get("orders", order_id)
        shipment["status"] = "packed"
        for line_id, qty in shipment["picked"].items():
            state = order["lines"][line_id]["state"]
            state["picked"] -= qty
            state["packed"] = qty
        tx.save("shipments", shipment_id)
        tx.save("orders", order_id)
        tx.emit("shipments", shipment_id, "packed")

    def ship(tx: Tx) -> None:
        shipment = tx.get("shipments", shipment_id)
        order = tx.get("orders", order_id)
        for line_id, qty in shipment["picked"].items():
            sku = order["lines"][line_id]["sku"]
            item = tx.get("stock", sku)
            item["reserved"] -= qty
            item["on_hand"] -= qty
            del item["reservations"][f"{order_id}/{line_id}"]
            tx.save("stock", sku)
            tx.move(sku, "shipped", LOCATION, -qty)
            tx.emit("stock", sku, "shipped", qty)
            state = order["lines"][line_id]["state"]
            state["packed"] -= qty
            state["shipped"] = qty
        shipment["status"] = "shipped"
        tx.save("shipments", shipment_id)
        tx.save("orders", order_id)
        tx.emit("shipments", shipment_id, "shipped", "UPS", f"1Z{n:08d}")

    def deliver(tx: Tx) -> None:
        shipment = tx.get("shipments", shipment_id)
        order = tx.get("orders", order_id)
        for line_id, qty in shipment["picked"].items():
            state = order["lines"][line_id]["state"]
            state["shipped"] -= qty
            state["delivered"] = qty
        shipment["status"] = "delivered"
        order["status"] = "completed"
        tx.save("shipments", shipment_id)
        tx.save("orders", order_id)
        tx.emit("shipments", shipment_id, "delivered")
        tx.emit("orders", order_id, "completed")

    for step in (pack, ship, deliver):
        _command(store, step)
    if returns:
        _return(store, order_id, invoice_id, next(iter(draft["lines"])))


def _return(store: GuardedStore, order_id: str, invoice_id: str, line_id: str) -> None:
    """One unit of ``line_id`` comes back: requested, received (restocked, credited), refunded."""

    def request(tx: Tx) -> None:
        order = tx.get("orders", order_id)
        state = order["lines"][line_id]["state"]
        if state.get("delivered", 0) < 1:
            raise ValueError(line_id)
        state["delivered"] -= 1
        state["return_requested"] = 1
        store.numbers += 1
        tx.save("orders", order_id)
        tx.emit("orders", order_id, "return_requested", line_id, f"RMA-{store.numbers}")

    def receive(tx: Tx) -> int:
        order = tx.get("orders", order_id)
        line = order["lines"][line_id]
        line["state"]["return_requested"] -= 1
        line["state"]["returned"] = 1
        item = tx.get("stock", line["sku"])
        item["on_hand"] += 1
        tx.move(line["sku"], "returned", LOCATION, 1)
        tx.emit("stock", line["sku"], "restocked", 1)
        store.numbers += 1
        invoice = tx.get("invoices", invoice_id)
        invoice["credited"] += line["cents"]
        tx.emit("invoices", invoice_id, "credited", f"CN-{store.numbers}", line["cents"])
        for slot in (("orders", order_id), ("stock", line["sku"]), ("invoices", invoice_id)):
            tx.save(*slot)
        credit: int = line["cents"]
        return credit

    def refund(tx: Tx, credit: int) -> None:
        payment = tx.get("payments", order_id)
        payment["refunded"] += credit
        tx.save("payments", order_id)
        tx.emit("payments", order_id, "refunded", credit)

    _command(store, request)
    credit = _command(store, receive)
    _command(store, lambda tx: refund(tx, credit))


def run_guarded(
    shop: Shop,
    chunk: int = 1,
    timer: Callable[[], float] = time.process_time,
    mark: Callable[[], None] | None = None,
) -> tuple[list[float], Tally]:
    """Run every order of ``shop`` on the guarded floor: seconds per ``chunk`` orders, the tally.

    ``mark`` (a :class:`engine_gc.GcMeter`'s) is called at the end of every chunk, untimed.
    """
    store = GuardedStore()
    stock = store.tables["stock"]
    for sku in shop.skus:
        stock[sku] = (1, {"on_hand": STOCK_PER_SKU, "reserved": 0, "reservations": {}})
    took = timed_orders(shop, functools.partial(_order, store), chunk, timer, mark)
    return took, tally(store)


def tally(store: GuardedStore) -> Tally:
    """Units on hand, cents refunded and orders completed, as the guarded floor counts them."""
    tables = store.tables
    return Tally(
        sum(record["on_hand"] for _, record in tables["stock"].values()),
        sum(record["refunded"] for _, record in tables["payments"].values()),
        sum(1 for _, record in tables["orders"].values() if record["status"] == "completed"),
    )
