"""A run-time judge of what can change inside an object graph (for tests of copies)."""

import datetime
import enum
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

ATOMS = (str, int, float, bytes, type(None), Decimal, Fraction, enum.Enum, datetime.date,
         datetime.time, datetime.timedelta, datetime.tzinfo, type)  # fmt: skip


def _immutable(value: Any, seen: set[int]) -> bool:
    if isinstance(value, ATOMS) or (callable(value) and not attrs.has(type(value))):
        return True
    if id(value) in seen:
        return True
    seen.add(id(value))
    if isinstance(value, (tuple, frozenset)):
        return all(_immutable(item, seen) for item in value)
    if attrs.has(type(value)) and attrs.inspect(type(value)).is_frozen:
        return all(_immutable(getattr(value, f.name), seen) for f in attrs.fields(type(value)))
    return False


def _walk(value: Any, found: set[int], seen: set[int]) -> None:
    if id(value) in seen or isinstance(value, ATOMS):
        return
    seen.add(id(value))
    if not _immutable(value, set()):
        found.add(id(value))
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(key, found, seen)
            _walk(item, found, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _walk(item, found, seen)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            _walk(getattr(value, field.name), found, seen)
    elif hasattr(value, "__dict__"):
        _walk(vars(value), found, seen)


def mutable_ids(value: Any) -> set[int]:
    """The ids of every object reachable from ``value`` that could change (checked at run time)."""
    found: set[int] = set()
    _walk(value, found, set())
    return found
