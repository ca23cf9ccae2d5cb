"""Structural copies: copy what can change, share what cannot (the memory store's isolation).

An aggregate is mostly values that never change once built (``Money``, order lines, events,
addresses, strings, datetimes) around a few mutable parts (the aggregate itself, its dicts and
lists, the collaborating parts of a ``StockItem``). :func:`copy` builds a new object graph equal to
the one it is given in which every mutable object is new and every immutable one is shared, so
changing the copy never changes the original and the other way round: the isolation of
``copy.deepcopy`` or a pickle round trip, at the cost of the mutable parts only.

What counts as immutable is decided once per class, from the class itself:

* atoms: ``str``, ``int``, ``float``, ``bool``, ``None``, ``bytes``, ``Decimal``, ``Fraction``,
  enums, dates, times and durations (pendulum's included), time zones, functions and classes;
* a frozen, slotted attrs class or a ``NamedTuple`` whose every field is declared (annotation)
  with an immutable type: an atom, such a class, a ``tuple``/``frozenset`` of immutable types, a
  union of them, a ``Literal``;
* a ``tuple`` or ``frozenset`` value is shared when its items are.

Everything else is copied: a mutable slotted attrs class field by field (a copier generated once
per class from its attrs fields, writing the slots the way attrs' own ``__setstate__`` does, so
no ``__init__``, validator or ``on_setattr`` hook runs: it copies a valid object, it builds no new
one), a frozen attrs class whose fields may hold something mutable by copying those fields (and
sharing the object if none of them changed), lists, dicts, sets and tuples item by item. Objects
reached twice are copied once (a memo by ``id``, as ``copy.deepcopy`` and pickle do), so shared
inner objects stay shared in the copy. A class none of these rules covers is copied with
``copy.deepcopy``, sharing the same memo.

A class may copy itself instead, through Python's own protocol: when it defines
``__deepcopy__(memo)``, the copier calls that (once per object: the memo by ``id`` is checked
before and filled after, as ``copy.deepcopy`` does) and ``copy.deepcopy`` gets the same copy.
The class then promises what this module promises: the copy is equal (``==``, and every field
left out of ``==`` holds what it held) and shares no mutable object with the original. It may
skip the memo for the parts it alone holds (a ``StockItem``'s counters, book, lists and dicts:
nothing else refers to them), which is what makes a hand-written copy cheaper than the field
tables below: the copy of a large aggregate read many times a command can be written once,
part by part, with ``dict.copy()`` and ``object.__new__`` and no walk over its fields.
"""

from __future__ import annotations

import copy as _copy_module
import datetime
import enum
import functools
import operator
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from operator import call
from typing import Any

import attrs

__all__ = ["copy", "immutable_type"]

Memo = dict[int, Any]
Plan = Callable[[Any, Memo], Any]
"""How to copy one value of a class (given the memo); ``None`` in its place means "share it"."""

_ATOMS: frozenset[type] = frozenset(
    {
        str,
        int,
        float,
        bool,
        complex,
        bytes,
        type(None),
        type(Ellipsis),
        type(NotImplemented),
        Decimal,
        Fraction,
        range,
        type,
        types.FunctionType,
        types.BuiltinFunctionType,
        types.CodeType,
        property,
    }
)
_ATOM_BASES: tuple[type, ...] = (
    enum.Enum,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    datetime.tzinfo,
)


def copy(value: object) -> Any:
    """A copy of ``value`` in which every mutable object is new and every immutable one shared."""
    plan = _PLANS[type(value)]
    if plan is _declared:  # _declared without the call: a new memo holds nothing to look up
        # (an aggregate copies itself on every read: ~1.4k instructions saved per copy)
        return value.__deepcopy__({})  # type: ignore[attr-defined]
    return value if plan is None else plan(value, {})


def immutable_type(annotation: object) -> bool:
    """Whether every value of the declared type ``annotation`` is sure never to change."""
    return _immutable(annotation, frozenset())


class _Plans(dict[type, Plan | None]):
    """How to copy each class, decided the first time a value of it is copied (a cache)."""

    def __missing__(self, cls: type) -> Plan | None:
        plan = _decide(cls)
        self[cls] = plan
        return plan


_PLANS = _Plans()


def _copy(value: object, memo: Memo) -> Any:
    plan = _PLANS[type(value)]
    return value if plan is None else plan(value, memo)


def _is_atom(cls: type) -> bool:
    return cls in _ATOMS or issubclass(cls, _ATOM_BASES)


def _is_namedtuple(cls: type) -> bool:
    return issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple)


def _frozen_attrs(cls: type) -> bool:
    props = attrs.inspect(cls)
    return props.is_frozen and props.is_slotted and not props.is_exception


def _field_types(cls: type) -> dict[str, object]:
    """The declared type of each field of ``cls`` (attrs or NamedTuple); ``Any`` where unknown."""
    names = [f.name for f in attrs.fields(cls)] if attrs.has(cls) else list(cls._fields)  # type: ignore[attr-defined]
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001 - an annotation that does not resolve: copy at run time
        hints = {}
    return {name: hints.get(name, Any) for name in names}


def _immutable(annotation: object, seen: frozenset[type]) -> bool:  # noqa: PLR0911 - one rule per form
    origin = typing.get_origin(annotation)
    if origin is None:
        if isinstance(annotation, typing.NewType):
            return _immutable(annotation.__supertype__, seen)
        if not isinstance(annotation, type):
            return annotation is None
        return _immutable_class(annotation, seen)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return True
    if origin in (typing.Union, types.UnionType, tuple, frozenset):
        return all(arg is Ellipsis or _immutable(arg, seen) for arg in args)
    if origin in (typing.ClassVar, typing.Final, typing.Annotated):
        return bool(args) and _immutable(args[0], seen)
    return False


def _immutable_class(cls: type, seen: frozenset[type]) -> bool:
    if _is_atom(cls):
        return True
    if cls in seen:  # a class that refers to itself: immutable if the rest of it is
        return True
    if (attrs.has(cls) and _frozen_attrs(cls)) or _is_namedtuple(cls):
        inner = seen | {cls}
        return all(_immutable(t, inner) for t in _field_types(cls).values())
    return False


def _decide(cls: type) -> Plan | None:  # noqa: PLR0911 - one rule per kind of class
    """How to copy a value of class ``cls`` (decided once per class); ``None``: share it."""
    if _is_atom(cls) or issubclass(cls, types.ModuleType):
        return None
    if getattr(cls, "__deepcopy__", None) is not None:
        return _declared
    if cls is list:
        return _list
    if cls is dict:
        return _dict
    if cls is set:
        return _set
    if cls is tuple:
        return _tuple
    if cls is frozenset:
        return _frozenset
    if _is_namedtuple(cls):
        return None if _immutable_class(cls, frozenset()) else _namedtuple
    if attrs.has(cls) and attrs.inspect(cls).is_slotted and not attrs.inspect(cls).is_exception:
        if _frozen_attrs(cls):
            return None if _immutable_class(cls, frozenset()) else _frozen_copier(cls)
        return _mutable_copier(cls)
    return _deepcopy


def _deepcopy(value: object, memo: Memo) -> Any:
    return _copy_module.deepcopy(value, memo)


def _declared(value: Any, memo: Memo) -> Any:
    """The copy a class makes of itself (its ``__deepcopy__``), once per object."""
    at = id(value)
    copied = memo.get(at)
    if copied is None:
        copied = memo[at] = value.__deepcopy__(memo)
    return copied


def _list(value: list[Any], memo: Memo) -> list[Any]:
    found = memo.get(id(value))
    if found is not None:
        return found  # type: ignore[no-any-return]
    new: list[Any] = []
    memo[id(value)] = new
    plans = _PLANS
    for item in value:
        plan = plans[type(item)]
        new.append(item if plan is None else plan(item, memo))
    return new


def _dict(value: dict[Any, Any], memo: Memo) -> dict[Any, Any]:
    found = memo.get(id(value))
    if found is not None:
        return found  # type: ignore[no-any-return]
    new: dict[Any, Any] = {}
    memo[id(value)] = new
    plans = _PLANS
    for key, item in value.items():
        plan = plans[type(key)]
        if plan is not None:
            key = plan(key, memo)  # noqa: PLW2901 - the copied key
        plan = plans[type(item)]
        new[key] = item if plan is None else plan(item, memo)
    return new


def _set(value: set[Any], memo: Memo) -> set[Any]:
    found = memo.get(id(value))
    if found is not None:
        return found  # type: ignore[no-any-return]
    new: set[Any] = set()
    memo[id(value)] = new
    new.update([_copy(item, memo) for item in value])
    return new


def _copied_items(value: tuple[Any, ...] | frozenset[Any], memo: Memo) -> list[Any] | None:
    """The items of ``value`` copied, or ``None`` when each came back as it was (share it).

    One loop, no comprehension or ``all()`` frames: a shipment's parcels go through it on
    every read, and most of them come back as they were.
    """
    plans = _PLANS
    items: list[Any] = []
    changed = False
    for item in value:
        plan = plans[type(item)]
        if plan is None:
            items.append(item)
        else:
            new = plan(item, memo)
            changed = changed or new is not item
            items.append(new)
    return items if changed else None


def _tuple(value: tuple[Any, ...], memo: Memo) -> tuple[Any, ...]:
    items = _copied_items(value, memo)
    if items is None:
        return value
    return memo.setdefault(id(value), tuple(items))  # type: ignore[no-any-return]


def _frozenset(value: frozenset[Any], memo: Memo) -> frozenset[Any]:
    items = _copied_items(value, memo)
    if items is None:
        return value
    return memo.setdefault(id(value), frozenset(items))  # type: ignore[no-any-return]


def _namedtuple(value: tuple[Any, ...], memo: Memo) -> tuple[Any, ...]:
    items = _copied_items(value, memo)
    if items is None:
        return value
    made: tuple[Any, ...] = type(value)._make(items)  # type: ignore[attr-defined]
    return memo.setdefault(id(value), made)  # type: ignore[no-any-return]


def _fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """Each field of ``cls`` and whether its declared type is immutable (shared as it is)."""
    declared = _field_types(cls)
    return tuple(
        (f.name, _immutable(declared[f.name], frozenset()))
        for f in attrs.fields(cls)
        if f.name != "__weakref__"
    )


def _flat_container(annotation: object) -> type | None:
    """``dict``, ``list`` or ``set`` if ``annotation`` is one of immutable items, else ``None``."""
    origin = typing.get_origin(annotation)
    if origin in (dict, list, set):
        args = typing.get_args(annotation)
        if args and all(_immutable(arg, frozenset()) for arg in args):
            return origin  # type: ignore[no-any-return]
    return None


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """Writes slot ``name`` of an instance of ``cls`` directly, as attrs' ``__setstate__`` does."""
    slot = getattr(cls, name, None)
    if isinstance(slot, types.MemberDescriptorType):
        setter: Callable[[Any, Any], None] = slot.__set__
        return setter
    return functools.partial(_put, name)


def _put(name: str, obj: object, value: object) -> None:
    object.__setattr__(obj, name, value)


def _mutable_copier(cls: type) -> Plan:
    """The copier of a mutable slotted attrs class: a new object, each slot copied or shared.

    Its table of fields is made once per class from the attrs fields and their declared types,
    so a field added to the class is copied without anyone touching this module. The fields
    whose declared type is immutable are read in one ``attrgetter`` call and written by one
    ``map`` (no Python-level step per field); a dict, list or set of immutable items is copied
    with its own ``copy()``; any other field goes through the plan of its value's class. Slots
    are written through their descriptors (the builtin ``setattr`` when the class has no
    ``__setattr__`` of its own, else the slot's setter, as attrs' own ``__setstate__`` does):
    no ``__init__``, validator or ``on_setattr`` hook runs (it copies a valid object, it builds
    none).
    """
    declared = _field_types(cls)
    shared: list[str] = []
    copied_fields: list[
        tuple[str, Callable[[Any, Any], None], type | None, Callable[[Any], Any] | None]
    ] = []
    for field in attrs.fields(cls):
        if field.name == "__weakref__":
            continue
        annotation = declared[field.name]
        if _immutable(annotation, frozenset()):
            shared.append(field.name)
        else:
            flat = _flat_container(annotation)
            shallow = None if flat is None else flat.copy  # type: ignore[attr-defined]
            copied_fields.append((field.name, _setter(cls, field.name), flat, shallow))
    names = tuple(shared)
    puts = tuple(_setter(cls, name) for name in shared)
    # a tuple of the shared values, even for one name (attrgetter of one name gives the value)
    get_shared = (
        operator.attrgetter(*(shared * 2 if len(shared) == 1 else shared)) if shared else None
    )
    fields = tuple(copied_fields)
    new_object, plans = object.__new__, _PLANS
    # no __setattr__ of its own (attrs adds one for on_setattr hooks): the builtin setattr
    # writes the slot through its descriptor, the fastest call there is; else the setters
    direct = cls.__setattr__ is object.__setattr__  # type: ignore[comparison-overlap]

    def copier(value: Any, memo: Memo) -> Any:
        at = id(value)
        copied = memo.get(at)
        if copied is not None:
            return copied
        copied = memo[at] = new_object(cls)
        if get_shared is not None:  # every slot written in C (map stops at the shortest)
            if direct:
                any(map(setattr, repeat(copied), names, get_shared(value)))
            else:
                any(map(call, puts, repeat(copied), get_shared(value)))
        for name, put, flat, copy_flat in fields:
            item = getattr(value, name)
            if type(item) is flat:
                at = id(item)
                new = memo.get(at)
                if new is None:
                    new = memo[at] = copy_flat(item)  # type: ignore[misc]
            elif item is None:
                new = None
            else:
                plan = plans[type(item)]
                new = item if plan is None else plan(item, memo)
            if direct:
                setattr(copied, name, new)
            else:
                put(copied, new)
        return copied

    return copier


def _frozen_copier(cls: type) -> Plan:
    """The copier of a frozen attrs class that may hold something mutable: shared if nothing is.

    Only the fields whose declared type may hold something mutable are looked at, and the value
    itself is returned (no new object, no list of fields) when each of them comes back as it
    was (``None``, an atom, an immutable value): a parcel without contents is not rebuilt.
    """
    if attrs.inspect(cls).hashability is attrs.ClassProps.Hashability.HASHABLE_CACHED:
        return _deepcopy  # its hash cache would need resetting: leave that to attrs' pickling
    fields = _fields(cls)
    looked_at = tuple(name for name, shared in fields if not shared)
    new, put, plans = object.__new__, object.__setattr__, _PLANS

    def copier(value: Any, memo: Memo) -> Any:
        found = memo.get(id(value))
        if found is not None:
            return found
        for name in looked_at:
            old = getattr(value, name)
            plan = plans[type(old)]
            if plan is not None and plan(old, memo) is not old:
                break
        else:
            return value  # nothing in it came back new: share it
        items = [
            (name, old, old if shared else _copy(old, memo))
            for name, shared in fields
            for old in (getattr(value, name),)
        ]
        copied: Any = new(cls)
        for name, _old, item in items:
            put(copied, name, item)
        memo[id(value)] = copied
        return copied

    return copier
