"""The codec's primitives: hint kinds, class plans, the refusal, instant and decimal readers.

What the reference walk (:mod:`ordercore.ports.codec._walk`), the compiled readers and the
compiled writers share: the tags and keys of a document, how a hint is classified (worked out
once per hint), how an attrs class is read (its plan), the refusal a stored value meets on the
way (:class:`_Refused`, its path collected on the way back up), and the readers of stored
decimals and instants.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import operator
import types
import typing
from decimal import Decimal
from typing import Any, TypeAlias, TypeVar

import attrs
import pendulum

from ordercore.kernel.clock import zone as zone_named
from ordercore.kernel.errors import OrdercoreError, WrongType

__all__ = ["SCHEMA", "JsonValue", "type_tag"]

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
"""A value that ``json`` can write: what the codec produces and reads."""

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


_FOUND: dict[tuple[type, str], type] = {}
"""The class each (annotated base, tag) resolved to: the tree is walked once per pair.

A walk costs about 20 us under ``DomainEvent`` (some 120 classes), which a relay decoding every
outbox message paid per message. Only a class found is kept (a tag not found is looked up again,
in case its class is defined later), and an ambiguous tag is refused without being kept. Bounded
by the number of classes. A class defined under the same base with the same name *after* its
tag was first read is not seen: define event classes before reading documents.
"""


def _subclass_by_tag(base: type, tag: str) -> type | None:
    found = _FOUND.get((base, tag))
    if found is None:
        found = _walk_for_tag(base, tag)
        if found is not None:
            _FOUND[(base, tag)] = found
    return found


def _walk_for_tag(base: type, tag: str) -> type | None:
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


@functools.cache
def _layout(cls: type, skip: frozenset[str]) -> tuple[str, tuple[str, ...]]:
    """An attrs class's tag and the names of the fields the codec writes, in field order."""
    names = tuple(f.name for f in attrs.fields(cls) if f.name not in skip)
    return type_tag(cls), names


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
        return moment.in_timezone(zone_named(zone))  # looked up once per name (kernel.clock)
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


_Reader: TypeAlias = "typing.Callable[[Any], Any]"

_INTERNED = 4_096
"""How many interned values a class keeps; the table starts afresh when it is full."""
