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
