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
import types
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeAlias, TypeVar

import attrs
import pendulum

from ordercore.kernel.errors import OrdercoreError, ValidationError, WrongType
from ordercore.ports.errors import CorruptDocument

__all__ = ["SCHEMA", "Codec", "JsonValue", "type_tag"]

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
"""A value that ``json`` can write: what the codec produces and reads."""

T = TypeVar("T")

_TAG = "__type__"
_SCHEMA_KEY = "__schema__"

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

    skip: frozenset[str] = frozenset({"events", "sink", "_movements", "_closing"})
    """Field names never written (and restored to their default when read)."""

    def dumps(self, value: object) -> str:
        """``value`` as compact, key-sorted JSON text (stable: equal values give equal text)."""
        return json.dumps(self.document(value), sort_keys=True, separators=(",", ":"))

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
        value: T = self.decode(hint, data)
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
        document = _describe(hint)
        if isinstance(data, dict) and _SCHEMA_KEY in data:
            schema = data[_SCHEMA_KEY]
            if not _is_version(schema):
                rule = "a schema version is a whole number >= 0"
                raise CorruptDocument(document, _SCHEMA_KEY, schema, rule)
            if typing.cast("int", schema) > SCHEMA:
                rule = (
                    f"a newer release wrote this document; this release reads schema {SCHEMA} "
                    "and older: upgrade ordercore to read it"
                )
                raise CorruptDocument(document, _SCHEMA_KEY, schema, rule)
            data = {key: item for key, item in data.items() if key != _SCHEMA_KEY}
        try:
            return self._decode(hint, data)
        except _Refused as refused:
            path = "".join(reversed(refused.segments)).removeprefix(".")
            error = CorruptDocument(document, path, refused.value, refused.rule)
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
