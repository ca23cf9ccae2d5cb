"""What a unit of work holds before it commits: staged rows, the read set, events, keys, numbers.

Pure bookkeeping, no I/O, shared by every store (memory, SQLite, PostgreSQL): they stage the same
way and differ only in what a staged row is (a frozen object, a JSON document) and in how they
write the staged changes in one step. An adapter owns one :class:`Staging` and asks its store
only for what is committed, through the small ``committed`` callables the methods take.

* A staged row is whatever the adapter's ``row`` function makes of the aggregate once its events
  and movements are pulled; :class:`StagedRow` is the JSON document the SQL adapters write. Text
  is immutable, so changing the object after ``save`` never changes what is committed.
* The read set is every (collection, key) handed out with the version it was read at; the commit
  checks that each one is still at that version (the "read check" that prevents write skew),
  not only the rows it writes.
* ``handed_out`` keeps the objects given to the caller, to refuse a commit when one of them
  changed but was not saved again (:class:`UnsavedChanges`).
* Every aggregate handed out gets an event sink of its own
  (:func:`~ordercore.kernel.events.attach`; the Engine's session attaches one to each new
  aggregate too): the sink holds its pending events (and a stock item's ledger movements) as
  its commands record them, and staging takes them from the sink and lets it go, so the
  commit never calls back into the aggregate and the staged row keeps no sink. An object
  without a sink (or without a ``sink`` field) is pulled as before (``pull_events()``,
  ``pull_movements()``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import attrs
import pendulum

from ordercore.domain.inventory.ledger import Movement
from ordercore.kernel.clock import instant
from ordercore.kernel.errors import ConcurrencyConflict, NotFound, ValidationError
from ordercore.kernel.events import DomainEvent, EventSink
from ordercore.ports.codec import Codec, JsonValue
from ordercore.ports.errors import (
    DuplicateEntity,
    IdempotencyKeyReused,
    LedgerOutOfSequence,
    UnsavedChanges,
)
from ordercore.ports.idempotency import IdempotencyRecord
from ordercore.ports.outbox import message_ids
from ordercore.ports.repositories import Collection

__all__ = [
    "KeepsDecoded",
    "StagedRow",
    "Staging",
    "aggregate_key",
    "aggregate_version",
    "json_staging",
    "outbox_rows",
    "pulled",
    "sort_key",
    "staged_documents",
]

R = TypeVar("R")

_SPARE_SINKS = 8
"""How many sinks a staging keeps to hand out again (a command stages a few aggregates)."""

Slot = tuple[str, str]


def aggregate_version(entity: object) -> int:
    """The aggregate's ``version``; :class:`ValidationError` unless it is an int."""
    version = getattr(entity, "version", None)
    if version.__class__ is int:  # the common case, checked in one step
        return version
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError("version", version, "an aggregate has an int version")
    return version


def aggregate_key(collection: Collection, entity: object) -> str:
    """The aggregate's key (its ``collection.key`` attribute); a non-empty str."""
    key = getattr(entity, collection.key, None)
    if not isinstance(key, str) or not key:
        raise ValidationError(collection.key, key, "an aggregate's key is a non-empty str")
    return key


def sort_key(slot: Slot) -> Slot:
    """The fixed order every commit locks and writes rows in (so commits never deadlock)."""
    return slot


def pulled(entity: object, method: str) -> list[Any]:
    """What ``entity.<method>()`` hands over (``pull_events``, ``pull_movements``); [] if none."""
    pull = getattr(entity, method, None)
    if pull is None:
        return []
    return list(pull()) if callable(pull) else []


@attrs.define
class Staging(Generic[R]):
    """Everything one unit of work has staged, read and drawn, until commit or rollback."""

    row: Callable[[str, Any, int, int | None], R]
    """Makes the staged row of (collection, aggregate, its version, the version it was read at)."""
    versions: Callable[[R], tuple[int, int | None]]
    """A staged row's version after the commit and the version it was read at (None: an add)."""
    rows: dict[Slot, R] = attrs.field(init=False)
    """Staged aggregates by (collection, key), in staging order."""
    reads: dict[Slot, int] = attrs.field(init=False)
    """The read set: the committed version each aggregate was first read at."""
    handed_out: dict[Slot, tuple[Any, int]] = attrs.field(init=False)
    """The last object handed out (or saved) per row, with its version at that moment."""
    events: list[DomainEvent] = attrs.field(init=False)
    """Events of the saved aggregates, in the order they were saved."""
    keys: dict[str, IdempotencyRecord] = attrs.field(init=False)
    """New idempotency records."""
    numbers: dict[str, tuple[int, int]] = attrs.field(init=False)
    """Numbers drawn: name → (the committed last number read, how many drawn since)."""
    movements: dict[str, list[Movement]] = attrs.field(init=False)
    """Ledger movements appended per SKU, in order."""
    sinks: list[EventSink] = attrs.field(init=False, repr=False, eq=False)
    """Event sinks staging let go, to hand out again (:meth:`EventSink.renew`; a few at most)."""

    def clear(self) -> None:
        """Forget everything (after commit or rollback): every part a new, empty container.

        Literals, in one place for the first time and every time after: an attrs factory per
        field would call ``dict()`` seven times (about 600 instructions more each), and a unit
        of work clears its staging once per command. Anything that kept a part of a finished
        unit of work (a ``Changes`` handed to a store) keeps what it was given.
        """
        self.rows = {}
        self.reads = {}
        self.handed_out = {}
        self.events = []
        self.keys = {}
        self.numbers = {}
        self.movements = {}
        self.sinks = []

    # a new staging starts cleared: clear() itself, without a method calling it (one per command)
    __attrs_post_init__ = clear

    def let_go(self) -> None:
        """:meth:`clear`, but a part that is empty already stays as it is.

        For an adapter that handed no part of its staging to anyone (it wrote copies of what
        they hold): a part that held something is a new empty container, as after
        :meth:`clear`, and an empty one is not replaced by another (most commands stage no key,
        number or movement; ~300 instructions each).
        """
        if self.rows:
            self.rows = {}
        if self.reads:
            self.reads = {}
        if self.handed_out:
            self.handed_out = {}
        if self.events:
            self.events = []
        if self.keys:
            self.keys = {}
        if self.numbers:
            self.numbers = {}
        if self.movements:
            self.movements = {}

    # -- aggregates -----------------------------------------------------------------------------

    def read(self, name: str, key: str, version: int) -> None:
        """Note that ``key`` was read from the store at ``version`` (the read set)."""
        self.reads.setdefault((name, key), version)

    def hand_out(self, name: str, key: str, entity: object, *, sink: bool = True) -> None:
        """Note an object given to the caller, to catch changes that are never saved.

        It gets an event sink of its own if it has none yet (:func:`attach`), unless ``sink``
        is false (an object just staged: its sink was taken and let go).
        """
        if sink:
            self.read_out(name, key, entity, None)
        else:
            self.handed_out[(name, key)] = (entity, aggregate_version(entity))

    def read_out(self, name: str, key: str, entity: object, version: int | None) -> None:
        """:meth:`read` at ``version``, then :meth:`hand_out` ``entity``, in one call.

        What a repository's ``find`` notes; ``version`` is ``None`` for an object thawed from a
        staged row (not read from the store now).
        """
        slot = (name, key)
        if version is not None:
            self.reads.setdefault(slot, version)
        now = getattr(entity, "version", None)
        if now.__class__ is not int:  # the common case is an int, checked in one step
            now = aggregate_version(entity)
        self.handed_out[slot] = (entity, now)
        # attach(entity), without the call (every read comes this way)
        sink = getattr(entity, "sink", False)  # False: no sink field (its events are pulled)
        if sink is None:
            sinks = self.sinks
            if sinks:  # one staging let go, made new (no new object: ~1k instructions)
                sink = sinks.pop()
                sink.renew(entity.events)  # type: ignore[attr-defined]
            else:
                sink = EventSink(entity.events)  # type: ignore[attr-defined]
            entity.sink = sink  # type: ignore[attr-defined]

    def check_add(
        self, collection: Collection, entity: object, stored: Callable[[str, str], int | None]
    ) -> str:
        """The key of a new ``entity``; :class:`DuplicateEntity` if it is staged or committed.

        ``stored(name, key)`` is the committed version of a key, ``None`` if there is none.
        """
        key = aggregate_key(collection, entity)
        aggregate_version(entity)
        if (collection.name, key) in self.rows or stored(collection.name, key) is not None:
            raise DuplicateEntity(collection.kind, key)
        return key

    def check_save(
        self,
        collection: Collection,
        entity: object,
        expected_version: int,
        stored: Callable[[str, str], int | None],
        *,
        trust_reads: bool = False,
    ) -> tuple[str, int | None]:
        """The key and base version of a save of ``entity`` read at ``expected_version``.

        The current version is the staged one, else ``stored(name, key)`` (the committed one):
        none is :class:`NotFound`, another one :class:`ConcurrencyConflict`; an aggregate whose
        version went down is a :class:`ValidationError`. With ``trust_reads`` an aggregate this
        unit of work read at ``expected_version`` is not looked up again: a rival's commit since
        then is the commit's to find (its base-version check raises the same
        :class:`ConcurrencyConflict`, naming the same versions, and writes nothing).
        """
        key = getattr(entity, collection.key, None)
        if key.__class__ is not str or not key:  # the common case, checked without the call
            key = aggregate_key(collection, entity)
        kind, name = collection.kind, collection.name
        slot = (name, key)
        staged = self.rows.get(slot)
        current: int | None
        if staged is not None:
            current, base = self.versions(staged)
        elif trust_reads and self.reads.get(slot) == expected_version:
            current = base = expected_version
        else:
            current = base = stored(name, key)
        if current is None:
            raise NotFound(kind, key)
        if expected_version.__class__ is not int and (  # the common case, checked in one step
            isinstance(expected_version, bool) or not isinstance(expected_version, int)
        ):
            raise ValidationError("expected_version", expected_version, "a version is an int")
        if expected_version != current:
            raise ConcurrencyConflict(kind, key, expected_version, current)
        version = getattr(entity, "version", None)
        if version.__class__ is not int:  # the common case is an int, checked in one step
            version = aggregate_version(entity)
        if version < current:
            raise ValidationError(
                "version", version, f"a saved aggregate is at least at version {current}"
            )
        return key, base

    def stage(
        self,
        name: str,
        key: str,
        entity: object,
        base: int | None,
        ledger: Callable[[str, list[Movement]], None] | None = None,
    ) -> None:
        """Stage ``entity``'s row after taking its events (outbox) and movements (ledger).

        They come from the aggregate's event sink, else from ``pull_events()`` and
        ``pull_movements()`` (an object the unit of work never handed a sink).

        The movements go to ``ledger(key, movements)`` when given (which checks and stages them
        before anything else is), else they are staged as they are (the commit checks them).
        """
        version = getattr(entity, "version", None)
        if version.__class__ is not int:  # the common case is an int, checked in one step
            version = aggregate_version(entity)
        sink: EventSink | None = getattr(entity, "sink", None)
        moved: list[Movement]
        if sink is not None and sink.ledger:
            moved = sink.movements[:]  # the sink holds its movements too
        elif hasattr(entity, "pull_movements"):  # a stock item that has not used its sink yet
            moved = pulled(entity, "pull_movements")
        else:
            moved = []
        if moved and ledger is not None:
            ledger(key, moved)
        slot = (name, key)
        if sink is None:
            events = pulled(entity, "pull_events")
            self.rows[slot] = self.row(name, entity, version, base)
            self.events.extend(events)
        else:
            # take_events(), straight into the staged events (no list between: ~1k saved);
            # the movements were read above. Taken before the row is made: a copy keeps none
            staged = self.events
            before = len(staged)
            sink.take_into(staged)
            entity.sink = None  # type: ignore[attr-defined]  # let go: the row keeps no sink
            try:
                self.rows[slot] = self.row(name, entity, version, base)
            except BaseException:
                del staged[before:]  # no row, so none of its events staged either
                raise
            if len(self.sinks) < _SPARE_SINKS:  # nobody holds it now: the next read's
                self.sinks.append(sink)
        if moved and ledger is None:
            self.movements.setdefault(key, []).extend(moved)
        self.handed_out[slot] = (entity, version)  # hand_out(sink=False), version known

    def check_saved(self, kinds: Mapping[str, str]) -> None:
        """Raise :class:`UnsavedChanges` if a handed-out object changed after its last save."""
        for (name, key), (entity, version) in self.handed_out.items():
            now = getattr(entity, "version", None)
            if now.__class__ is not int or now != version:  # aggregate_version refuses a non-int
                raise UnsavedChanges(kinds.get(name, name), key, version, aggregate_version(entity))
            sink: EventSink | None = getattr(entity, "sink", None)
            if getattr(entity, "events", None) or (sink and sink.movements):
                raise UnsavedChanges(kinds.get(name, name), key, version, now)

    def checked_reads(self) -> Iterator[tuple[Slot, int]]:
        """The read set minus the rows being written (their UPDATE checks them already)."""
        for slot, version in self.reads.items():
            if slot not in self.rows:
                yield slot, version

    # -- numbers, idempotency keys, ledger --------------------------------------------------------

    def draw(self, name: str, committed: Callable[[], int]) -> int:
        """The next number of ``name``; ``committed()`` (the last one taken) is asked once."""
        base, drawn = self.numbers.get(name) or (committed(), 0)
        self.numbers[name] = (base, drawn + 1)
        return base + drawn + 1

    def record(
        self, key: str, committed: Callable[[], IdempotencyRecord | None]
    ) -> IdempotencyRecord | None:
        """The idempotency record under ``key``: the staged one, else ``committed()``."""
        staged = self.keys.get(key)
        return staged if staged is not None else committed()

    def put(
        self,
        key: str,
        fingerprint: str,
        result: JsonValue,
        committed: Callable[[], IdempotencyRecord | None],
        recorded_at: pendulum.DateTime | None = None,
    ) -> None:
        """Stage ``result`` under ``key``, recorded at ``recorded_at`` (``None``: no instant).

        The same key with another fingerprint is :class:`IdempotencyKeyReused`; a key this unit
        of work already staged is :class:`DuplicateEntity`; a key another request committed
        (with the same fingerprint) is a retryable :class:`ConcurrencyConflict`.
        """
        if recorded_at is not None:
            recorded_at = instant(recorded_at, "recorded_at")
        old = self.record(key, committed)
        if old is not None and old.fingerprint != fingerprint:
            raise IdempotencyKeyReused(key, old.fingerprint, fingerprint)
        if key in self.keys:
            raise DuplicateEntity("idempotency key", key)
        if old is not None:  # another request with this key committed since: retry, recall
            raise ConcurrencyConflict("idempotency key", key, 0, 1)
        self.keys[key] = IdempotencyRecord(
            key=key, fingerprint=fingerprint, result=result, recorded_at=recorded_at
        )

    def append(self, sku: str, movements: Sequence[Movement], committed: Callable[[], int]) -> None:
        """Stage ``movements`` of ``sku``; each ``seq`` must follow the last one.

        The last one is the last staged, else ``committed()`` (the last committed ``seq``, 0 for
        none); a gap or a repeat is :class:`LedgerOutOfSequence` and stages nothing.
        """
        staged = self.movements.get(sku)
        last = staged[-1].seq if staged else committed()
        for offset, movement in enumerate(movements, start=1):
            if movement.seq != last + offset:
                raise LedgerOutOfSequence(sku, movement.seq, last + offset)
        self.movements.setdefault(sku, []).extend(movements)

    def movements_after(self, sku: str, after: int) -> list[Movement]:
        """The staged movements of ``sku`` with ``seq`` above ``after``."""
        return [m for m in self.movements.get(sku, []) if m.seq > after]


@attrs.frozen
class StagedRow:
    """One aggregate a SQL unit of work will write, as a JSON document."""

    body: str
    """Its JSON document."""
    version: int
    """Its version after the commit."""
    base: int | None
    """The version it was read at (``UPDATE ... WHERE version = base``); ``None`` for an add."""
    order_id: str | None
    """Its ``order_id`` attribute, if it has a str one (indexed, for ``for_order``)."""

    def versions(self) -> tuple[int, int | None]:
        """Its version after the commit and the version it was read at."""
        return self.version, self.base


class KeepsDecoded(Protocol):
    """Where a staging leaves what each document it writes decodes to (``DecodedDocuments``)."""

    def keep(self, name: str, body: str, entity: object) -> None:
        """Remember that ``body`` (of collection ``name``) decodes to ``entity`` as it is now."""
        ...


def json_staging(codec: Codec, decoded: KeepsDecoded | None = None) -> Staging[StagedRow]:
    """A :class:`Staging` whose rows are JSON documents made by ``codec`` (the SQL adapters).

    With ``decoded`` (the store's :class:`~ordercore.ports.documents.DecodedDocuments`), each
    document it writes is kept there with the object it was made from, so the next read of that
    text is a copy instead of a decoding.
    """

    def row(name: str, entity: object, version: int, base: int | None) -> StagedRow:
        order_id = getattr(entity, "order_id", None)
        body = codec.dumps(entity)
        if decoded is not None:
            decoded.keep(name, body, entity)
        return StagedRow(body, version, base, order_id if isinstance(order_id, str) else None)

    return Staging(row, StagedRow.versions)


def staged_documents(
    staging: Staging[StagedRow],
    name: str,
    attribute: str,
    value: str,
    found: dict[str, tuple[str, int | None]],
) -> None:
    """Let the staged documents of ``name`` win over the committed ones ``found`` by ``where``.

    ``found`` maps key → (document, committed version); a staged document replaces the committed
    one, and joins (version ``None``) only when its ``attribute`` equals ``value``.
    """
    for (staged_name, key), staged in staging.rows.items():
        if staged_name != name:
            continue
        found.pop(key, None)
        if json.loads(staged.body).get(attribute) == value:
            found[key] = (staged.body, None)


def outbox_rows(codec: Codec, events: list[DomainEvent]) -> list[tuple[str, str]]:
    """(message id, event JSON) for each event, ids made unique per entity and version."""
    return list(zip(message_ids(events), [codec.dumps(event) for event in events], strict=True))
