import attrs
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.allocation import (
    IncomingWithin,
    MinShelfLife,
    OnHandOnly,
    Policy,
    StockSnapshot,
    Supply,
)
from ordercore.domain.allocation.policy import ROW_MEMO_LIMIT
from ordercore.domain.allocation.reasons import pick_phrasing
from ordercore.domain.allocation.supply_run import SupplyRun
from ordercore.testing.strategies_allocation import ANCHOR, SKUS, policies, snapshots

TODAY = ANCHOR.date()


def _by_the_book(
    snapshot: StockSnapshot, policy: Policy, sku: str
) -> tuple[list[Supply], list[tuple[str, str]], tuple[str, ...]]:
    """Every filter asked of every row, every rank step's key computed, one plain sort."""
    usable: list[Supply] = []
    notes: list[str] = []
    for row in snapshot.supply(sku):
        refusals = [r for r in (step.refusal(row, TODAY) for step in policy.filters) if r]
        if refusals:
            notes.append(refusals[0])
        else:
            usable.append(row)
    ranked = sorted(
        usable,
        key=lambda row: (
            tuple(step.key(row, None, 0) for step in policy.ranking),
            row.location,
            row.lot or "",
            row.supply_id or "",
        ),
    )
    return ranked, [pick_phrasing(row, policy, None) for row in ranked], tuple(notes)


@given(
    snapshot=snapshots(),
    policy=st.one_of(
        policies(),
        policies().map(lambda p: p.with_filters(OnHandOnly(), MinShelfLife(3))),
        policies().map(lambda p: p.with_filters(IncomingWithin(10))),
    ),
)
def test_a_skus_sources_are_its_usable_rows_in_rank_order_with_their_reasons(
    snapshot: StockSnapshot, policy: Policy
) -> None:
    run = SupplyRun(snapshot, policy, TODAY)
    for sku in SKUS:
        sources = run.of(sku)
        rows, phrasing, notes = _by_the_book(snapshot, policy, sku)
        if run.static:
            assert (rows, phrasing, notes) == (sources.rows, sources.phrasing, sources.notes)
        else:  # a dynamic ranking orders the rows per line, not once
            assert (sorted(r.key for r in rows), notes) == (
                sorted(r.key for r in sources.rows),
                sources.notes,
            )
        assert [row.available for row in sources.rows] == sources.remaining


def test_shares_one_reason_between_rows_that_rank_alike() -> None:
    snapshot = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 3), Supply("BLUE-VASE", "WH-EAST", 5)]
    )
    run = SupplyRun(snapshot, Policy.default(), TODAY)
    clock, vase = run.of("RETRO-CLOCK"), run.of("BLUE-VASE")
    assert clock.phrasing[0] is vase.phrasing[0]


@given(first=snapshots(), second=snapshots(), policy=policies())
def test_a_policy_that_planned_before_ranks_and_words_rows_as_a_new_one(
    first: StockSnapshot, second: StockSnapshot, policy: Policy
) -> None:
    for sku in SKUS:
        SupplyRun(first, policy, TODAY).of(sku)  # fills the policy's memo
    fresh = attrs.evolve(policy)
    for sku in SKUS:
        expected = SupplyRun(second, fresh, TODAY).of(sku)
        actual = SupplyRun(second, policy, TODAY).of(sku)
        assert (expected.rows, expected.phrasing) == (actual.rows, actual.phrasing)


def test_words_the_receipt_date_of_each_row_in_its_own_zone() -> None:
    received = pendulum.datetime(2026, 11, 1, 23, 30, tz="UTC")
    policy = Policy.fifo()
    in_utc = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 3, lot="L-1", received_at=received)]
    )
    in_tokyo = StockSnapshot.of(
        [Supply("RETRO-CLOCK", "WH-EAST", 3, lot="L-1", received_at=received.in_tz("Asia/Tokyo"))]
    )
    first = SupplyRun(in_utc, policy, TODAY).of("RETRO-CLOCK").phrasing[0][1]
    second = SupplyRun(in_tokyo, policy, TODAY).of("RETRO-CLOCK").phrasing[0][1]
    expected = (
        " available; lot L-1 received first (2026-11-01)",
        " available; lot L-1 received first (2026-11-02)",
    )
    assert expected == (first, second)


def test_keeps_at_most_the_memo_limit_of_rows_per_policy() -> None:
    policy = Policy.default()
    rows = [Supply("RETRO-CLOCK", f"WH-{n}", 1) for n in range(ROW_MEMO_LIMIT + 10)]
    SupplyRun(StockSnapshot.of(rows), policy, TODAY).of("RETRO-CLOCK")
    assert 10 == len(policy.row_memo)


def test_a_run_works_out_its_local_date_when_a_filter_first_reads_a_row() -> None:
    snapshot = StockSnapshot.of(
        [
            Supply("RETRO-CLOCK", "WH-EAST", 3),
            Supply("BLUE-VASE", "WH-EAST", 5, lot="L-1", expires_on=pendulum.date(2026, 6, 1)),
        ]
    )
    late_evening_utc = pendulum.datetime(2026, 1, 31, 23, 30, tz="UTC")
    run = SupplyRun(snapshot, Policy(timezone="Asia/Tokyo"), None, moment=late_evening_utc)
    run.of("RETRO-CLOCK")  # no expiry: the shelf-life filter has nothing to read
    before = run.today
    run.of("BLUE-VASE")
    assert (None, pendulum.date(2026, 2, 1)) == (before, run.today)
