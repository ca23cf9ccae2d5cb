"""What the adapters' runs of the Engine machine share (SQLite, PostgreSQL).

The same two starts as ``tests/service/test_stateful_engine.py`` gives the memory store's
machine (an adapter's test combines them with its own machine, e.g.
``class SqliteShippingMachine(SqliteEngineMachine, FromAnAllocatedOrder)``), and the
whole-store view the machine's checks compare, built from a SQL store's table rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize

from ordercore.domain.inventory.ledger import Movement
from ordercore.kernel.events import DomainEvent
from ordercore.memory.store import StoreSnapshot
from ordercore.ports.codec import Codec
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.outbox import OutboxMessage
from ordercore.ports.retention import recorded_instant
from ordercore.testing.stateful_engine import EngineMachine, order_lines


class FromAnAllocatedOrder(EngineMachine):
    """From an allocated B2B order, so shipments, pick lists and packings get going early."""

    @initialize(lines=order_lines())
    def an_allocated_order(self, lines: list[tuple[str, int]]) -> None:
        """A B2B order is placed, confirmed and allocated."""
        self.place_order(lines, False, 1)  # noqa: FBT003 - the rule's own argument
        self.confirm(0)
        self.allocate(0)


class FromDayOldKeys(EngineMachine):
    """From keyed authorisations a day old and messages delivered, often pruned and expired.

    The memory store's start without the prune and the expiry; an adapter's runs are fewer,
    so its start lets go of history at once (else few runs draw a full prune at all).
    """

    @initialize(
        lines=order_lines(),
        mask=st.integers(0, 2**12 - 1),
        prune=st.booleans(),
        window=st.sampled_from([None, 0, 24]),
    )
    def day_old_keys_and_delivered_messages(
        self, lines: list[tuple[str, int]], mask: int, prune: bool, window: int | None
    ) -> None:
        """A paid order, a keyed authorisation and capture, a day, a relay's deliveries.

        Then maybe a full prune and an expiry of the keys older than ``window`` hours.
        """
        self.place_order(lines, True, 1)  # noqa: FBT003 - the rule's own argument
        self.authorise_with_a_key(0, Decimal("0.5"))
        self.capture(0, Decimal("0.5"))
        self.time_passes(24)
        self.everything_adds_up()  # the check records the messages so far: the model's history
        self.deliver_messages(12, mask, False)  # noqa: FBT003 - the rule's own argument
        if prune:
            self.prune_delivered(True, 0)  # noqa: FBT003 - the rule's own argument
        if window is not None:
            self.expire_keys(window)


def fewer(examples: int, steps: int) -> settings:
    """The profile's settings with at most ``examples`` runs of ``steps`` steps each."""
    return settings(
        settings(), max_examples=min(examples, settings().max_examples), stateful_step_count=steps
    )


def table_snapshot(
    codec: Codec,
    types: Mapping[str, type],
    *,
    aggregates: Iterable[tuple[str, str, str]],
    outbox: Iterable[tuple[str, int, str, bool]],
    keys: Iterable[tuple[str, str, str, int | None]],
    ledger: Iterable[tuple[str, str]],
    numbers: Iterable[tuple[str, int]],
) -> StoreSnapshot:
    """A SQL store's tables as the snapshot the machine compares, decoded as its reads decode.

    ``aggregates``: (collection, key, JSON body); ``outbox``: (id, sequence, JSON event,
    delivered) in sequence order; ``keys``: (key, fingerprint, JSON result, recorded at in
    epoch microseconds or None); ``ledger``: (sku, JSON movement) in ``seq`` order per SKU;
    ``numbers``: (name, last number taken).
    """
    messages = list(outbox)
    movements: dict[str, list[Movement]] = {}
    for sku, body in ledger:
        movements.setdefault(sku, []).append(codec.decode(Movement, json.loads(body)))
    return StoreSnapshot(
        rows={(name, key): codec.loads(types[name], body) for name, key, body in aggregates},
        outbox=tuple(
            OutboxMessage(id=id_, sequence=sequence, event=codec.loads(DomainEvent, body))
            for id_, sequence, body, _ in messages
        ),
        delivered=frozenset(id_ for id_, _, _, delivered in messages if delivered),
        idempotency={
            key: IdempotencyRecord(
                key=key,
                fingerprint=fingerprint,
                result=json.loads(result),
                recorded_at=recorded_instant(at),
            )
            for key, fingerprint, result, at in keys
        },
        ledger={sku: tuple(rows) for sku, rows in movements.items()},
        numbers=dict(numbers),
    )
