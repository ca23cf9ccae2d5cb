"""The Engine's argument checks as data: ``bind`` checks, binds what was collected, and says so."""

import functools
from collections.abc import Iterable

import pytest

from ordercore.kernel.errors import WrongType
from ordercore.service import arguments as check


def ship(order_id: str, tracking: Iterable[str]) -> tuple[str, Iterable[str]]:
    return order_id, tracking


def test_bind_keeps_the_command_when_no_rule_collects_anything() -> None:
    command = functools.partial(ship, order_id="ORDER-1", tracking=["1Z-1"])
    bound, collected = check.bind({"order_id": check.an_id}, command, {"order_id": "ORDER-1"})
    assert (command, None) == (bound, collected)


def test_bind_hands_the_command_the_list_a_rule_collected_from_a_generator() -> None:
    numbers = (number for number in ["1Z-1", "1Z-2"])
    command = functools.partial(ship, order_id="ORDER-1", tracking=numbers)
    bound, collected = check.bind(
        {"order_id": check.an_id, "tracking": check.texts},
        command,
        {"order_id": "ORDER-1", "tracking": numbers},
    )
    assert {"tracking": ["1Z-1", "1Z-2"]} == collected
    assert ("ORDER-1", ["1Z-1", "1Z-2"]) == bound()


def test_apply_is_bind_with_the_checked_arguments() -> None:
    arguments = {"order_id": "ORDER-1", "tracking": ("1Z-1",)}
    checks = {"order_id": check.an_id, "tracking": check.texts}
    _command, accepted = check.apply(checks, ship, arguments)
    assert {"order_id": "ORDER-1", "tracking": ["1Z-1"]} == accepted


def test_bind_refuses_the_first_wrong_argument_and_checks_nothing_after_it() -> None:
    checks = {"order_id": check.an_id, "tracking": check.texts}
    with pytest.raises(WrongType, match="order_id"):
        check.bind(checks, ship, {"order_id": 7, "tracking": "not a list"})
