"""The retention rules of the Engine machine reach what they check, and fail on broken stores."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from ordercore.memory import MemoryStore
from ordercore.testing.stateful_engine import EngineMachine

_PREFIX_THEN_GAPS = 0b101010100111
"""A delivery mask: the first three messages in order, then every other one (out of order)."""


def a_machine_with_a_keyed_authorisation_a_day_old(machine: EngineMachine) -> EngineMachine:
    machine.place_order([("RETRO-CLOCK", 2), ("BLUE-VASE", 1)], True, 1)  # noqa: FBT003
    machine.authorise_with_a_key(0, Decimal("0.5"))
    machine.time_passes(24)
    machine.everything_adds_up()
    return machine


class LeakingStore(MemoryStore):
    """Prunes, but keeps the pruned messages' ids: its bookkeeping grows with history."""

    def prune_delivered(self, up_to: int | None = None) -> int:
        known = dict(self._message_ids)
        dropped = super().prune_delivered(up_to)
        self._message_ids.update(known)
        return dropped


class RenumberingStore(MemoryStore):
    """Prunes, but numbers what is left from 1 again."""

    def prune_delivered(self, up_to: int | None = None) -> int:
        dropped = super().prune_delivered(up_to)
        self._pruned = 0
        return dropped


class KeyHoardingStore(MemoryStore):
    """Never lets go of an idempotency key."""

    def expire_idempotency_keys(self, before: pendulum.DateTime) -> int:
        return 0


def test_a_relay_delivers_out_of_order_and_a_full_prune_keeps_only_pending_and_marks() -> None:
    machine = a_machine_with_a_keyed_authorisation_a_day_old(EngineMachine())
    machine.deliver_messages(12, _PREFIX_THEN_GAPS, True)  # noqa: FBT003 - highest first
    machine.everything_adds_up()
    machine.prune_delivered(True, 0)  # noqa: FBT003 - a full prune
    machine.everything_adds_up()
    assert isinstance(machine.store, MemoryStore)
    slots, marks, ids = machine.store.retained()
    assert 0 < marks
    assert len(machine.undelivered()) + marks == slots == ids
    assert len(machine.history) > slots


def test_a_retry_after_its_key_expired_runs_again_as_a_harmless_duplicate() -> None:
    machine = a_machine_with_a_keyed_authorisation_a_day_old(EngineMachine())
    ((name, _, _, key, first),) = machine.keyed
    machine.expire_keys(1)
    assert {key} == machine.expired
    machine.retry_an_expired_authorisation(0)
    (_, _, _, _, again) = machine.keyed[0]
    assert ("record_authorization", False, True) == (name, first.duplicate, again.duplicate)
    assert set() == machine.expired
    machine.retry_with_the_same_key(0)  # kept again: the stored (duplicate) result comes back
    machine.everything_adds_up()


class LeakingMachine(EngineMachine):
    store_type = LeakingStore


class RenumberingMachine(EngineMachine):
    store_type = RenumberingStore


class KeyHoardingMachine(EngineMachine):
    store_type = KeyHoardingStore


def test_the_machine_fails_on_a_store_whose_prune_leaks_ids() -> None:
    machine = a_machine_with_a_keyed_authorisation_a_day_old(LeakingMachine())
    machine.deliver_messages(12, _PREFIX_THEN_GAPS, False)  # noqa: FBT003
    with pytest.raises(AssertionError, match="after a full prune"):
        machine.prune_delivered(True, 0)  # noqa: FBT003 - a full prune


def test_the_machine_fails_on_a_store_whose_prune_renumbers_what_is_left() -> None:
    machine = a_machine_with_a_keyed_authorisation_a_day_old(RenumberingMachine())
    machine.deliver_messages(12, 0b1111, False)  # noqa: FBT003 - an in-order prefix
    with pytest.raises(AssertionError, match="pending"):
        machine.prune_delivered(True, 0)  # noqa: FBT003 - a full prune


def test_the_machine_fails_on_a_store_that_never_expires_a_key() -> None:
    machine = a_machine_with_a_keyed_authorisation_a_day_old(KeyHoardingMachine())
    with pytest.raises(AssertionError, match="kept: True"):
        machine.expire_keys(1)
