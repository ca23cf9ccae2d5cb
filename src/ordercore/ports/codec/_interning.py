"""Interning: immutable values whose document is flat are read once.

Used by the compiled readers (:mod:`ordercore.ports.codec._readers`): see :func:`_interning`.
"""

from __future__ import annotations

import operator
import typing
from typing import Any, TypeAlias

import attrs

from ordercore.kernel.copies import immutable_type
from ordercore.kernel.errors import OrdercoreError
from ordercore.ports.codec._primitives import (
    _INTERNED,
    _TAG,
    _getter,
    _Kind,
    _kind_of,
    _plan,
    _Reader,
    type_tag,
)

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
