"""Kept values as tuples of atoms: the form the collector stops walking (outbox and ledger).

CPython's cyclic garbage collector walks every *tracked* object on each full run, and the memory
store keeps every committed event and ledger row alive: about half of what it keeps per order of
the Engine's workflow (an event, its ``Money``, its lines, a ``Movement`` and their tuples).
An exact ``tuple`` whose items are all atoms (``str``, ``int``, ``Decimal``, ``None``, a plain
``datetime`` ...) or such tuples is untracked by the collector the first time it looks at it, and
never walked again. :func:`pack` writes an immutable value in that form, :func:`unpack` builds an
equal value from it (``==``, type, ``repr``): the store packs what it keeps and unpacks what it
hands out, so the outbox and the ledger read exactly as before.

The form: an atom is itself; any other value is a tuple whose first item is the code of a plan
(one per class, made the first time the class is met) and whose other items are packed parts:

* an exact ``tuple`` or ``frozenset``: its items; an exact ``dict``: its keys and values;
* a slotted attrs class whose slots are its fields (events, ``Money``, lines): its fields, in
  field order, written back into their slots by :func:`~ordercore.kernel.slots.slot_setters`
  (a value checked when it was built is rebuilt, not built anew: no ``__init__`` runs; a cached
  hash starts empty, as ``__init__`` leaves it);
* a ``NamedTuple`` (a ledger ``Movement``): its items;
* an enum member: its value; a datetime or date of a subclass (pendulum's): the plain one
  (``datetime`` objects are not tracked; the zone object is kept as it is).

A value of any other class (a list, a dict, an object with a ``__dict__``) is kept as it is, so
packing never loses anything: it only stops saving the collector work where it cannot.
"""

from __future__ import annotations

import datetime
import enum
import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from ordercore.kernel.slots import slot_setters

__all__ = ["pack", "unpack"]

_ATOMS: frozenset[type] = frozenset({str, int, float, bool, bytes, type(None), Decimal})
"""Classes whose values the collector never tracks: kept as they are."""

_HASH_CACHE = "_attrs_cached_hash"
"""The slot attrs keeps a cached hash in (``cache_hash=True``); ``None`` until first hashed."""

_Packer = Callable[[Any], object]
_Unpacker = Callable[[tuple[Any, ...]], Any]

_PACKERS: dict[type, _Packer] = {}
"""The packer of each class met so far (a class kept as it is packs with ``_keep``)."""
_UNPACKERS: list[_Unpacker] = []
"""The unpacker of each plan, by code (the first item of a packed tuple)."""


def pack(value: object) -> object:
    """``value`` as an atom or a tuple of packed parts (see the module); :func:`unpack` reverses."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    packer = _PACKERS.get(kind)
    if packer is None:
        packer = _plan(kind)
    return packer(value)


def unpack(packed: object) -> Any:
    """A value equal to the one :func:`pack` was given (a new one: it shares nothing mutable)."""
    if type(packed) is not tuple:
        return packed  # an atom, or a value kept as it is
    return _UNPACKERS[packed[0]](packed)


def _keep(value: object) -> object:
    return value  # a class packing cannot rebuild exactly: kept as it is


def _plan(kind: type) -> _Packer:
    """Work out how to pack values of ``kind`` (once per class) and register its unpacker."""
    packer: _Packer = _keep
    if kind is tuple or kind is frozenset:
        packer = _items(kind, kind)
    elif kind is dict:
        packer = _dict()
    elif issubclass(kind, enum.Enum):
        packer = _enum(kind)
    elif issubclass(kind, datetime.datetime):
        packer = _datetime(kind)
    elif issubclass(kind, datetime.date):
        packer = _date(kind)
    elif kind.__dictoffset__:
        pass  # its instances may hold anything in their __dict__
    elif issubclass(kind, tuple) and hasattr(kind, "_fields"):
        packer = _items(kind, lambda items: tuple.__new__(kind, items))
    elif attrs.has(kind) and _slots_are_fields(kind):
        packer = _slotted(kind)
    _PACKERS[kind] = packer
    return packer


def _register(unpacker: _Unpacker) -> int:
    """The code of a new plan whose packed tuples ``unpacker`` reads."""
    _UNPACKERS.append(unpacker)
    return len(_UNPACKERS) - 1


def _items(kind: type, build: Callable[[list[Any]], Any]) -> _Packer:
    """A tuple, a frozenset or a NamedTuple: its items, packed."""
    code = _register(lambda packed: build([unpack(item) for item in packed[1:]]))

    def packer(value: Any) -> object:
        return (code, *[item if type(item) in _ATOMS else pack(item) for item in value])

    return packer


def _dict() -> _Packer:
    """An exact dict (a new one each time it is unpacked): its keys and values, in order."""

    def unpacker(packed: tuple[Any, ...]) -> Any:
        parts = [unpack(part) for part in packed[1:]]
        return dict(zip(parts[::2], parts[1::2], strict=True))

    code = _register(unpacker)

    def packer(value: Any) -> object:
        parts: list[object] = [code]
        for key, item in value.items():
            parts.append(key if type(key) in _ATOMS else pack(key))
            parts.append(item if type(item) in _ATOMS else pack(item))
        return tuple(parts)

    return packer


def _enum(kind: type[enum.Enum]) -> _Packer:
    """An enum member: its value (an atom; a member of any other value is kept as it is)."""
    members = kind._value2member_map_

    def unpacker(packed: tuple[Any, ...]) -> Any:
        try:
            return members[packed[1]]
        except KeyError:  # a composite flag, made on demand
            return kind(packed[1])

    code = _register(unpacker)

    def packer(value: Any) -> object:
        inner = value._value_
        return (code, inner) if type(inner) in _ATOMS else value

    return packer


_last: tuple[object, object] = (None, None)
"""The last instant packed and its packed form: the events of one commit share their instant
(one tuple, swapped whole, so threads never see half of a pair)."""


def _datetime(kind: type[datetime.datetime]) -> _Packer:
    """An instant of a subclass (pendulum's): the plain ``datetime`` (zone and fold kept)."""
    combine = datetime.datetime.combine
    timetz = datetime.datetime.timetz  # the C method: pendulum's own builds a pendulum Time

    def unpacker(packed: tuple[Any, ...]) -> Any:
        plain = packed[1]
        return kind(
            plain.year,
            plain.month,
            plain.day,
            plain.hour,
            plain.minute,
            plain.second,
            plain.microsecond,
            plain.tzinfo,
            fold=plain.fold,
        )

    code = _register(unpacker)

    def packer(value: Any) -> object:
        global _last  # noqa: PLW0603 - a one-entry cache, swapped whole
        last = _last
        if last[0] is value:
            return last[1]
        if getattr(value, "__dict__", None):
            return value  # it holds more than its instant
        packed = (code, combine(value, timetz(value)))
        _last = (value, packed)
        return packed

    return packer


def _date(kind: type[datetime.date]) -> _Packer:
    """A date of a subclass (pendulum's): its ordinal."""
    code = _register(lambda packed: kind.fromordinal(packed[1]))
    toordinal = datetime.date.toordinal

    def packer(value: Any) -> object:
        if getattr(value, "__dict__", None):
            return value  # it holds more than its date
        return (code, toordinal(value))

    return packer


def _slots_are_fields(kind: type) -> bool:
    """Whether the fields of ``kind`` are all of its state: every slot is a field's.

    ``__weakref__`` and the cached hash aside (the hash starts empty again when unpacked).
    """
    slots: set[str] = set()
    for base in kind.__mro__:
        declared = base.__dict__.get("__slots__", ())
        slots.update((declared,) if isinstance(declared, str) else declared)
    slots -= {"__weakref__", _HASH_CACHE}
    return slots == {field.name for field in attrs.fields(kind)}


def _slotted(kind: type) -> _Packer:
    """A slotted attrs value: its fields, written back into its slots when it is unpacked."""
    names = [field.name for field in attrs.fields(kind)]
    setters = slot_setters(kind)
    cached_hash = getattr(kind, _HASH_CACHE).__set__ if _HASH_CACHE in dir(kind) else None
    new = object.__new__
    get = operator.attrgetter(*names) if len(names) > 1 else None

    def unpacker(packed: tuple[Any, ...]) -> Any:
        value: Any = new(kind)
        for setter, part in zip(setters, packed[1:], strict=True):
            setter(value, part if type(part) is not tuple else unpack(part))
        if cached_hash is not None:
            cached_hash(value, None)  # as __init__ leaves it: worked out when first hashed
        return value

    code = _register(unpacker)

    def packer(value: Any) -> object:
        try:
            values = get(value) if get is not None else [getattr(value, name) for name in names]
        except AttributeError:
            return value  # a slot left empty: kept as it is
        return (code, *[item if type(item) in _ATOMS else pack(item) for item in values])

    return packer
