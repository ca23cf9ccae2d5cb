"""Building a frozen slotted value by writing its slots: how a hot path builds what it checked.

attrs' generated ``__init__`` of a frozen slotted class writes each field through
``object.__setattr__`` (the class's own ``__setattr__`` refuses a plain write) and runs its
converters and validators. A hot path that builds a value from parts its command has already
checked may instead write the slots through their member descriptors, as attrs' own
``__setstate__`` does: about half the instructions of ``__init__``. Each such builder lives
beside its class, is pinned by a test to give what the constructor gives (``==``, hash,
repr), and sends anything not already valid through ``__init__`` and its error (a decided
rule of the house: see the CHANGELOG).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["slot_setters"]


def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The ``__set__`` of the slot of each field of the slotted attrs class ``cls``, in field order.

    Inherited fields included (a subclass event's base fields come first, as in
    ``attrs.fields``). Unpacked into names where it is used, so a field added to ``cls`` makes
    the unpacking fail at import rather than leave a slot unwritten.

    >>> import attrs
    >>> @attrs.frozen
    ... class Point:
    ...     x: int
    ...     y: int
    >>> set_x, set_y = slot_setters(Point)
    >>> point = object.__new__(Point)
    >>> set_x(point, 1); set_y(point, 2)
    >>> point == Point(1, 2)
    True
    """
    return tuple(getattr(cls, field.name).__set__ for field in attrs.fields(cls))
