"""Writing the slots of a new frozen object directly, for the few hot constructors.

An attrs frozen class sets each field through ``object.__setattr__``, which looks the field up
along the class hierarchy every time. Calling the slot's own descriptor is about twice as fast;
the object is the same (same type, same fields, equal, just as frozen afterwards).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["slot_setter"]


def slot_setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The function that writes the slot ``name`` of instances of the slotted class ``cls``.

    It bypasses a frozen class's ``__setattr__``: use it only to fill a new object.

    >>> import attrs
    >>> @attrs.frozen
    ... class Box:
    ...     units: int
    >>> box = object.__new__(Box)
    >>> slot_setter(Box, "units")(box, 3)
    >>> box == Box(3)
    True
    """
    setter: Callable[[Any, Any], None] = getattr(cls, name).__set__
    return setter
