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
``Money``. Fields in ``skip`` (``events`` by default: new events are pulled into the outbox, never
stored in the aggregate's document) are left out and come back as their default.

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
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeAlias, TypeVar

import attrs
import pendulum

from ordercore.kernel.errors import ValidationError, WrongType

__all__ = ["Codec", "JsonValue", "type_tag"]

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
"""A value that ``json`` can write: what the codec produces and reads."""

T = TypeVar("T")

_TAG = "__type__"


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


def _subclass_by_tag(base: type, tag: str) -> type | None:
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
        raise ValidationError(
            _TAG, tag, f"the name is ambiguous under {base.__qualname__}: {names}"
        )
    return next(iter(found), None)


@attrs.frozen
class Codec:
    """Encode attrs values to JSON-ready data and decode them back, guided by annotations."""

    skip: frozenset[str] = frozenset({"events"})
    """Field names never written (and restored to their default when read)."""

    def dumps(self, value: object) -> str:
        """``value`` as compact, key-sorted JSON text (stable: equal values give equal text)."""
        return json.dumps(self.encode(value), sort_keys=True, separators=(",", ":"))

    def loads(self, hint: type[T], text: str) -> T:
        """The value of type ``hint`` that :meth:`dumps` wrote as ``text``."""
        value: T = self.decode(hint, json.loads(text))
        return value

    def encode(self, value: object) -> JsonValue:  # noqa: PLR0911 - one branch per kind of value
        """``value`` as JSON-ready data (dicts, lists, strings, numbers, booleans, None)."""
        if isinstance(value, enum.Enum):
            return self.encode(value.value)
        if value is None or isinstance(value, (bool, int, float)):
            return value
        if isinstance(value, str):
            return str(value)
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, _dt.datetime):
            return self._encode_instant(value)
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, _dt.timedelta):
            return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
        if attrs.has(type(value)):
            return self._encode_attrs(value)
        if isinstance(value, Mapping):
            return self._encode_mapping(value)
        if isinstance(value, (set, frozenset)):
            items = [self.encode(item) for item in value]
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
        if isinstance(value, (list, tuple)):
            return [self.encode(item) for item in value]
        raise WrongType("value", value, "the codec stores attrs classes and plain data only")

    def _encode_instant(self, value: _dt.datetime) -> JsonValue:
        if value.tzinfo is None:
            raise ValidationError("value", value, "only timezone-aware instants are stored")
        if isinstance(value.tzinfo, pendulum.Timezone):
            return [value.isoformat(), value.tzinfo.name]
        return value.isoformat()

    def _encode_attrs(self, value: object) -> JsonValue:
        data: dict[str, JsonValue] = {_TAG: type_tag(type(value))}
        for field in attrs.fields(typing.cast("Any", type(value))):
            if field.name not in self.skip:
                data[field.name] = self.encode(getattr(value, field.name))
        return data

    def _encode_mapping(self, value: Mapping[Any, Any]) -> JsonValue:
        if all(isinstance(key, str) for key in value):
            return {str(self.encode(key)): self.encode(item) for key, item in value.items()}
        return [[self.encode(key), self.encode(item)] for key, item in value.items()]

    def decode(self, hint: Any, data: JsonValue) -> Any:  # noqa: PLR0911, PLR0912 - a dispatch table
        """The value of type ``hint`` (a class or a typing form) that ``data`` encodes."""
        supertype = getattr(hint, "__supertype__", None)
        if supertype is not None:  # a NewType id
            return self.decode(supertype, data)
        if hint is Any or hint is object or isinstance(hint, TypeVar):
            return data
        origin = typing.get_origin(hint)
        if origin is typing.Union or origin is types.UnionType:
            return self._decode_union(typing.get_args(hint), data)
        if origin is typing.Literal:
            return data
        if origin is not None:
            return self._decode_generic(origin, typing.get_args(hint), data)
        if hint is None or hint is type(None):
            return None
        if not isinstance(hint, type):
            raise WrongType("hint", hint, "the codec decodes classes and typing forms only")
        if attrs.has(hint):
            return self._decode_attrs(hint, data)
        if issubclass(hint, enum.Enum):
            return hint(data)
        if issubclass(hint, tuple) and hasattr(hint, "_fields") and isinstance(data, list):
            fields = _hints(hint)  # a NamedTuple: rebuild it field by field
            names: tuple[str, ...] = hint._fields
            return hint(*(self.decode(fields[n], v) for n, v in zip(names, data, strict=True)))
        if issubclass(hint, bool | str | int | float) and isinstance(data, hint):
            return data
        if hint is float and isinstance(data, int):
            return float(data)
        if issubclass(hint, Decimal) and isinstance(data, str):
            return Decimal(data)
        if issubclass(hint, _dt.datetime):
            return self._decode_instant(data)
        if issubclass(hint, _dt.date) and isinstance(data, str):
            return pendulum.Date.fromisoformat(data)
        if issubclass(hint, _dt.timedelta) and isinstance(data, int):
            return pendulum.duration(microseconds=data)
        raise ValidationError("data", data, f"this stored value cannot be read as {hint!r}")

    def _decode_instant(self, data: JsonValue) -> pendulum.DateTime:
        if isinstance(data, list) and len(data) == 2:
            text, zone = data
            moment = pendulum.parse(str(text))
            assert isinstance(moment, pendulum.DateTime)  # noqa: S101 - ISO instants parse so
            return moment.in_timezone(str(zone))
        if isinstance(data, str):
            moment = pendulum.parse(data)
            assert isinstance(moment, pendulum.DateTime)  # noqa: S101 - ISO instants parse so
            return moment
        raise ValidationError("data", data, "an instant is stored as ISO 8601 text")

    def _decode_union(self, options: tuple[Any, ...], data: JsonValue) -> Any:
        if data is None and type(None) in options:
            return None
        tag = data.get(_TAG) if isinstance(data, dict) else None
        for option in options:
            if option is type(None):
                continue
            if tag is not None and isinstance(option, type) and attrs.has(option):
                if _subclass_by_tag(option, str(tag)) is not None:
                    return self.decode(option, data)
                continue
            try:
                return self.decode(option, data)
            except (ValidationError, WrongType, ValueError, TypeError):
                continue
        raise ValidationError("data", data, f"no member of the union {options!r} reads it")

    def _decode_generic(self, origin: Any, args: tuple[Any, ...], data: JsonValue) -> Any:
        if origin in {list, tuple, set, frozenset} and isinstance(data, list):
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                return tuple(self.decode(arg, item) for arg, item in zip(args, data, strict=True))
            item_hint = args[0] if args else Any
            items = [self.decode(item_hint, item) for item in data]
            return origin(items) if origin is not list else items
        if origin in {dict, Mapping}:
            key_hint, value_hint = args or (Any, Any)
            if isinstance(data, dict):
                pairs: list[Any] = list(data.items())
            elif isinstance(data, list):
                pairs = data
            else:
                raise ValidationError("data", data, "a mapping is stored as an object or pairs")
            return {
                self.decode(key_hint, key): self.decode(value_hint, item) for key, item in pairs
            }
        raise ValidationError("data", data, f"this stored value cannot be read as {origin!r}")

    def _decode_attrs(self, hint: type, data: JsonValue) -> Any:
        if not isinstance(data, dict):
            raise ValidationError("data", data, f"{hint.__qualname__} is stored as an object")
        cls = _subclass_by_tag(hint, str(data.get(_TAG)))
        if cls is None:
            raise ValidationError(
                "__type__", data.get(_TAG), f"not {type_tag(hint)} or one of its subclasses"
            )
        hints = _hints(cls)
        value: Any = object.__new__(cls)
        for field in attrs.fields(cls):
            if field.name in data:
                item = self.decode(hints.get(field.name, Any), data[field.name])
            elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                factory: Any = field.default
                item = factory.factory(value) if factory.takes_self else factory.factory()
            elif field.default is not attrs.NOTHING:
                item = field.default
            else:
                raise ValidationError(field.name, None, f"{cls.__qualname__} needs this field")
            object.__setattr__(value, field.name, item)
        return value
