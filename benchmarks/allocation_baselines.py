"""The baselines the allocation benchmark measures ordercore against, written plainly.

* :func:`floor` - per-SKU lists pre-sorted by preference, first fit, dict lookups: the least work
  plain Python can do for the same answer.
* :func:`naive` - the allocation model of *Architecture Patterns with Python*: per line, re-sort
  the SKU's batches by preference and re-sum what each batch has already allocated.
* :func:`floor_anchors` and :func:`naive_anchors` - the same two for the anchors' rule: one
  source per line (the first that holds the whole line), on hand before incoming, then
  warehouse priority, ship complete (an order with a short line is backordered whole).
"""

from __future__ import annotations

from allocation_data import Order, Row


def _preference(row: Row) -> tuple[int, int, str]:
    return (-1 if row.eta_days is None else row.eta_days, row.priority, row.location)


def _serving(order: Order) -> tuple[int, int, str]:
    return (order.priority, -order.minutes_ago, order.order_id)


def floor(rows: list[Row], orders: list[Order]) -> list[tuple[str, str, str | None, int]]:
    """First fit over pre-sorted per-SKU lists of ``[remaining, location]``."""
    table: dict[str, list[list[object]]] = {}
    for row in sorted(rows, key=_preference):
        table.setdefault(row.sku, []).append([row.available, row.location])
    out: list[tuple[str, str, str | None, int]] = []
    append = out.append
    for order in sorted(orders, key=_serving):
        oid = order.order_id
        for line_id, sku, qty in order.lines:
            need = qty
            for entry in table.get(sku, ()):
                left: int = entry[0]  # type: ignore[assignment]
                if left:
                    take = need if need < left else left
                    entry[0] = left - take
                    append((oid, line_id, entry[1], take))  # type: ignore[arg-type]
                    need -= take
                    if not need:
                        break
            if need:
                append((oid, line_id, None, need))
    return out


class NaiveBatch:
    """A batch that knows its allocations and re-sums them whenever it is asked what is left."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.purchased = row.available
        self.allocations: list[tuple[str, str, int]] = []

    @property
    def available(self) -> int:
        return self.purchased - sum(qty for _, _, qty in self.allocations)

    def __lt__(self, other: NaiveBatch) -> bool:
        return _preference(self.row) < _preference(other.row)


def naive(rows: list[Row], orders: list[Order]) -> list[tuple[str, str, str | None, int]]:
    """Per line, sort the SKU's batches and re-sum their allocations (cosmicpython's way)."""
    batches: dict[str, list[NaiveBatch]] = {}
    for row in rows:
        batches.setdefault(row.sku, []).append(NaiveBatch(row))
    out: list[tuple[str, str, str | None, int]] = []
    for order in sorted(orders, key=_serving):
        for line_id, sku, qty in order.lines:
            need = qty
            for batch in sorted(batches.get(sku, [])):
                left = batch.available
                if left > 0:
                    take = min(need, left)
                    batch.allocations.append((order.order_id, line_id, take))
                    out.append((order.order_id, line_id, batch.row.location, take))
                    need -= take
                    if not need:
                        break
            if need:
                out.append((order.order_id, line_id, None, need))
    return out


def floor_anchors(rows: list[Row], orders: list[Order]) -> list[tuple[str, str, str | None, int]]:
    """The anchors' rule on pre-sorted per-SKU lists: per line the first row holding all of it;
    an order with a line no row can hold is backordered whole (ship complete)."""
    table: dict[str, list[list[object]]] = {}
    for row in sorted(rows, key=_preference):
        table.setdefault(row.sku, []).append([row.available, row.location])
    out: list[tuple[str, str, str | None, int]] = []
    append = out.append
    for order in sorted(orders, key=_serving):
        oid = order.order_id
        taken: list[tuple[list[object], str, int]] = []
        for line_id, sku, qty in order.lines:
            for entry in table.get(sku, ()):
                left: int = entry[0]  # type: ignore[assignment]
                if left >= qty:
                    entry[0] = left - qty
                    taken.append((entry, line_id, qty))
                    break
            else:
                for entry, _, units in taken:
                    entry[0] += units  # type: ignore[operator]
                out.extend((oid, each, None, units) for each, _, units in order.lines)
                break
        else:
            for entry, line_id, units in taken:
                append((oid, line_id, entry[1], units))  # type: ignore[arg-type]
    return out


def naive_anchors(rows: list[Row], orders: list[Order]) -> list[tuple[str, str, str | None, int]]:
    """The anchors' rule as ``Product.allocate`` does it: per line, sort the SKU's batches and
    take the first that can allocate the whole line (re-summing its allocations to know);
    an order with a line no batch can take is deallocated and backordered whole."""
    batches: dict[str, list[NaiveBatch]] = {}
    for row in rows:
        batches.setdefault(row.sku, []).append(NaiveBatch(row))
    out: list[tuple[str, str, str | None, int]] = []
    for order in sorted(orders, key=_serving):
        oid = order.order_id
        placed: list[tuple[NaiveBatch, str, int]] = []
        for line_id, sku, qty in order.lines:
            batch = next((b for b in sorted(batches.get(sku, [])) if b.available >= qty), None)
            if batch is None:
                for each, each_line, units in placed:
                    each.allocations.remove((oid, each_line, units))
                out.extend((oid, each_line, None, units) for each_line, _, units in order.lines)
                break
            batch.allocations.append((oid, line_id, qty))
            placed.append((batch, line_id, qty))
        else:
            out.extend((oid, line_id, b.row.location, units) for b, line_id, units in placed)
    return out
