"""A small JSON codec for attrs aggregates and events, so adapters can store them as documents.

A database adapter stores each aggregate as one JSON document beside its key and version (a
``jsonb`` column in PostgreSQL, ``TEXT`` in SQLite) and each outbox event the same way. The codec
is driven by the attrs field annotations, so decoding never imports a class named in the data:
an attrs value is written with a ``"__type__"`` tag, and the tag is only looked up among the
annotated class and its subclasses (how a ``list[DomainEvent]`` finds ``StockReserved``).

It knows ``None``, ``bool``, ``int``, ``str``, ``float``, ``Decimal`` (as a string, exactly),
enums (by value), pendulum/stdlib instants (ISO 8601, plus the zone name when the zone is named),
dates, durations, ``tuple``/``list``/``set``/``frozenset``, ``dict`` (an object when every key is
a string, else a list of pairs), ``NewType`` ids, unions and nested attrs classes such as
``Money``. Fields in ``skip`` (by default ``events``, ``sink``, ``_movements`` and
``_closing``: new events and ledger movements are pulled into the outbox and the ledger
stream, never stored in the aggregate's document) are left out and come back as their default.

Decoding is strict: whatever is wrong with a stored document (a missing field, a value of the
wrong type, a decimal written ``"1,5"``, an unknown zone, enum value or tag, a duration where an
instant belongs, text that is not JSON) raises :class:`~ordercore.ports.errors.CorruptDocument`
naming the document, the path inside it (``reservations['R-1'].allocations[0].units``) and the
value, never a bare ``ValueError`` or a parser's own exception. A field this release does not
know (a newer release wrote it) is refused, never dropped. A field named ``version`` must hold a
whole number >= 0. Documents the codec accepts as they are (documented accepts): a missing field
that has a default takes the default; a document without ``"__schema__"`` (written before
schemas) is read as schema 1; an instant written without an offset is read as UTC.

Schema: :meth:`Codec.dumps` of an aggregate (an attrs value with ``version`` and ``events``
fields) writes ``"__schema__": SCHEMA`` beside its fields; a document of a newer schema is refused
with an error that says to upgrade. Invariants: after decoding an attrs value the codec runs its
field validators and, when its class defines it, ``check_invariants(self) -> None``; an
aggregate author implements that hook to refuse what no command could have produced (negative
stock, buckets that do not sum), raising an ``OrdercoreError``. Either failing makes the document
corrupt.

Speed: :meth:`Codec.dumps` and :meth:`Codec.loads` (what adapters call on every command) run
per-class compiled writers and readers, closures built the first time a class or a hint is met
(never at import): a writer writes the JSON text straight from an attrs value, byte for byte
what ``json.dumps(document(value), sort_keys=True, separators=(",", ":"))`` writes; a reader
builds the value from the parsed document with each field's reader and setter worked out ahead.
:meth:`Codec.encode`, :meth:`Codec.document` and :meth:`Codec.reference_decode` are the
reference walk the compiled paths replaced and are held to: whenever a reader meets what it
cannot read, the walk reads the document again and decides (a refusal is the walk's own, path
and all). Immutable values met again (a ``Currency``, a ``Money`` in every document) are read
once per distinct document (interned) and their text is remembered per object.

>>> from ordercore.kernel.money import Money
>>> codec = Codec()
>>> codec.dumps(Money.of("19.99", "USD"))
'{"__type__":"Money","amount":"19.99","currency":{"__type__":"Currency","code":"USD","exponent":2}}'
>>> codec.loads(Money, codec.dumps(Money.of("19.99", "USD"))) == Money.of("19.99", "USD")
True
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import json
import operator
import types
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeAlias, TypeVar

import attrs
import pendulum

from ordercore.kernel.copies import immutable_type
from ordercore.kernel.errors import OrdercoreError, ValidationError, WrongType
from ordercore.ports.errors import CorruptDocument

__all__ = ["SCHEMA", "Codec", "JsonValue", "type_tag"]

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
"""A value that ``json`` can write: what the codec produces and reads."""

T = TypeVar("T")

_TAG = "__type__"
_SCHEMA_KEY = "__schema__"
_UNSTORED = frozenset({"events", "sink", "_movements", "_closing"})
"""The fields :class:`Codec` leaves out by default (its ``skip``)."""


SCHEMA = 1
"""The schema version this release writes into aggregate documents, and the newest it reads."""


def type_tag(cls: type) -> str:
    """The tag the codec writes for an attrs class: its qualified name (``"StockReserved"``).

    Not its module: decoding looks a tag up only among the annotated class and its subclasses,
    so the name is enough, and moving a class to another module does not orphan stored
    documents. Two subclasses of one annotated base with the same name are refused as ambiguous.
    """
    return cls.__qualname__


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


class _Refused(Exception):
    """A stored value that cannot be read; the path is collected on the way back up."""

    def __init__(self, value: object, rule: str) -> None:
        super().__init__(rule)
        self.value, self.rule = value, rule
        self.segments: list[str] = []

    def at(self, segment: str) -> _Refused:
        """This refusal, one step further out (``.name``, ``[3]``, ``['key']``)."""
        self.segments.append(segment)
        return self


def _describe(hint: Any) -> str:
    return hint.__qualname__ if isinstance(hint, type) else str(hint)


def _subclass_by_tag(base: type, tag: str) -> type | None:
    if not base.__subclasses__():  # a leaf class (Money, Currency...): only itself can match
        return base if type_tag(base) == tag and "__attrs_attrs__" in vars(base) else None
    found: dict[type, None] = {}
    pending = [base]
    while pending:
        cls = pending.pop()
        # attrs rebuilds a slotted class and leaves the original behind (in __subclasses__()
        # until the garbage collector runs): only the class attrs made is the live one
        if type_tag(cls) == tag and "__attrs_attrs__" in vars(cls):
            found[cls] = None
        pending.extend(cls.__subclasses__())
    if len(found) > 1:
        names = sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in found)
        raise _Refused(tag, f"the name is ambiguous under {base.__qualname__}: {names}").at(_TAG)
    return next(iter(found), None)


@attrs.frozen
class _Plan:
    """How to read one attrs class: its fields with their hints and defaults, and its checks."""

    fields: tuple[tuple[str, Any, Any, type | None, tuple[_Kind, Any] | None], ...]
    """(name, hint, default, the hint's class when it is a plain scalar (read as it is), and
    the hint's kind when it could be worked out ahead)."""
    names: frozenset[str]
    validates: bool
    hook: Any
    aggregate: bool
    cached_hash: bool
    """Whether the class caches its hash (``attrs.frozen(cache_hash=True)``): its cache slot
    starts empty, as ``__init__`` leaves it, or hashing a decoded value fails."""


_HASH_CACHE = "_attrs_cached_hash"
"""The slot attrs keeps a cached hash in (``cache_hash=True``); ``None`` until first hashed."""


@functools.cache
def _plan(cls: type) -> _Plan:
    hints = _hints(cls)
    fields = attrs.fields(cls)
    names = frozenset(field.name for field in fields)
    return _Plan(
        fields=tuple(
            (
                f.name,
                hints.get(f.name, Any),
                f.default,
                _scalar(hints.get(f.name, Any)),
                _ahead(hints.get(f.name, Any)),
            )
            for f in fields
        ),
        names=names,
        validates=any(field.validator is not None for field in fields),
        hook=getattr(cls, "check_invariants", None),
        aggregate={"version", "events"} <= names,
        cached_hash=_HASH_CACHE in getattr(cls, "__slots__", ()),
    )


def _ahead(hint: Any) -> tuple[_Kind, Any] | None:
    """``hint``'s kind, worked out when the class is planned (``None``: when a value is read)."""
    try:
        return _kind_of(hint)
    except (OrdercoreError, TypeError):
        return None


def _scalar(hint: Any) -> type | None:
    """``hint``'s class when it is ``str``, ``int``, ``bool`` or ``float`` (or a NewType of one).

    A JSON value of exactly that class is what :meth:`Codec._decode` would return unchanged, so
    the hot loops take it as it is and leave every other value to the full dispatch.
    """
    try:
        kind, target = _kind_of(hint)
    except (OrdercoreError, TypeError):  # refused when a value is read, as before
        return None
    return target if kind is _Kind.SCALAR and target in {str, int, bool, float} else None


def _is_version(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class _Kind(enum.Enum):
    """How a hint is read; worked out once per hint (:func:`_kind_of`)."""

    ANY = enum.auto()
    UNION = enum.auto()
    LITERAL = enum.auto()
    GENERIC = enum.auto()
    NONE = enum.auto()
    ATTRS = enum.auto()
    ENUM = enum.auto()
    NAMED_TUPLE = enum.auto()
    SCALAR = enum.auto()
    DECIMAL = enum.auto()
    INSTANT = enum.auto()
    DATE = enum.auto()
    DURATION = enum.auto()
    OTHER = enum.auto()


def _kind_of(hint: Any) -> tuple[_Kind, Any]:
    try:
        return _cached_kind(hint)
    except TypeError:  # an unhashable typing form: work it out each time
        return _classify(hint)


def _classify(hint: Any) -> tuple[_Kind, Any]:  # noqa: PLR0911 - one answer per kind of hint
    while getattr(hint, "__supertype__", None) is not None:  # a NewType id
        hint = hint.__supertype__
    if hint is Any or hint is object or isinstance(hint, TypeVar):
        return _Kind.ANY, hint
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return _Kind.UNION, hint
    if origin is typing.Literal:
        return _Kind.LITERAL, hint
    if origin is not None:  # worked out once: (origin, args), not the hint itself
        return _Kind.GENERIC, (origin, typing.get_args(hint))
    if hint is None or hint is type(None):
        return _Kind.NONE, hint
    if not isinstance(hint, type):
        raise WrongType("hint", hint, "the codec decodes classes and typing forms only")
    for kind, test in _CLASS_KINDS:
        if test(hint):
            return kind, hint
    return _Kind.OTHER, hint


_CLASS_KINDS: tuple[tuple[_Kind, Any], ...] = (
    (_Kind.ATTRS, attrs.has),
    (_Kind.ENUM, lambda hint: issubclass(hint, enum.Enum)),
    (_Kind.NAMED_TUPLE, lambda hint: issubclass(hint, tuple) and hasattr(hint, "_fields")),
    (_Kind.SCALAR, lambda hint: issubclass(hint, bool | str | int | float)),
    (_Kind.DECIMAL, lambda hint: issubclass(hint, Decimal)),
    (_Kind.INSTANT, lambda hint: issubclass(hint, _dt.datetime)),
    (_Kind.DATE, lambda hint: issubclass(hint, _dt.date)),
    (_Kind.DURATION, lambda hint: issubclass(hint, _dt.timedelta)),
)

_cached_kind = functools.cache(_classify)


@attrs.frozen
class Codec:
    """Encode attrs values to JSON-ready data and decode them back, guided by annotations."""

    skip: frozenset[str] = _UNSTORED
    """Field names never written (and restored to their default when read)."""

    def dumps(self, value: object) -> str:
        """``value`` as compact, key-sorted JSON text (stable: equal values give equal text).

        The text is ``json.dumps(self.document(value), sort_keys=True, separators=(",", ":"))``
        byte for byte; an attrs value is written by its class's compiled writer
        (:func:`_attrs_writer`), which writes that text without building the document first.
        """
        return _texts(self.skip).document(type(value))(value)

    def loads(self, hint: type[T], text: str | bytes) -> T:
        """The value of type ``hint`` that :meth:`dumps` wrote as ``text``.

        Raises :class:`~ordercore.ports.errors.CorruptDocument` for anything it cannot read.
        """
        try:
            data = json.loads(text)
        except (ValueError, TypeError, RecursionError) as error:
            raise CorruptDocument(
                _describe(hint), "", text, f"a document is JSON: {error}"
            ) from None
        if type(data) is dict and _SCHEMA_KEY in data:  # the parsed document is ours to change
            data = self._schema_checked(hint, data)
            del data[_SCHEMA_KEY]
        value: T = self._read(hint, data)
        return value

    def document(self, value: object) -> JsonValue:
        """:meth:`encode`, plus ``"__schema__": SCHEMA`` when ``value`` is an aggregate."""
        data = self.encode(value)
        cls: Any = type(value)
        if isinstance(data, dict) and attrs.has(cls) and _plan(cls).aggregate:
            data[_SCHEMA_KEY] = SCHEMA
        return data

    def encode(self, value: object) -> JsonValue:
        """``value`` as JSON-ready data (dicts, lists, strings, numbers, booleans, None)."""
        cls = type(value)
        if cls is str or cls is int or cls is bool or value is None:
            return value  # type: ignore[return-value]
        handler = _ENCODERS.get(cls)
        if handler is None:
            handler = _ENCODERS[cls] = _encoder_for(cls)
        return handler(self, value)

    def _encode_instant(self, value: _dt.datetime) -> JsonValue:
        if value.tzinfo is None:
            raise ValidationError("value", value, "only timezone-aware instants are stored")
        if isinstance(value.tzinfo, pendulum.Timezone):
            return [value.isoformat(), value.tzinfo.name]
        return value.isoformat()

    def _encode_attrs(self, value: object) -> JsonValue:
        cls: Any = type(value)
        tag, names = _layout(cls, self.skip)
        data: dict[str, JsonValue] = {_TAG: tag}
        encode = self.encode
        for name in names:
            item = getattr(value, name)
            kind = type(item)
            data[name] = item if kind is str or kind is int or item is None else encode(item)
        return data

    def _encode_mapping(self, value: Mapping[Any, Any]) -> JsonValue:
        if all(isinstance(key, str) for key in value):
            return {str(self.encode(key)): self.encode(item) for key, item in value.items()}
        return [[self.encode(key), self.encode(item)] for key, item in value.items()]

    def decode(self, hint: Any, data: JsonValue) -> Any:
        """The value of type ``hint`` (a class or a typing form) that ``data`` encodes.

        Raises :class:`~ordercore.ports.errors.CorruptDocument` naming the path and the value
        for anything it cannot read, and for a document of a newer schema.
        """
        if isinstance(data, dict) and _SCHEMA_KEY in data:
            data = self._schema_checked(hint, data)
            data = {key: item for key, item in data.items() if key != _SCHEMA_KEY}
        return self._read(hint, data)

    def _schema_checked(self, hint: Any, data: dict[str, JsonValue]) -> dict[str, JsonValue]:
        """``data``, once its ``"__schema__"`` is one this release reads (else refused)."""
        schema = data[_SCHEMA_KEY]
        if not _is_version(schema):
            rule = "a schema version is a whole number >= 0"
            raise CorruptDocument(_describe(hint), _SCHEMA_KEY, schema, rule)
        if typing.cast("int", schema) > SCHEMA:
            rule = (
                f"a newer release wrote this document; this release reads schema {SCHEMA} "
                "and older: upgrade ordercore to read it"
            )
            raise CorruptDocument(_describe(hint), _SCHEMA_KEY, schema, rule)
        return data

    def _read(self, hint: Any, data: JsonValue) -> Any:
        """``data`` read as ``hint`` by the compiled readers, or refused by the reference walk.

        The compiled reader of ``hint`` (:func:`_reader`) reads a sound document; whatever it
        cannot read (it raises, whatever the exception) is read again by the reference walk
        (:meth:`reference_decode`), which names the path, the value and the rule of the
        refusal, so a refusal is the same whichever path met it first.
        """
        try:
            return _reader(hint)(data)
        except Exception:  # noqa: BLE001 - any miss is re-read by the walk, which decides
            return self.reference_decode(hint, data)

    def reference_decode(self, hint: Any, data: JsonValue) -> Any:
        """:meth:`decode` by the reference walk alone, every field dispatched on its hint.

        Slower than the compiled readers and the judge of what they read: it decides every
        refusal, and the tests hold the compiled path to it. ``data`` holds no
        ``"__schema__"`` key (:meth:`decode` checks and removes it).
        """
        try:
            return self._decode(hint, data)
        except _Refused as refused:
            path = "".join(reversed(refused.segments)).removeprefix(".")
            error = CorruptDocument(_describe(hint), path, refused.value, refused.rule)
            raise error from refused.__cause__

    def _decode(self, hint: Any, data: JsonValue) -> Any:
        kind, target = _kind_of(hint)
        return self._decode_kind(kind, target, data)

    def _decode_kind(self, kind: _Kind, target: Any, data: JsonValue) -> Any:  # noqa: PLR0911, PLR0912 - a dispatch table
        if kind is _Kind.SCALAR:
            if isinstance(data, target):
                if isinstance(data, bool) and target is not bool:
                    raise _Refused(data, f"a {target.__name__} is expected, not a bool")
                return data
            if target is float and isinstance(data, int) and not isinstance(data, bool):
                return float(data)
        elif kind is _Kind.ATTRS:
            return self._decode_attrs(target, data)
        elif kind is _Kind.GENERIC:
            return self._decode_generic(target[0], target[1], data)
        elif kind is _Kind.UNION:
            return self._decode_union(target, data)
        elif kind is _Kind.ANY:
            return data
        elif kind is _Kind.NONE:
            if data is None:
                return None
            raise _Refused(data, "null is expected here")
        elif kind is _Kind.ENUM:
            return self._decode_enum(target, data)
        elif kind is _Kind.NAMED_TUPLE:
            return self._decode_named_tuple(target, data)
        elif kind is _Kind.LITERAL:
            if any(data == a and type(data) is type(a) for a in typing.get_args(target)):
                return data
            raise _Refused(data, f"one of {list(typing.get_args(target))}")
        elif kind is _Kind.DECIMAL and isinstance(data, str):
            return _decimal(data)
        elif kind is _Kind.INSTANT:
            return _instant(data)
        elif kind is _Kind.DATE and isinstance(data, str):
            try:
                return pendulum.Date.fromisoformat(data)
            except ValueError:
                raise _Refused(data, "a date is ISO 8601 text like '2026-11-26'") from None
        elif kind is _Kind.DURATION and isinstance(data, int) and not isinstance(data, bool):
            return pendulum.duration(microseconds=data)
        raise _Refused(data, f"this stored value cannot be read as {_describe(target)}")

    def _decode_enum(self, hint: type[enum.Enum], data: JsonValue) -> Any:
        try:
            return hint(data)
        except (ValueError, TypeError):
            known = [member.value for member in hint]
            raise _Refused(data, f"a {hint.__qualname__} is one of {known}") from None

    def _decode_named_tuple(self, hint: type, data: JsonValue) -> Any:
        names: tuple[str, ...] = hint._fields  # type: ignore[attr-defined]
        if not isinstance(data, list) or len(data) != len(names):
            rule = f"a {hint.__qualname__} is stored as a list of {len(names)} items"
            raise _Refused(data, rule)
        fields = _hints(hint)  # a NamedTuple: rebuild it field by field
        items = []
        for name, item in zip(names, data, strict=True):
            try:
                items.append(self._decode(fields[name], item))
            except _Refused as refused:
                raise refused.at(f".{name}") from refused.__cause__
        try:
            return hint(*items)
        except (OrdercoreError, ValueError, TypeError) as error:
            raise _Refused(data, str(error)) from error

    def _decode_union(self, hint: Any, data: JsonValue) -> Any:
        options = typing.get_args(hint)
        if data is None and type(None) in options:
            return None
        tag = data.get(_TAG) if isinstance(data, dict) else None
        for option in options:
            if option is type(None):
                continue
            if tag is not None and isinstance(option, type) and attrs.has(option):
                if _subclass_by_tag(option, str(tag)) is not None:
                    return self._decode(option, data)
                continue
            try:
                return self._decode(option, data)
            except _Refused:
                continue
        raise _Refused(data, f"no member of {_describe(hint)} reads it")

    def _decode_generic(self, origin: Any, args: tuple[Any, ...], data: JsonValue) -> Any:
        if origin in {list, tuple, set, frozenset}:
            if not isinstance(data, list):
                raise _Refused(data, f"a {origin.__name__} is stored as a list")
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                if len(data) != len(args):
                    raise _Refused(data, f"a list of {len(args)} items is expected")
                return tuple(self._items(args, data))
            items = self._items([args[0] if args else Any] * len(data), data)
            if origin is list:
                return items
            try:
                return origin(items)
            except TypeError:
                raise _Refused(data, "the items of a set are hashable") from None
        if origin in {dict, Mapping}:
            return self._decode_mapping(args or (Any, Any), data)
        raise _Refused(data, f"this stored value cannot be read as {origin!r}")

    def _items(self, hints: Sequence[Any], data: list[JsonValue]) -> list[Any]:
        scalar = _scalar(hints[0]) if data and all(hint is hints[0] for hint in hints) else None
        if scalar is not None and all(type(item) is scalar for item in data):
            return list(data)
        items = []
        for index, (hint, item) in enumerate(zip(hints, data, strict=True)):
            try:
                items.append(self._decode(hint, item))
            except _Refused as refused:
                raise refused.at(f"[{index}]") from refused.__cause__
        return items

    def _decode_mapping(self, hints: tuple[Any, ...], data: JsonValue) -> dict[Any, Any]:
        key_hint, value_hint = hints
        if isinstance(data, dict):
            pairs: list[Any] = list(data.items())
        elif isinstance(data, list):
            pairs = data
        else:
            raise _Refused(data, "a mapping is stored as an object or a list of pairs")
        decoded: dict[Any, Any] = {}
        for index, pair in enumerate(pairs):
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise _Refused(pair, "a mapping's entry is a [key, value] pair").at(f"[{index}]")
            key, item = pair
            try:
                decoded_key = self._decode(key_hint, key)
                decoded[decoded_key] = self._decode(value_hint, item)
            except _Refused as refused:
                raise refused.at(f"[{key!r}]") from refused.__cause__
            except TypeError:
                raise _Refused(key, "a mapping's key is hashable").at(f"[{key!r}]") from None
        if len(decoded) != len(pairs):
            raise _Refused(data, "a mapping holds each key once")
        return decoded

    def _decode_attrs(self, hint: type, data: JsonValue) -> Any:
        if not isinstance(data, dict):
            raise _Refused(data, f"a {hint.__qualname__} is stored as an object")
        tag = data.get(_TAG)
        cls = _subclass_by_tag(hint, tag) if isinstance(tag, str) else None
        if cls is None:
            rule = f"the tag names {type_tag(hint)} or one of its subclasses"
            raise _Refused(tag, rule).at(f".{_TAG}")
        plan = _plan(cls)
        value: Any = object.__new__(cls)
        if plan.cached_hash:
            object.__setattr__(value, _HASH_CACHE, None)
        found = 0
        for name, field_hint, default, scalar, ahead in plan.fields:
            if name in data:
                found += 1
                item = data[name]
                if scalar is None or type(item) is not scalar:
                    try:
                        kind, target = ahead or _kind_of(field_hint)
                        item = self._decode_kind(kind, target, item)
                    except _Refused as refused:
                        raise refused.at(f".{name}") from refused.__cause__
                if name == "version" and not _is_version(item):
                    raise _Refused(item, "a version is a whole number >= 0").at(f".{name}")
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                factory: Any = default
                item = factory.factory(value) if factory.takes_self else factory.factory()
            elif default is not attrs.NOTHING:
                item = default
            else:
                raise _Refused(None, f"a {cls.__qualname__} needs this field").at(f".{name}")
            object.__setattr__(value, name, item)
        if found + 1 != len(data):
            unknown = sorted(set(data) - plan.names - {_TAG})[0]
            rule = (
                f"a {cls.__qualname__} has no such field in this release (a newer release "
                "wrote it?): it is refused, never dropped"
            )
            raise _Refused(data[unknown], rule).at(f".{unknown}")
        _check(plan, value)
        return value


_Encoder: TypeAlias = "typing.Callable[[Codec, Any], JsonValue]"

_ENCODERS: dict[type, _Encoder] = {}
"""How each concrete type of value is encoded, worked out once per type (:func:`_encoder_for`)."""


def _encoder_for(cls: type) -> _Encoder:  # noqa: PLR0911 - one answer per kind of value
    """The encoder of values of exactly ``cls``: the checks :meth:`Codec.encode` documents.

    Every check depends only on the value's class, so the answer is kept per class. The order
    is the one a value is tested in (an enum before the ``int``/``str`` it may also be).
    """
    if issubclass(cls, enum.Enum):
        return lambda codec, value: codec.encode(value.value)
    if cls is type(None) or issubclass(cls, (bool, int, float)):
        return lambda codec, value: value
    if issubclass(cls, str | Decimal):
        return lambda codec, value: str(value)
    if issubclass(cls, _dt.datetime):
        return Codec._encode_instant
    if issubclass(cls, _dt.date):
        return lambda codec, value: value.isoformat()
    if issubclass(cls, _dt.timedelta):
        return _encode_duration
    if attrs.has(cls):
        return Codec._encode_attrs
    if issubclass(cls, Mapping):
        return Codec._encode_mapping
    if issubclass(cls, set | frozenset):
        return _encode_set
    if issubclass(cls, list | tuple):
        return lambda codec, value: [codec.encode(item) for item in value]
    return _refuse_value


def _encode_duration(_: Codec, value: _dt.timedelta) -> JsonValue:
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


def _encode_set(codec: Codec, value: set[Any] | frozenset[Any]) -> JsonValue:
    items = [codec.encode(item) for item in value]
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


def _refuse_value(_: Codec, value: object) -> JsonValue:
    raise WrongType("value", value, "the codec stores attrs classes and plain data only")


@functools.cache
def _layout(cls: type, skip: frozenset[str]) -> tuple[str, tuple[str, ...]]:
    """An attrs class's tag and the names of the fields the codec writes, in field order."""
    names = tuple(f.name for f in attrs.fields(cls) if f.name not in skip)
    return type_tag(cls), names


def _check(plan: _Plan, value: Any) -> None:
    """Run the decoded value's field validators and its ``check_invariants`` hook, if any."""
    try:
        if plan.validates:
            attrs.validate(value)
        if plan.hook is not None:
            plan.hook(value)
    except Exception as error:  # any failure of a check means the stored value is not sound
        fields = error.fields if isinstance(error, OrdercoreError) else {}
        shown = fields.get("value", type_tag(type(value)))
        rule = f"a decoded {type_tag(type(value))} must pass its invariants: {error}"
        raise _Refused(shown, rule) from error


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise _Refused(text, "a decimal is stored as text like '19.99'") from None
    if not number.is_finite():
        raise _Refused(text, "a stored decimal is a finite number")
    return number


def _instant(data: JsonValue) -> pendulum.DateTime:
    if isinstance(data, list) and len(data) == 2:
        text, zone = data
        if isinstance(text, str) and isinstance(zone, str):
            return _zoned(text, zone)
        return _read_zoned(text, zone)
    if isinstance(data, str):
        return _parsed(data)
    return _read_instant(data)


@functools.lru_cache(maxsize=4_096)
def _zoned(text: str, zone: str) -> pendulum.DateTime:
    """:func:`_read_zoned`, remembered: a document repeats its instants, and they are immutable.

    Only answers are remembered; a refusal is raised afresh each time.
    """
    return _read_zoned(text, zone)


@functools.lru_cache(maxsize=4_096)
def _parsed(text: str) -> pendulum.DateTime:
    """:func:`_read_instant` of a text, remembered (see :func:`_zoned`)."""
    return _read_instant(text)


def _read_zoned(text: JsonValue, zone: JsonValue) -> pendulum.DateTime:
    """An instant stored as ``[ISO 8601 text, zone name]``."""
    if not isinstance(zone, str):
        raise _Refused(zone, "a zone is stored by its name").at("[1]")
    try:
        moment = _read_instant(text)
    except _Refused as refused:
        raise refused.at("[0]") from None
    try:
        return moment.in_timezone(zone)
    except (ValueError, LookupError):
        raise _Refused(zone, "a zone name of the tz database").at("[1]") from None


def _read_instant(data: JsonValue) -> pendulum.DateTime:
    """An instant stored as ISO 8601 text."""
    if not isinstance(data, str):
        raise _Refused(data, "an instant is stored as ISO 8601 text (and its zone name)")
    try:
        parsed: object = pendulum.parse(data, exact=True)
    except ValueError:
        parsed = None
    if not isinstance(parsed, pendulum.DateTime):
        raise _Refused(data, "an instant is ISO 8601 text with a date and a time")
    return parsed


# -- compiled readers: what a sound document costs ------------------------------------------------
#
# The reference walk above dispatches every value on its hint. The readers below are built once
# per hint, lazily, the first time a document needs them: a closure per hint kind, and per attrs
# class a builder with its table of fields (setter, reader, default) worked out ahead. They read
# a sound document and may give up on anything else in any way (raise whatever they meet); the
# caller (:meth:`Codec._read`) then reads it again with the reference walk, which refuses it with
# the path, the value and the rule. So the walk stays the one judge of what is refused, and the
# readers never build an error message. Immutable values whose document is flat scalars (a
# Currency, a Money, an Address) are interned: read, validated and checked once, then shared.

_Reader: TypeAlias = "typing.Callable[[Any], Any]"


class _Never:
    """A class no JSON value has: a field whose value always goes through its reader."""


_ABSENT: Any = object()
"""A field missing from a document (``dict.get``'s answer)."""

_INTERNED = 4_096
"""How many interned values a class keeps; the table starts afresh when it is full."""


def _slow(hint: Any) -> _Reader:
    """The reference walk's reader of ``hint`` (raises :class:`_Refused` on what it refuses)."""
    return functools.partial(_REFERENCE._decode, hint)


class _Readers(dict[Any, _Reader]):
    """The compiled reader of each hint, built the first time the hint is read."""

    def __missing__(self, hint: Any) -> _Reader:
        reader = self[hint] = _compile_reader(hint)
        return reader


_READERS = _Readers()


def _reader(hint: Any) -> _Reader:
    try:
        return _READERS[hint]
    except TypeError:  # an unhashable typing form: built each time it is asked for
        return _compile_reader(hint)


def _compile_reader(hint: Any) -> _Reader:  # noqa: PLR0911 - one reader per kind of hint
    try:
        kind, target = _kind_of(hint)
    except (OrdercoreError, TypeError):
        return _slow(hint)  # the walk raises what it raised before, when a value is read
    if kind is _Kind.SCALAR:
        return _scalar_reader(target, _slow(hint))
    if kind is _Kind.ATTRS:
        return _attrs_reader(target)
    if kind is _Kind.ANY:
        return _identity
    if kind is _Kind.DECIMAL:
        return _decimal_reader(_slow(hint))
    if kind is _Kind.INSTANT:
        return _instant
    if kind is _Kind.ENUM:
        return _enum_reader(target, _slow(hint))
    if kind is _Kind.GENERIC:
        return _generic_reader(target[0], target[1], _slow(hint))
    if kind is _Kind.UNION:
        return _union_reader(hint)
    if kind is _Kind.NAMED_TUPLE:
        return _named_tuple_reader(target, _slow(hint))
    if kind is _Kind.DATE:
        return _date_reader(_slow(hint))
    return _slow(hint)  # None, literals, durations: rare, read by the walk


def _identity(data: Any) -> Any:
    return data


def _exact(hint: Any) -> type:
    """The class a JSON value of ``hint`` has when it is read as it is, else :class:`_Never`."""
    return _scalar(hint) or _Never


def _scalar_reader(target: type, slow: _Reader) -> _Reader:
    def read(data: Any) -> Any:
        return data if type(data) is target else slow(data)

    return read


def _decimal_reader(slow: _Reader) -> _Reader:
    def read(data: Any) -> Any:
        if type(data) is str:
            number = Decimal(data)
            if number.is_finite():
                return number
        return slow(data)

    return read


def _enum_reader(target: type[enum.Enum], slow: _Reader) -> _Reader:
    members: dict[Any, Any] = target._value2member_map_

    def read(data: Any) -> Any:
        try:
            return members[data]  # what ``target(data)`` looks up first
        except (KeyError, TypeError):
            return slow(data)

    return read


def _named_tuple_reader(target: type, slow: _Reader) -> _Reader:
    names: tuple[str, ...] = target._fields  # type: ignore[attr-defined]
    hints = _hints(target)
    fields = tuple((_reader(hints[name]), _exact(hints[name])) for name in names)
    size = len(fields)

    def read(data: Any) -> Any:
        if type(data) is not list or len(data) != size:
            return slow(data)
        return target(
            *[i if type(i) is exact else item(i) for (item, exact), i in zip(fields, data)]  # noqa: B905 - same length, checked
        )

    return read


def _date_reader(slow: _Reader) -> _Reader:
    def read(data: Any) -> Any:
        return pendulum.Date.fromisoformat(data) if type(data) is str else slow(data)

    return read


def _generic_reader(origin: Any, args: tuple[Any, ...], slow: _Reader) -> _Reader:
    if origin in {dict, Mapping}:
        key_hint, value_hint = args or (Any, Any)
        return _mapping_reader(key_hint, value_hint, slow)
    if origin not in {list, tuple, set, frozenset}:
        return slow
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        return _fixed_tuple_reader(args, slow)
    item_hint = args[0] if args else Any
    item, exact = _reader(item_hint), _exact(item_hint)
    make = None if origin is list else origin

    def read(data: Any) -> Any:
        if type(data) is not list:
            return slow(data)
        items = [i if type(i) is exact else item(i) for i in data]
        return items if make is None else make(items)

    return read


def _fixed_tuple_reader(args: tuple[Any, ...], slow: _Reader) -> _Reader:
    readers = tuple(_reader(arg) for arg in args)

    def read(data: Any) -> Any:
        if type(data) is not list or len(data) != len(readers):
            return slow(data)
        return tuple([read_item(i) for read_item, i in zip(readers, data, strict=True)])

    return read


def _mapping_reader(key_hint: Any, value_hint: Any, slow: _Reader) -> _Reader:
    key, key_exact = _reader(key_hint), _exact(key_hint)
    value, value_exact = _reader(value_hint), _exact(value_hint)

    def read(data: Any) -> Any:
        if type(data) is dict:
            pairs: Any = data.items()
        elif type(data) is list and all(type(p) is list and len(p) == 2 for p in data):
            pairs = data
        else:
            return slow(data)
        decoded = {
            (k if type(k) is key_exact else key(k)): (v if type(v) is value_exact else value(v))
            for k, v in pairs
        }
        return decoded if len(decoded) == len(data) else slow(data)

    return read


def _union_reader(hint: Any) -> _Reader:
    """The reference walk's union rule, each option read by its compiled reader.

    An option that gives up untagged is read again by the walk, so that whether it refuses
    (and the next option is tried) is the walk's answer, as it is in the walk.
    """
    options = typing.get_args(hint)
    takes_none = type(None) in options
    tried = tuple(
        (option, _reader(option), _slow(option), isinstance(option, type) and attrs.has(option))
        for option in options
        if option is not type(None)
    )
    slow = _slow(hint)

    def read(data: Any) -> Any:
        if data is None and takes_none:
            return None
        tag = data.get(_TAG) if isinstance(data, dict) else None
        for option, compiled, walked, tagged in tried:
            if tag is not None and tagged:
                if _subclass_by_tag(option, str(tag)) is not None:
                    return compiled(data)
                continue
            try:
                return compiled(data)
            except Exception:  # noqa: BLE001 - the walk says whether the option refuses it
                try:
                    return walked(data)
                except _Refused:
                    continue
        return slow(data)  # refused: no member reads it

    return read


def _attrs_reader(hint: type) -> _Reader:
    """Reads a document tagged ``hint`` or one of its subclasses (``hint``'s own, most often)."""
    own = type_tag(hint)
    subclasses: typing.Callable[[], list[type]] = hint.__subclasses__
    live = "__attrs_attrs__" in vars(hint)
    builders, slow = _BUILDERS, _slow(hint)
    built: _Reader | None = None

    def read(data: Any) -> Any:
        nonlocal built
        if type(data) is dict:
            tag = data.get(_TAG)
            if tag == own and live and not subclasses():
                if built is None:
                    built = builders[hint]
                return built(data)
            if type(tag) is str:
                found = _subclass_by_tag(hint, tag)
                if found is not None:
                    return builders[found](data)
        return slow(data)

    return read


class _Builders(dict[type, _Reader]):
    """The builder of each attrs class (a document already known to be tagged with it)."""

    def __missing__(self, cls: type) -> _Reader:
        builder = self[cls] = _interning(cls, _builder(cls))
        return builder


_BUILDERS = _Builders()


def _setter(cls: type, name: str) -> typing.Callable[[Any, Any], None]:
    slot = getattr(cls, name, None)
    if isinstance(slot, types.MemberDescriptorType):
        put: typing.Callable[[Any, Any], None] = slot.__set__
        return put
    return lambda value, item: object.__setattr__(value, name, item)


def _filler(name: str, default: Any, cls: type) -> typing.Callable[[Any], Any]:
    """What a missing field becomes: its default, or a refusal (the walk names it)."""
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory: Any = default
        make = factory.factory
        return make if factory.takes_self else lambda _: make()
    if default is not attrs.NOTHING:
        return lambda _: default

    def missing(_: Any) -> Any:
        raise _Refused(None, f"a {cls.__qualname__} needs this field").at(f".{name}")

    return missing


def _version_reader(hint: Any) -> _Reader:
    read = _reader(hint)

    def version(data: Any) -> Any:
        item = read(data)
        if not _is_version(item):
            raise _Refused(item, "a version is a whole number >= 0")
        return item

    return version


def _builder(cls: type) -> _Reader:
    """Builds ``cls`` from its document, field by field as the walk does, with its checks.

    The usual document holds every field but those the default codec leaves out (pending
    events...): it takes them in one ``itemgetter`` call, and the others their defaults. Any
    other document takes the field-by-field path (:func:`_filler`), defaults and all.
    """
    plan = _plan(cls)
    names = [name for name, _, _, _, _ in plan.fields]
    fields = tuple(
        (
            _setter(cls, name),
            _version_reader(hint) if name == "version" else _reader(hint),
            _Never if name == "version" else (scalar or _Never),
        )
        for name, hint, _, scalar, _ in plan.fields
    )
    fills = tuple(_filler(name, default, cls) for name, _, default, _, _ in plan.fields)
    unstored = _unstored(plan)
    stored = [i for i in range(len(names)) if i not in unstored]
    take_stored = _getter([names[i] for i in stored], operator.itemgetter)
    stored_fields = tuple(fields[i] for i in stored)
    unstored_fills = tuple((fields[i][0], fills[i]) for i in unstored)
    usual_size = len(stored) + 1  # and the tag
    new, hook, cached_hash = object.__new__, plan.hook, plan.cached_hash
    # attrs.validate's loop, over the fields that have a validator only
    validators = tuple((f.validator, f) for f in attrs.fields(cls) if f.validator is not None)
    disabled = attrs.validators.get_disabled

    def build(data: dict[str, Any]) -> Any:
        value: Any = new(cls)
        if cached_hash:
            object.__setattr__(value, _HASH_CACHE, None)
        try:
            items = take_stored(data) if len(data) == usual_size else None
        except KeyError:
            items = None
        if items is None:
            fill_in(value, data)
        else:
            for (put, read, exact), item in zip(stored_fields, items, strict=True):
                put(value, item if type(item) is exact else read(item))
            for put, fill in unstored_fills:
                put(value, fill(value))
        if validators and not disabled():
            for validator, field in validators:
                validator(value, field, getattr(value, field.name))
        if hook is not None:
            hook(value)
        return value

    def fill_in(value: Any, data: dict[str, Any]) -> None:
        found = 1  # the tag
        for name, (put, read, exact), fill in zip(names, fields, fills, strict=True):
            item = data.get(name, _ABSENT)
            if item is _ABSENT:
                put(value, fill(value))
            else:
                found += 1
                put(value, item if type(item) is exact else read(item))
        if found != len(data):
            raise _Refused(data, "a field this release does not know")

    return build


def _unstored(plan: _Plan) -> list[int]:
    """The fields :class:`Codec` leaves out by default, when they all have a plain default."""
    found = [
        index
        for index, (name, _, default, _, _) in enumerate(plan.fields)
        if name in _UNSTORED and default is not attrs.NOTHING
    ]
    needs_value = any(getattr(plan.fields[i][2], "takes_self", False) for i in found)
    return [] if needs_value else found  # a default that reads the value goes in field order


# -- interning: immutable values whose document is flat are read once ----------------------------

_KeyPart: TypeAlias = "type | typing.Callable[[Any], Any]"
_NULL: Any = object()
"""A ``null`` inside an interning key (``None`` there means: not internable)."""


def _interning(cls: type, build: _Reader) -> _Reader:
    """``build``, sharing one value per distinct document when ``cls`` is internable.

    ``cls`` is internable when it is immutable (:func:`ordercore.kernel.copies.immutable_type`)
    and each of its fields is read from a plain scalar (text, a whole number, a flag, a decimal's
    text, an enum's value, a nullable one of those) or from a nested internable value. The
    document then decides the value completely: a key made of exactly those scalars finds the
    value read, validated and checked before; anything else (an extra or a missing field, a
    value of another JSON type) is built as usual, and never kept.
    """
    key_of = _key_function(cls, frozenset())
    if key_of is None:
        return build
    interned: dict[Any, Any] = {}
    disabled = attrs.validators.get_disabled

    def read(data: dict[str, Any]) -> Any:
        key = key_of(data)
        if key is None:
            return build(data)
        found = interned.get(key)
        if found is None:
            found = build(data)
            if not disabled():  # a value read without its checks is never shared
                if len(interned) >= _INTERNED:
                    interned.clear()
                interned[key] = found
        return found

    return read


def _key_function(cls: type, seen: frozenset[type]) -> typing.Callable[[Any], Any] | None:
    if cls in seen or not immutable_type(cls):
        return None
    names, parts = [], []
    for name, hint, _, _, _ in _plan(cls).fields:
        part = _key_part(hint, seen | {cls})
        if part is None:
            return None
        names.append(name)
        parts.append(part)
    size, take_all = len(names) + 1, _getter(names, operator.itemgetter)
    if all(isinstance(part, type) for part in parts):  # flat scalars: the items are the key
        kinds = tuple(parts)

        def flat(data: dict[str, Any]) -> Any:
            if len(data) != size:
                return None
            try:
                items = take_all(data)
            except KeyError:
                return None
            return items if tuple(map(type, items)) == kinds else None

        return flat
    checks = tuple((part, isinstance(part, type)) for part in parts)

    def key(data: dict[str, Any]) -> Any:
        if len(data) != size:
            return None
        try:
            items = take_all(data)
        except KeyError:
            return None
        made = []
        for (part, exact), item in zip(checks, items, strict=True):
            if exact:
                if type(item) is not part:
                    return None
                made.append(item)
            else:
                found = part(item)
                if found is None:
                    return None
                made.append(found)
        return tuple(made)

    return key


def _key_part(hint: Any, seen: frozenset[type]) -> _KeyPart | None:  # noqa: PLR0911 - per kind
    """How one field's stored value enters an interning key (``None``: it cannot)."""
    try:
        kind, target = _kind_of(hint)
    except (OrdercoreError, TypeError):
        return None
    if kind is _Kind.SCALAR:
        return target if target in {str, int, bool} else None
    if kind is _Kind.DECIMAL:
        return str
    if kind is _Kind.ENUM:
        stored = {type(member.value) for member in target}
        return stored.pop() if len(stored) == 1 and stored <= {str, int} else None
    if kind is _Kind.UNION:
        options = [o for o in typing.get_args(target) if o is not type(None)]
        if len(options) + 1 != len(typing.get_args(target)) or len(options) != 1:
            return None
        inner = _key_part(options[0], seen)
        return None if inner is None else _nullable(inner)
    if kind is _Kind.ATTRS and not target.__subclasses__():
        nested = _key_function(target, seen)
        return None if nested is None else _tagged(target, nested)
    return None


def _nullable(inner: _KeyPart) -> _KeyPart:
    def part(item: Any) -> Any:
        if item is None:
            return _NULL
        if isinstance(inner, type):
            return item if type(item) is inner else None
        return inner(item)

    return part


def _tagged(cls: type, nested: typing.Callable[[Any], Any]) -> _KeyPart:
    own = type_tag(cls)
    subclasses: typing.Callable[[], list[type]] = cls.__subclasses__

    def part(item: Any) -> Any:
        if type(item) is dict and item.get(_TAG) == own and not subclasses():
            return nested(item)
        return None

    return part


# -- compiled writers: JSON text without the document ---------------------------------------------
#
# ``dumps`` is ``json.dumps(document(value), sort_keys=True, separators=(",", ":"))``. A writer
# produces that text directly: per attrs class (and per ``skip``), its fields' keys sorted and
# escaped once, each field's text taken by the class of its value. Plain text, whole numbers,
# flags, null, decimals, instants, lists and attrs values are written here; every other class of
# value (floats, mappings, sets, dates, durations, what the codec refuses) is written by the
# reference (``json`` over :meth:`Codec.encode`), which is the same text by construction. The
# text of an immutable attrs value is remembered for as long as that very object is kept.

_Text: TypeAlias = "typing.Callable[[Any], str]"
_ESCAPE: typing.Callable[[str], str] = json.encoder.encode_basestring_ascii
_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
"""``json.dumps(..., sort_keys=True, separators=(",", ":"))``, without building an encoder."""


class _Texts(dict[type, _Text]):
    """The writer of each class of value for one ``skip``, built the first time it is written."""

    def __init__(self, skip: frozenset[str]) -> None:
        super().__init__()
        self.codec = Codec(skip=skip)
        self.top: dict[type, _Text] = {}
        """Writers of a whole document: an aggregate's also writes ``"__schema__"``."""

    def __missing__(self, cls: type) -> _Text:
        text = self[cls] = _text_writer(cls, self)
        return text

    def document(self, cls: type) -> _Text:
        """The writer of a whole document of ``cls``."""
        found = self.top.get(cls)
        if found is None:
            if attrs.has(cls) and not issubclass(cls, float | _dt.date | _dt.timedelta):
                # written once as a whole (an aggregate, an outbox event): nothing to remember
                schema = _plan(cls).aggregate
                found = _attrs_writer(cls, self, schema=schema, remember=False)
            else:
                found = self[cls]
            self.top[cls] = found
        return found


@functools.cache
def _texts(skip: frozenset[str]) -> _Texts:
    return _Texts(skip)


def _text_writer(cls: type, texts: _Texts) -> _Text:  # noqa: PLR0911 - in _encoder_for's order
    """The writer of values of exactly ``cls``: :func:`_encoder_for`'s rules, as JSON text."""
    reference = _reference_writer(texts.codec)
    if issubclass(cls, enum.Enum):  # a member's text is remembered: members live for ever
        return _remembered(lambda value: texts[type(value.value)](value.value))
    if cls is type(None):
        return lambda _: "null"
    if cls is bool:
        return lambda value: "true" if value else "false"
    if issubclass(cls, int):
        return int.__repr__  # what json writes for an int or an int subclass
    if cls is str:
        return _ESCAPE
    if issubclass(cls, str | Decimal):
        return lambda value: _ESCAPE(str(value))
    if issubclass(cls, _dt.datetime):
        return _remembered(_instant_text) if issubclass(cls, pendulum.DateTime) else _instant_text
    if attrs.has(cls) and not issubclass(cls, float | _dt.date | _dt.timedelta):
        return _attrs_writer(cls, texts, schema=False, remember=immutable_type(cls))
    if cls is dict:
        return _mapping_writer(texts, reference)
    if issubclass(cls, list | tuple) and not issubclass(cls, Mapping | set | frozenset):
        return lambda value: "[" + ",".join([texts[type(i)](i) for i in value]) + "]"
    return reference  # floats, dates, durations, mappings, sets, and what the codec refuses


_PLAIN_TEXT = frozenset({str})


def _mapping_writer(texts: _Texts, reference: _Text) -> _Text:
    """A dict: an object with sorted keys when every key is plain text, else a list of pairs."""

    def write(value: dict[Any, Any]) -> str:
        kinds = set(map(type, value))
        if kinds <= _PLAIN_TEXT:
            items = sorted(value.items())  # plain text keys: no two equal, values never compared
            return "{" + ",".join([_ESCAPE(k) + ":" + texts[type(v)](v) for k, v in items]) + "}"
        if not any(issubclass(kind, str) for kind in kinds):
            pairs = [f"[{texts[type(k)](k)},{texts[type(v)](v)}]" for k, v in value.items()]
            return "[" + ",".join(pairs) + "]"
        return reference(value)  # text subclasses as keys: the reference turns them to text

    return write


def _reference_writer(codec: Codec) -> _Text:
    return lambda value: _JSON(codec.encode(value))


def _instant_text(value: _dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValidationError("value", value, "only timezone-aware instants are stored")
    if isinstance(value.tzinfo, pendulum.Timezone):
        return f"[{_ESCAPE(value.isoformat())},{_ESCAPE(value.tzinfo.name)}]"
    return _ESCAPE(value.isoformat())


def _attrs_writer(cls: type, texts: _Texts, *, schema: bool, remember: bool) -> _Text:
    """An attrs class's object: its keys in sorted order, the tag (and schema) among them.

    ``remember``: the class is immutable and its values are met again (a Money in many
    documents), so the text of each object is kept with it (:func:`_remembered`).
    """
    tag, names = _layout(cls, texts.codec.skip)
    fixed = {_TAG: _ESCAPE(tag)} | ({_SCHEMA_KEY: str(SCHEMA)} if schema else {})
    keys = sorted([*fixed, *names])
    prefixes = tuple(f"{_ESCAPE(key)}:" for key in keys if key not in fixed)
    ordered = [key for key in keys if key not in fixed]
    get = _getter(ordered)
    if keys[: len(fixed)] == sorted(fixed):  # the usual case: "__schema__", "__type__" first
        opening = "{" + ",".join(f"{_ESCAPE(k)}:{fixed[k]}" for k in sorted(fixed))
        opening += "," if ordered else ""

        def write(value: Any) -> str:
            fields = [p + texts[type(i)](i) for p, i in zip(prefixes, get(value), strict=True)]
            return opening + ",".join(fields) + "}"

    else:  # a field sorts before the tag: each fixed entry goes to its place
        places = [(keys.index(k), f"{_ESCAPE(k)}:{v}") for k, v in fixed.items()]
        places.sort()

        def write(value: Any) -> str:
            fields = [p + texts[type(i)](i) for p, i in zip(prefixes, get(value), strict=True)]
            for index, entry in places:
                fields.insert(index, entry)
            return "{" + ",".join(fields) + "}"

    return _remembered(write) if remember else write


def _getter(
    names: list[str], by: Any = operator.attrgetter
) -> typing.Callable[[Any], tuple[Any, ...]]:
    """The values of ``names`` (attributes, or items with ``operator.itemgetter``) as a tuple."""
    if len(names) > 1:
        get: typing.Callable[[Any], tuple[Any, ...]] = by(*names)
        return get
    if names:
        one = by(names[0])
        return lambda value: (one(value),)
    return lambda _: ()


def _remembered(write: _Text) -> _Text:
    """``write``, remembering the text of each object it wrote; for immutable values only.

    The object is kept alive beside its text, so its id is not reused while remembered.
    """
    written: dict[int, tuple[Any, str]] = {}

    def text(value: Any) -> str:
        found = written.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        made = write(value)
        if len(written) >= _INTERNED:
            written.clear()
        written[id(value)] = (value, made)
        return made

    return text


_REFERENCE = Codec()
"""The codec whose reference walk judges what the compiled readers give up on."""
