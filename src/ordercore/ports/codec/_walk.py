"""The codec's reference walk: each value encoded and decoded by dispatching on its class or hint.

Slower than the compiled readers and writers and the judge of what they read and write: it
decides every refusal, naming the path, the value and the rule, and the tests hold the compiled
paths to it.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeAlias

import attrs
import pendulum

from ordercore.kernel.errors import OrdercoreError, ValidationError, WrongType
from ordercore.ports.codec._primitives import (
    _HASH_CACHE,
    _SCHEMA_KEY,
    _TAG,
    _UNSTORED,
    SCHEMA,
    JsonValue,
    _decimal,
    _describe,
    _hints,
    _instant,
    _is_version,
    _Kind,
    _kind_of,
    _layout,
    _Plan,
    _plan,
    _Refused,
    _scalar,
    _subclass_by_tag,
    type_tag,
)
from ordercore.ports.errors import CorruptDocument


@attrs.frozen
class _Walk:
    """The reference walk: every value encoded and decoded by dispatching on its class or hint.

    :class:`~ordercore.ports.codec.Codec` is this walk with its compiled fast paths in front
    (``dumps``, ``loads``, ``decode``); the compiled readers and writers fall back on it.
    """

    skip: frozenset[str] = _UNSTORED
    """Field names never written (and restored to their default when read)."""

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


_Encoder: TypeAlias = "typing.Callable[[_Walk, Any], JsonValue]"

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
        return _Walk._encode_instant
    if issubclass(cls, _dt.date):
        return lambda codec, value: value.isoformat()
    if issubclass(cls, _dt.timedelta):
        return _encode_duration
    if attrs.has(cls):
        return _Walk._encode_attrs
    if issubclass(cls, Mapping):
        return _Walk._encode_mapping
    if issubclass(cls, set | frozenset):
        return _encode_set
    if issubclass(cls, list | tuple):
        return lambda codec, value: [codec.encode(item) for item in value]
    return _refuse_value


def _encode_duration(_: _Walk, value: _dt.timedelta) -> JsonValue:
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


def _encode_set(codec: _Walk, value: set[Any] | frozenset[Any]) -> JsonValue:
    items = [codec.encode(item) for item in value]
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


def _refuse_value(_: _Walk, value: object) -> JsonValue:
    raise WrongType("value", value, "the codec stores attrs classes and plain data only")


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
