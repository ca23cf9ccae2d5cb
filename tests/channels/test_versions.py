import random

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.channels import (
    ExternalRef,
    ExternalVersion,
    SyncDecision,
    SyncLedger,
    VersionKindMismatch,
    decide,
)
from ordercore.kernel.errors import NaiveDatetime, ValidationError, WrongType
from ordercore.testing.strategies_channels import (
    counter_versions,
    external_refs,
    instant_versions,
)

ORDER = ExternalRef("shopify", "retro-shop", "450789469")
EARLY = ExternalVersion.at(pendulum.parse("2026-11-26T09:00:00-05:00"))  # type: ignore[arg-type]
LATE = ExternalVersion.at(pendulum.datetime(2026, 11, 26, 15, 0, 1, tz="UTC"))


def test_a_first_payload_is_new() -> None:
    assert SyncDecision.NEW == decide(None, EARLY)


def test_the_same_instant_in_another_offset_is_the_same_version() -> None:
    utc = ExternalVersion.at(pendulum.datetime(2026, 11, 26, 14, 0, tz="UTC"))
    assert SyncDecision.SAME == decide(EARLY, utc)


def test_an_older_payload_is_stale_and_a_newer_one_applies() -> None:
    assert (SyncDecision.STALE, SyncDecision.NEWER) == (decide(LATE, EARLY), decide(EARLY, LATE))


def test_only_new_and_newer_payloads_apply() -> None:
    assert {SyncDecision.NEW, SyncDecision.NEWER} == {d for d in SyncDecision if d.applies}


def test_sync_tokens_order_as_numbers_not_as_text() -> None:
    assert SyncDecision.NEWER == decide(ExternalVersion.counter("9"), ExternalVersion.counter("10"))


def test_refuses_to_compare_an_instant_with_a_counter() -> None:
    with pytest.raises(VersionKindMismatch):
        decide(EARLY, ExternalVersion.counter("3"))


def test_refuses_a_naive_instant_as_a_version() -> None:
    naive = pendulum.naive(2026, 11, 26, 9)
    with pytest.raises(NaiveDatetime):
        ExternalVersion.at(naive)


@pytest.mark.parametrize("token", ["-1", "1.5", "", "abc"])
def test_refuses_a_sync_token_that_is_not_digits(token: str) -> None:
    with pytest.raises(ValidationError):
        ExternalVersion.counter(token)


def test_refuses_a_boolean_sync_token() -> None:
    with pytest.raises(WrongType):
        ExternalVersion.counter(True)  # noqa: FBT003


def test_refuses_a_blank_external_id() -> None:
    with pytest.raises(ValidationError):
        ExternalRef("shopify", "retro-shop", " ")


def test_the_ledger_remembers_the_version_it_applied() -> None:
    outcome = SyncLedger().observe(ORDER, EARLY)
    assert (SyncDecision.NEW, EARLY) == (outcome.decision, outcome.ledger.last_seen(ORDER))


def test_a_stale_payload_leaves_the_ledger_at_the_newer_version() -> None:
    ledger = SyncLedger().observe(ORDER, LATE).ledger
    outcome = ledger.observe(ORDER, EARLY)
    assert (SyncDecision.STALE, LATE) == (outcome.decision, outcome.ledger.last_seen(ORDER))


def test_a_repeated_webhook_event_id_is_a_duplicate_whatever_its_version() -> None:
    ledger = SyncLedger().observe(ORDER, EARLY, event_id="evt-1").ledger
    outcome = ledger.observe(ORDER, LATE, event_id="evt-1")
    assert (SyncDecision.DUPLICATE, ledger) == (outcome.decision, outcome.ledger)


def test_event_ids_are_scoped_to_their_account() -> None:
    other = ExternalRef("shopify", "vase-outlet", "450789469")
    ledger = SyncLedger().observe(ORDER, EARLY, event_id="evt-1").ledger
    assert SyncDecision.NEW == ledger.observe(other, EARLY, event_id="evt-1").decision


@given(external_refs(), instant_versions())
def test_applying_the_same_payload_twice_is_a_no_op(ref: ExternalRef, v: ExternalVersion) -> None:
    first = SyncLedger().observe(ref, v)
    second = first.ledger.observe(ref, v)
    assert (SyncDecision.SAME, first.ledger) == (second.decision, second.ledger)


@given(st.lists(instant_versions(), min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_whatever_the_order_of_arrival_the_newest_version_wins(
    versions: list[ExternalVersion], rng: random.Random
) -> None:
    arrivals = list(versions)
    rng.shuffle(arrivals)
    ledger = SyncLedger()
    applied = None
    for version in arrivals:
        outcome = ledger.observe(ORDER, version)
        if outcome.decision.applies:
            applied = version
        ledger = outcome.ledger
    newest = max(versions, key=lambda v: v.rank)
    assert applied is not None
    assert (newest.rank, newest.rank) == (applied.rank, ledger.versions[ORDER].rank)


@given(counter_versions(), counter_versions())
def test_decide_agrees_with_the_counters(last: ExternalVersion, incoming: ExternalVersion) -> None:
    expected = (
        SyncDecision.SAME
        if last.rank == incoming.rank
        else SyncDecision.NEWER
        if incoming.rank > last.rank
        else SyncDecision.STALE
    )
    assert expected == decide(last, incoming)


@given(external_refs(), instant_versions(), instant_versions())
def test_observing_never_changes_the_ledger_it_was_asked(
    ref: ExternalRef, first: ExternalVersion, second: ExternalVersion
) -> None:
    ledger = SyncLedger().observe(ref, first, event_id="evt-1").ledger
    snapshot = SyncLedger(versions=dict(ledger.versions), event_ids=ledger.event_ids)
    ledger.observe(ref, second, event_id="evt-2")
    assert snapshot == ledger
