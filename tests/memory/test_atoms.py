import gc
from decimal import Decimal
from typing import Any

import pendulum

from ordercore.domain.inventory.ledger import Movement, MovementKind
from ordercore.kernel.money import Money
from ordercore.memory.atoms import pack, unpack
from ordercore.ports.outbox import OutboxMessage

AT = pendulum.datetime(2026, 3, 29, 1, 30, tz="Europe/Paris")


def _same(value: Any) -> tuple[Any, Any, str]:
    return type(value), value, repr(value)


def test_a_ledger_row_unpacks_equal_to_what_was_packed() -> None:
    row = Movement(3, MovementKind.RESERVE, "WH-1", None, 0, 2, 0, AT, "", "O-1/line-1", None)
    assert _same(row) == _same(unpack(pack(row)))


def test_a_nested_value_unpacks_equal_and_a_new_object() -> None:
    message = OutboxMessage(
        id="m-1",
        sequence=1,
        event=Money.of("19.99", "USD"),  # type: ignore[arg-type]
    )
    value = (message, {"a": [1], "b": frozenset({Decimal("1.5")})}, pendulum.date(2026, 1, 2))
    unpacked = unpack(pack(value))
    assert _same(value) == _same(unpacked)
    assert unpacked[1] is not value[1]
    assert hash(Money.of("19.99", "USD")) == hash(unpack(pack(Money.of("19.99", "USD"))))


def test_a_packed_value_of_atoms_is_left_untracked_by_the_collector() -> None:
    row = Movement(1, MovementKind.PICK, "WH-1", "LOT-1", -1, -1, 1, AT, "why", None, None)
    packed = pack((row, Money.of("1.00", "EUR")))
    for _ in range(3):
        gc.collect()
    assert False is gc.is_tracked(packed)
