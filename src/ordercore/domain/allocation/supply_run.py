"""One allocation run: each SKU's usable supply, ranked and described once, with running balances.

:class:`SupplyRun` is the working state of ``allocate``: it filters, ranks and words each SKU's
rows the first time a line asks for the SKU, keeps what every row has left as orders take from
it, and serves one line at a time (with a journal so a whole-order attempt can be undone).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pendulum

from ordercore.domain.allocation.inputs import OrderDemand, StockSnapshot, Supply
from ordercore.domain.allocation.plan import Pick
from ordercore.domain.allocation.policy import ROW_MEMO_LIMIT, AllocationRule, Policy
from ordercore.domain.allocation.ranking import RankStep
from ordercore.domain.allocation.reasons import pick_phrasing
from ordercore.kernel.clock import local_date

__all__ = ["Sources", "SupplyRun", "free_by_location", "undo"]


@attrs.define
class Sources:
    """The usable rows of one SKU in one run, ranked once, with their running balance."""

    rows: list[Supply]
    remaining: list[int]
    phrasing: list[tuple[str, str]]
    notes: tuple[str, ...]
    fixed: list[tuple[list[float], tuple[str, str, str]]] = attrs.field(factory=list)
    """Under a dynamic ranking: per row, the static steps' keys (dynamic slots 0.0) and the
    tie-break, computed once so that :meth:`SupplyRun.ranked` evaluates only dynamic steps."""


def _tiebreak(row: Supply) -> tuple[str, str, str]:
    return (row.location, row.lot or "", row.supply_id or "")


@attrs.define
class SupplyRun:
    """One allocation run: the policy, today's date, and the per-SKU sources built on demand."""

    snapshot: StockSnapshot
    policy: Policy
    today: pendulum.Date | None
    """The run's date in the policy's timezone; ``None``: worked out from ``moment`` when a
    filter first reads it (a plan whose rows have no expiry never needs it)."""
    static: bool = attrs.field(init=False)
    memo: bool = attrs.field(init=False)
    fast: bool = attrs.field(init=False)
    sources: dict[str, Sources] = attrs.field(factory=dict)
    keys: dict[object, tuple[tuple[float, ...], tuple[str, str]]] = attrs.field(init=False)
    """The policy's memo of rank keys and reason texts (``Policy.row_memo``), shared by runs."""
    dynamic: tuple[tuple[int, RankStep], ...] = attrs.field(init=False)
    """The dynamic rank steps and their places in the ranking."""
    phrased_once: bool = attrs.field(init=False)
    """Whether a row's reason text is the same for every order (no step phrases the ship-to)."""
    shelf_life_only: bool = attrs.field(init=False)
    """Whether every filter is a :class:`MinShelfLife`: it never refuses a row without expiry."""
    moment: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    """The run's instant, when ``today`` is not given (``allocate`` gives this)."""

    def __attrs_post_init__(self) -> None:
        # derived once per policy (Policy.traits), not once per run
        (
            self.static,
            self.memo,
            self.dynamic,
            self.phrased_once,
            self.shelf_life_only,
            self.fast,
        ) = self.policy.traits
        self.keys = self.policy.row_memo

    def of(self, sku: str) -> Sources:
        """The sources of ``sku``: usable rows in static rank order, with reasons prepared."""
        found = self.sources.get(sku)
        if found is not None:
            return found
        usable: list[Supply] = []
        notes: list[str] = []
        today = self.today
        filters = self.policy.filters
        shelf_life_only = self.shelf_life_only
        for row in self.snapshot.rows.get(sku, ()):  # type: ignore[call-overload]
            if shelf_life_only and row.expires_on is None:
                usable.append(row)  # a shelf-life filter never refuses a row without expiry
                continue
            if today is None:  # the first row a filter reads: the local date, once per run
                today = self.today = local_date(self.moment, self.policy.timezone)
            for step in filters:
                refusal = step.refusal(row, today)
                if refusal:
                    notes.append(refusal)
                    break
            else:
                usable.append(row)
        if self.static:
            usable, phrasing = self._static_order(usable)
            fixed: list[tuple[list[float], tuple[str, str, str]]] = []
        else:
            policy = self.policy
            phrasing = (
                [pick_phrasing(row, policy, None) for row in usable]
                if self.phrased_once
                else [("", "")] * len(usable)
            )
            fixed = [
                (
                    [s.key(row, None, 0) if s.static else 0.0 for s in policy.ranking],
                    _tiebreak(row),
                )
                for row in usable
            ]
        found = Sources(usable, [r.available for r in usable], phrasing, tuple(notes), fixed)
        self.sources[sku] = found
        return found

    def _static_order(self, usable: list[Supply]) -> tuple[list[Supply], list[tuple[str, str]]]:
        """``usable`` in static rank order, with each row's reason text around its count.

        Built-in static steps read only a row's location, priority, ETA, lot, expiry and receipt
        (its date in its own zone), so rows that agree on those share one memo entry: their rank
        keys and their reason text, computed once for the policy (``Policy.row_memo`` outlives
        the run; bounded). Rows sort on decorated tuples (keys, tie-break, index), with no key
        function called per row.
        """
        computed, memo_on, keys = self.computed, self.memo, self.keys
        if len(usable) == 1 and memo_on:  # one row (the common one-place SKU): nothing to sort
            return usable, [self._memo(usable[0])[1]]
        # (keys, tie-break, index, row, reason text): the index is unique, so the sort never
        # compares past it, and the row and its text come out with no look-up by index
        decorated: list[tuple[tuple[float, ...], str, str, str, int, Supply, tuple[str, str]]]
        decorated = []
        for n, row in enumerate(usable):
            if memo_on:  # self._memo(row) inline: a call per row costs as much as the look-up
                received_at = row.received_at
                memo = keys.get(
                    (
                        row.location,
                        row.priority,
                        row.eta,
                        row.lot,
                        row.expires_on,
                        received_at,
                        None if received_at is None else received_at.tzinfo,
                    )
                )
                if memo is None:
                    memo = self._memo(row)
            else:
                memo = computed(row)
            decorated.append(
                (memo[0], row.location, row.lot or "", row.supply_id or "", n, row, memo[1])
            )
        decorated.sort()
        return [d[5] for d in decorated], [d[6] for d in decorated]

    def _memo(self, row: Supply) -> tuple[tuple[float, ...], tuple[str, str]]:
        """``computed(row)`` through the policy's memo, by what the built-in static steps read."""
        received_at = row.received_at
        signature = (  # the key _static_order's loop also builds
            row.location,
            row.priority,
            row.eta,
            row.lot,
            row.expires_on,
            received_at,
            None if received_at is None else received_at.tzinfo,
        )
        keys = self.keys
        memo = keys.get(signature)
        if memo is None:
            if len(keys) >= ROW_MEMO_LIMIT:
                keys.clear()  # bounded: a long run of new lots starts it afresh
            memo = keys[signature] = self.computed(row)
        return memo

    def computed(self, row: Supply) -> tuple[tuple[float, ...], tuple[str, str]]:
        """The rank steps' keys and the reason text of ``row``."""
        steps = tuple(s.key(row, None, 0) for s in self.policy.ranking)
        return steps, pick_phrasing(row, self.policy, None)

    def order_of(self, src: Sources, ship_to: object) -> Sequence[int]:
        """The row indexes of ``src`` in preference order for an order shipping to ``ship_to``."""
        if self.static:
            return range(len(src.rows))
        free: dict[str, int] = {}
        for row, left in zip(src.rows, src.remaining, strict=True):
            free[row.location] = free.get(row.location, 0) + left
        ranking = self.policy.ranking
        rows = src.rows
        return sorted(
            range(len(rows)),
            key=lambda i: (
                tuple(s.key(rows[i], ship_to, free[rows[i].location]) for s in ranking),
                _tiebreak(rows[i]),
            ),
        )

    def ranked(self, src: Sources, ship_to: object) -> list[int]:
        """As :meth:`order_of` under a dynamic ranking, evaluating only the dynamic steps.

        The static steps' keys and the tie-break were computed once per row (``src.fixed``);
        the order is the same, ties broken by row index as ``sorted`` would keep them.
        """
        rows = src.rows
        free = free_by_location(src)
        dynamic = self.dynamic
        keyed: list[tuple[tuple[float, ...], tuple[str, str, str], int]] = []
        for i, (static_keys, tiebreak) in enumerate(src.fixed):
            row = rows[i]
            keys = static_keys.copy()
            for n, step in dynamic:
                keys[n] = step.key(row, ship_to, free[row.location])
            keyed.append((tuple(keys), tiebreak, i))
        keyed.sort()
        return [i for _, _, i in keyed]

    def location_candidates(self, order: OrderDemand, held: int) -> list[str]:
        """The locations that could ship all of ``order`` alone, best first (fewest shipments).

        A location qualifies when its free units (less ``held``) cover the order's demand of
        every SKU, summed over its lines; it ranks by how many SKUs it would serve from
        incoming stock, then by how early it comes in each SKU's ranking, then by name.
        """
        need: dict[str, int] = {}
        for line in order.lines:
            need[line.sku] = need.get(line.sku, 0) + line.quantity
        scored: dict[str, list[int]] = {}
        for n, (sku, wanted) in enumerate(need.items()):
            src = self.of(sku)
            order_idx = self.order_of(src, order.ship_to)
            free: dict[str, int] = {}
            on_hand: dict[str, int] = {}
            best: dict[str, int] = {}
            for rank, i in enumerate(order_idx):
                row = src.rows[i]
                free[row.location] = free.get(row.location, 0) + src.remaining[i]
                if row.eta is None:
                    on_hand[row.location] = on_hand.get(row.location, 0) + src.remaining[i]
                best.setdefault(row.location, rank)
            for loc, units in free.items():
                if units - held < wanted or (n and loc not in scored):
                    continue
                incoming = int(on_hand.get(loc, 0) - held < wanted)
                score = scored.setdefault(loc, [0, 0, n])
                score[0] += incoming
                score[1] += best[loc]
                score[2] = n + 1
            scored = {loc: s for loc, s in scored.items() if s[2] == n + 1}
        return sorted(scored, key=lambda loc: (scored[loc][0], scored[loc][1], loc))

    def serve(
        self,
        src: Sources,
        need: int,
        order: OrderDemand,
        held: int,
        journal: list[tuple[Sources, int, int]],
        location: str | None = None,
    ) -> list[Pick]:
        """Take up to ``need`` units for one line, journaling each take so it can be undone."""
        rows = src.rows
        remaining = src.remaining
        policy = self.policy
        picks: list[Pick] = []
        indexes = self.order_of(src, order.ship_to)
        free: dict[str, int] | None = None
        if held:
            free = {}
            for row, left in zip(rows, remaining, strict=True):
                free[row.location] = free.get(row.location, 0) + left
        if self.policy.allocation is AllocationRule.ONE_LOT_PER_LINE:
            indexes = self._one_lot(src, indexes, need, held, free, location)
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
            journal.append((src, i, take))
            phrasing = src.phrasing[i] if self.static else pick_phrasing(row, policy, order.ship_to)
            picks.append(Pick(row, take, left, phrasing))
            need -= take
            if not need:
                break
        return picks

    def _one_lot(
        self,
        src: Sources,
        indexes: Sequence[int],
        need: int,
        held: int,
        free: dict[str, int] | None,
        location: str | None,
    ) -> list[int]:
        usable = [
            i
            for i in indexes
            if src.remaining[i] > 0 and (location is None or src.rows[i].location == location)
        ]

        def cap(i: int) -> int:
            if free is None:
                return src.remaining[i]
            return min(src.remaining[i], free[src.rows[i].location] - held)

        whole = next((i for i in usable if cap(i) >= need), None)
        if whole is not None:
            return [whole]
        partial = next((i for i in usable if cap(i) > 0), None)
        return [] if partial is None else [partial]


def free_by_location(src: Sources) -> dict[str, int]:
    """Units ``src``'s rows have left, summed per location.

    Read once per line by the rankings and buffers that need it; an index loop, as a keyword
    call to ``zip(..., strict=True)`` costs more than the loop itself.
    """
    rows, remaining = src.rows, src.remaining
    free: dict[str, int] = {}
    for i, row in enumerate(rows):
        free[row.location] = free.get(row.location, 0) + remaining[i]
    return free


def undo(journal: list[tuple[Sources, int, int]], since: int = 0) -> None:
    """Give back every take journaled since ``since`` (newest first) and forget them."""
    for src, i, take in reversed(journal[since:]):
        src.remaining[i] += take
    del journal[since:]
