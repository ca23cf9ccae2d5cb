"""Compiled readers: what a sound document costs.

The reference walk (:mod:`ordercore.ports.codec._walk`) dispatches every value on its hint. The
readers below are built once per hint, lazily, the first time a document needs them: a closure
per hint kind, and per attrs class a builder with its table of fields (setter, reader, default)
worked out ahead. They read a sound document and may give up on anything else in any way (raise
whatever they meet); the caller (:meth:`Codec._read`) then reads it again with the reference
walk, which refuses it with the path, the value and the rule. So the walk stays the one judge
of what is refused, and the readers never build an error message. Immutable values whose
document is flat scalars (a Currency, a Money, an Address) are interned: read, validated and
checked once, then shared.
"""

from __future__ import annotations

import enum
import functools
import operator
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import pendulum

from ordercore.kernel.errors import OrdercoreError
from ordercore.ports.codec._interning import _interning
from ordercore.ports.codec._primitives import (
    _HASH_CACHE,
    _TAG,
    _UNSTORED,
    _getter,
    _hints,
    _instant,
    _is_version,
    _Kind,
    _kind_of,
    _Plan,
    _plan,
    _Reader,
    _Refused,
    _scalar,
    _subclass_by_tag,
    type_tag,
)
from ordercore.ports.codec._walk import _Walk


class _Never:
    """A class no JSON value has: a field whose value always goes through its reader."""


_ABSENT: Any = object()
"""A field missing from a document (``dict.get``'s answer)."""


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


_REFERENCE = _Walk()
"""The codec whose reference walk judges what the compiled readers give up on."""
