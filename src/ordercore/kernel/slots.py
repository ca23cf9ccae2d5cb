"""Building a frozen slotted value by writing its slots: how a hot path builds what it checked.

attrs' generated ``__init__`` of a frozen slotted class writes each field through
``object.__setattr__`` (the class's own ``__setattr__`` refuses a plain write) and runs its
converters and validators. A hot path that builds a value from parts its command has already
checked may instead write the slots, as attrs' own ``__setstate__`` does. Each such builder lives
beside its class, is pinned by a test to give what the constructor gives (``==``, hash,
repr), and sends anything not already valid through ``__init__`` and its error (a decided
rule of the house: see the CHANGELOG).

A builder makes an empty *draft* of the class (``Draft()``, from :func:`draft_class`: an
instance of a subclass that adds no slot, runs no ``__init__`` and lets plain assignment
through), writes every field with ``draft.field = value`` and then makes it the value with
``draft.__class__ = cls``. A plain slot write costs a few instructions, where a call of the
slot's ``__set__`` cost about 680 and attrs' ``__init__`` about 1,500 per field (cachegrind,
session 13): a value of twelve fields is built with about a third of the instructions of the
``__set__`` calls this module offered before. The draft never leaves its builder; once its
class is set it is the frozen value, refusing writes as any other. A field added to the class
and not written by a builder leaves its slot empty, which the builder's test (equal to the
constructor) catches at once.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["draft_class"]


def draft_class(cls: type) -> type[Any]:
    """A draft of the frozen slotted attrs class ``cls``: its slots, written by plain assignment.

    The draft is a subclass of ``cls`` that adds no slot (same layout, so ``__class__`` may be
    set from one to the other), takes back ``object``'s ``__setattr__`` and ``__delattr__``
    (so a write is the interpreter's plain slot store) and ``object``'s ``__init__`` (so
    ``Draft()`` is an empty draft: a call to the type costs less than ``object.__new__(Draft)``).
    A builder writes *every* field of ``Draft()`` and then sets ``__class__`` to ``cls``: from
    there on the object is a ``cls`` like any other (``==``, hash, repr, frozen). Refused
    (``TypeError``) for a class that is not a slotted attrs class, that has its own
    ``__new__``, or that keeps a cached hash (a slot no field names).

    >>> import attrs
    >>> @attrs.frozen
    ... class Point:
    ...     x: int
    ...     y: int
    >>> draft = draft_class(Point)()
    >>> draft.x = 1; draft.y = 2; draft.__class__ = Point
    >>> (draft == Point(1, 2), type(draft) is Point)
    (True, True)
    """
    if not attrs.has(cls) or "__slots__" not in vars(cls) or cls.__dictoffset__:
        raise TypeError(f"a draft is made of a slotted attrs class, not {cls!r}")
    if cls.__new__ is not object.__new__:
        raise TypeError(f"{cls.__qualname__} has its own __new__: a draft would call it")
    if any("cached_hash" in name for name in vars(cls)["__slots__"]):
        raise TypeError(f"{cls.__qualname__} keeps a cached hash: a draft would leave it unset")
    namespace = {
        "__slots__": (),
        "__setattr__": object.__setattr__,  # both: the type then stores slots directly
        "__delattr__": object.__delattr__,
        "__init__": object.__init__,  # Draft(): an empty draft, no field written
        "__doc__": f"A {cls.__qualname__} being built (kernel.slots.draft_class).",
        "__module__": cls.__module__,
    }
    draft: type[Any] = type(f"{cls.__name__}Draft", (cls,), namespace)
    return draft
