"""The planner's fast paths: each SKU's supply ranked and worded once per run, tight loops.

When every rank step is static (it reads the row alone: on hand first, location priority, FEFO,
FIFO, LIFO), each SKU's rows are sorted once per run and a line only walks its SKU's rows in
that order. :func:`serve_greedy` is the common case (greedy, no buffers, no ship-complete);
:func:`serve_general` serves every other policy: one lot per line, ship complete, partial,
safety buffers, fewest shipments (a multi-line order tries its candidate locations first), and
dynamic rankings (most stock, closest), whose static keys and reason texts are computed once
per row and only the dynamic keys once per line (``SupplyRun.ranked``). Both make exactly the
decisions of the per-order reference path (``engine._serve_order`` over ``SupplyRun.serve``),
line for line and reason for reason; ``tests/domain/allocation/test_fast_path.py`` checks that
on random inputs for every built-in policy combination.
"""

from __future__ import annotations

from collections.abc import Sequence

from ordercore.domain.allocation.inputs import DemandLine, OrderDemand
from ordercore.domain.allocation.plan import LineAllocation, Pick, new_record
from ordercore.domain.allocation.policy import AllocationRule, Policy, Shortfall
from ordercore.domain.allocation.reasons import FULL_FROM, WHERE, line_reason, pick_phrasing
from ordercore.domain.allocation.supply_run import Sources, SupplyRun, free_by_location

__all__ = ["serve_general", "serve_greedy"]

_Taken = list[tuple[list[int], int, int]]
"""What an order took, ``(remaining, row index, units)``: given back when ship-complete fails."""


def serve_greedy(run: SupplyRun, orders: list[OrderDemand], out: list[LineAllocation]) -> None:
    """Greedy over statically ranked rows, no buffers, no whole-order rule: the common case.

    The same decisions as the general path, in one tight loop over every line of the batch.
    """
    sources = run.sources
    of = run.of
    append = out.append
    policy = run.policy
    for order in orders:
        for ln in order.lines:
            src = sources.get(ln.sku)
            if src is None:
                src = of(ln.sku)
            need = ln.quantity
            remaining = src.remaining
            left = 0
            for first, left in enumerate(remaining):  # noqa: B007 - used after the loop
                if left > 0:
                    break
            if left >= need:  # the first row with stock serves the whole line: the common case
                remaining[first] = left - need
                append(_served_whole(ln, src, first, left))
                continue
            append(_spread(ln, src, need, policy))


def _served_whole(ln: DemandLine, src: Sources, i: int, left: int) -> LineAllocation:
    """The line served whole by row ``i`` of ``src``, which had ``left`` units before it.

    ``Pick(row, quantity, left, phrasing)`` and ``LineAllocation(ln, (pick,), 0, 0, reason,
    notes)``, their slots written (plan.new_record): no ``__init__`` frame per record.
    """
    row = src.rows[i]
    pick = new_record(Pick)
    pick.source = row
    pick.quantity = ln.quantity
    pick.available = left
    pick.phrasing = src.phrasing[i]
    line = new_record(LineAllocation)
    line.line = ln
    line.picks = (pick,)
    line.backordered = 0
    line.unfilled = 0
    line.reason = FULL_FROM[row.location]
    line.notes = src.notes
    return line


def _spread(ln: DemandLine, src: Sources, need: int, policy: Policy) -> LineAllocation:
    """:func:`serve_greedy`'s line that no one row holds: it takes from each row in turn."""
    remaining = src.remaining
    picks: list[Pick] = []
    for i, left in enumerate(remaining):
        if left > 0:
            take = need if need < left else left
            remaining[i] = left - take
            pick = new_record(Pick)  # Pick(row, take, left, phrasing), as serve_greedy's
            pick.source = src.rows[i]
            pick.quantity = take
            pick.available = left
            pick.phrasing = src.phrasing[i]
            picks.append(pick)
            need -= take
            if not need:
                break
    if need:  # short: line_reason says by how much and why
        known = bool(src.rows or src.notes)
        backordered, unfilled, reason = line_reason(ln, picks, policy, known=known)
        return LineAllocation(ln, tuple(picks), backordered, unfilled, reason, src.notes)
    # served in full from several rows: line_reason's text, without its sums
    reason = FULL_FROM[WHERE[tuple([p.source.location for p in picks])]]
    return LineAllocation(ln, tuple(picks), 0, 0, reason, src.notes)


def _one_lot(src: Sources, need: int, taken: _Taken) -> list[Pick]:
    """One source for the line: the first row holding all of it, else the first with any."""
    remaining = src.remaining
    partial = -1
    for i, left in enumerate(remaining):
        if left >= need:
            remaining[i] = left - need
            taken.append((remaining, i, need))
            return [Pick(src.rows[i], need, left, src.phrasing[i])]
        if left > 0 and partial < 0:
            partial = i
    if partial < 0:
        return []
    left = remaining[partial]
    remaining[partial] = 0
    taken.append((remaining, partial, left))
    return [Pick(src.rows[partial], left, left, src.phrasing[partial])]


def _greedy(src: Sources, need: int, taken: _Taken) -> list[Pick]:
    """Take from each ranked row in turn until the line is served."""
    remaining = src.remaining
    picks: list[Pick] = []
    for i, left in enumerate(remaining):
        if left > 0:
            take = need if need < left else left
            remaining[i] = left - take
            taken.append((remaining, i, take))
            picks.append(Pick(src.rows[i], take, left, src.phrasing[i]))
            need -= take
            if not need:
                break
    return picks


def _buffered(src: Sources, need: int, held: int, one_lot: bool, taken: _Taken) -> list[Pick]:
    """As :func:`_greedy` or :func:`_one_lot`, never taking a location's last ``held`` units."""
    rows, remaining = src.rows, src.remaining
    free = free_by_location(src)
    indexes: range | list[int] = range(len(rows))
    if one_lot:
        indexes = _one_place(src, indexes, need, held, free, None)
    picks: list[Pick] = []
    for i in indexes:
        left = remaining[i]
        if left <= 0:
            continue
        location = rows[i].location
        cap = min(left, free[location] - held)
        if cap <= 0:
            continue
        free[location] -= cap if cap < need else need
        take = need if need < cap else cap
        remaining[i] = left - take
        taken.append((remaining, i, take))
        picks.append(Pick(rows[i], take, left, src.phrasing[i]))
        need -= take
        if not need:
            break
    return picks


def _one_place(
    src: Sources,
    indexes: Sequence[int],
    need: int,
    held: int,
    free: dict[str, int] | None,
    location: str | None,
) -> list[int]:
    """One lot per line: the first row that can give all of ``need``, else the first with any.

    Rows are tried in ``indexes`` order; ``[]`` when none can give anything. A row can give
    what it has left, capped by its location's free units less ``held`` when ``free`` is
    given; only rows at ``location`` count when it is given. One pass, no intermediate lists
    (this runs once per line).
    """
    rows, remaining = src.rows, src.remaining
    partial = -1
    for i in indexes:
        left = remaining[i]
        if left <= 0 or (location is not None and rows[i].location != location):
            continue
        cap = left if free is None else min(left, free[rows[i].location] - held)
        if cap >= need:
            return [i]
        if cap > 0 and partial < 0:
            partial = i
    return [] if partial < 0 else [partial]


def _ranked(
    run: SupplyRun,
    src: Sources,
    need: int,
    held: int,
    ship_to: object,
    taken: _Taken,
    location: str | None = None,
) -> list[Pick]:
    """One line in the general case: a dynamic ranking, or only the rows at ``location``."""
    rows, remaining = src.rows, src.remaining
    indexes: Sequence[int] = range(len(rows)) if run.static else run.ranked(src, ship_to)
    free = free_by_location(src) if held else None
    if run.policy.allocation is AllocationRule.ONE_LOT_PER_LINE:
        indexes = _one_place(src, indexes, need, held, free, location)
    policy = run.policy
    worded = run.static or run.phrased_once
    picks: list[Pick] = []
    for i in indexes:
        left = remaining[i]
        if left <= 0:
            continue
        row = rows[i]
        if location is not None and row.location != location:
            continue
        cap = left
        if free is not None:
            cap = min(left, free[row.location] - held)
            if cap <= 0:
                continue
            free[row.location] -= cap if cap < need else need
        take = need if need < cap else cap
        remaining[i] = left - take
        taken.append((remaining, i, take))
        phrasing = src.phrasing[i] if worded else pick_phrasing(row, policy, ship_to)
        picks.append(Pick(row, take, left, phrasing))
        need -= take
        if not need:
            break
    return picks


def _one_location(
    run: SupplyRun,
    order: OrderDemand,
    held: int,
    taken: _Taken,
    served: list[tuple[DemandLine, Sources, list[Pick]]],
) -> bool:
    """Fewest shipments: every line of ``order`` from the best location that holds all of it.

    ``False``, with nothing taken, when no location can.
    """
    sources, of = run.sources, run.of
    for location in run.location_candidates(order, held):
        for ln in order.lines:
            src = sources.get(ln.sku)
            if src is None:
                src = of(ln.sku)
            picks = _ranked(run, src, ln.quantity, held, order.ship_to, taken, location)
            if sum(p.quantity for p in picks) < ln.quantity:
                break
            served.append((ln, src, picks))
        else:
            return True
        for remaining, i, units in reversed(taken):
            remaining[i] += units
        taken.clear()
        served.clear()
    return False


def _backorder_all(
    run: SupplyRun, lines: tuple[DemandLine, ...], short: DemandLine, by: int
) -> list[LineAllocation]:
    """Ship complete refused: every line of the order backordered, saying which line was short."""
    # "ship complete: nothing allocated, all <q> backordered, because line ..." per line: the
    # text after <q> is built once (an f-string per line is cheaper than str.format)
    tail = f" backordered, because line {short.line_id} ({short.sku}) is short by {by}"
    sources, of = run.sources, run.of
    out: list[LineAllocation] = []
    for each in lines:
        src = sources.get(each.sku)
        if src is None:
            src = of(each.sku)
        # LineAllocation(each, (), quantity, 0, reason, notes), its slots written (new_record)
        line = new_record(LineAllocation)
        line.line = each
        line.picks = ()
        line.backordered = each.quantity
        line.unfilled = 0
        line.reason = f"ship complete: nothing allocated, all {each.quantity}{tail}"
        line.notes = src.notes
        out.append(line)
    return out


def serve_general(
    run: SupplyRun,
    orders: list[OrderDemand],
    out: list[LineAllocation],
) -> None:
    """Serve ``orders`` under any policy, line by line.

    An order's takes are given back when ship-complete refuses it; under ``fewest_shipments`` a
    multi-line order first tries its candidate locations, best first, for the whole order.
    """
    policy = run.policy
    one_lot = policy.allocation is AllocationRule.ONE_LOT_PER_LINE
    complete = policy.shortfall is Shortfall.SHIP_COMPLETE
    buffers = policy.buffers if policy.buffers.units else None
    whole_order = policy.fewest_shipments
    sources, of = run.sources, run.of
    take = _one_lot if one_lot else _greedy
    static = run.static
    if one_lot and complete and buffers is None and not whole_order and static:
        _serve_whole_lines(run, orders, out)  # the anchors' rule
        return
    taken: _Taken = []
    served: list[tuple[DemandLine, Sources, list[Pick]]] = []
    for order in orders:
        lines = order.lines
        held = 0 if buffers is None else buffers.held_back(order.channel)
        taken.clear()
        served.clear()
        if whole_order and len(lines) > 1 and _one_location(run, order, held, taken, served):
            _record(run, served, held, out, single=True)
            continue
        refused = False
        for ln in lines:
            src = sources.get(ln.sku)
            if src is None:
                src = of(ln.sku)
            need = ln.quantity
            if not static:
                picks = _ranked(run, src, need, held, order.ship_to, taken)
            elif held:
                picks = _buffered(src, need, held, one_lot, taken)
            else:
                picks = take(src, need, taken)
            if complete:
                got = sum(p.quantity for p in picks) if len(picks) != 1 else picks[0].quantity
                if got < need:
                    for remaining, i, units in reversed(taken):
                        remaining[i] += units
                    out.extend(_backorder_all(run, lines, ln, need - got))
                    refused = True
                    break
            served.append((ln, src, picks))
        if not refused:
            _record(run, served, held, out, single=False)


def _record(
    run: SupplyRun,
    served: list[tuple[DemandLine, Sources, list[Pick]]],
    held: int,
    out: list[LineAllocation],
    *,
    single: bool,
) -> None:
    """The served lines of one order as line allocations, with their reasons.

    ``single`` says the whole order ships from one location.
    """
    policy, append, full = run.policy, out.append, FULL_FROM
    for ln, src, picks in served:
        if not single and len(picks) == 1 and picks[0].quantity == ln.quantity:
            pick = picks[0]
            append(LineAllocation(ln, (pick,), 0, 0, full[pick.source.location], src.notes))
            continue
        known = bool(src.rows or src.notes)
        backordered, unfilled, reason = line_reason(
            ln, picks, policy, held=held, single=single, known=known
        )
        append(LineAllocation(ln, tuple(picks), backordered, unfilled, reason, src.notes))


def _serve_whole_lines(
    run: SupplyRun, orders: list[OrderDemand], out: list[LineAllocation]
) -> None:
    """One lot per line and ship complete over statically ranked rows (the anchors' rule).

    :func:`serve_general`'s decisions in one tight loop: each line takes the first ranked row
    holding all of it; an order with a line no row can hold takes nothing and is backordered
    whole, saying by how much the line was short (what the first row with any stock left).
    """
    sources, of, append = run.sources, run.of, out.append
    for order in orders:
        lines = order.lines
        start = len(out)  # the order's lines go to ``out`` as served; a refusal takes them back
        for ln in lines:
            src = sources.get(ln.sku)
            if src is None:
                src = of(ln.sku)
            need = ln.quantity
            remaining = src.remaining
            for i, left in enumerate(remaining):
                if left >= need:
                    remaining[i] = left - need
                    append(_served_whole(ln, src, i, left))
                    break
            else:  # ship complete refuses the order: give back what its lines took
                got = next((left for left in remaining if left > 0), 0)
                _give_back(sources, out, start)
                out.extend(_backorder_all(run, lines, ln, need - got))
                break


def _give_back(sources: dict[str, Sources], out: list[LineAllocation], start: int) -> None:
    """Return to their rows the units of the one-pick lines ``out[start:]``, and drop them.

    A refusal is rare: the rows are found again here rather than journaled for every line.
    """
    for served in out[start:]:
        pick = served.picks[0]
        src = sources[served.line.sku]
        rows = src.rows
        for i, row in enumerate(rows):
            if row is pick.source:
                src.remaining[i] += pick.quantity
                break
    del out[start:]
