"""An equality index over one attribute of one collection of the memory store.

``select``/``where``/``for_order`` look keys up here instead of decoding and comparing every
stored aggregate, so a query costs what it finds, not what the store holds. Values that cannot
be hashed are kept aside (``odd``) and compared one by one.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["AttributeIndex"]

_UNSET = object()


@attrs.define
class AttributeIndex:
    """Keys of one collection by the value of one attribute."""

    attribute: str
    """The attribute it indexes (``"order_id"``)."""
    _keys: dict[Any, set[str]] = attrs.field(factory=dict, init=False)
    _value_of: dict[str, object] = attrs.field(factory=dict, init=False)
    _odd: set[str] = attrs.field(factory=set, init=False)

    def put(self, key: str, value: object) -> None:
        """Index ``key`` under ``value`` (replacing what it was indexed under before)."""
        old = self._value_of.get(key, _UNSET)
        if old is value and key not in self._odd:
            return  # indexed under this very value already (an order_id seldom changes)
        self.discard(key)
        self._value_of[key] = value
        try:
            self._keys.setdefault(value, set()).add(key)
        except TypeError:  # unhashable: compared one by one
            self._odd.add(key)

    def discard(self, key: str) -> None:
        """Forget ``key`` (nothing happens if it is not indexed)."""
        if key not in self._value_of:
            return
        value = self._value_of.pop(key)
        if key in self._odd:
            self._odd.discard(key)
            return
        bucket = self._keys[value]
        bucket.discard(key)
        if not bucket:
            del self._keys[value]

    def matching(self, value: object) -> set[str]:
        """The keys whose indexed value equals ``value``."""
        try:
            found = set(self._keys.get(value, ()))
        except TypeError:  # an unhashable value: compare every key's value
            return {key for key, stored in self._value_of.items() if stored == value}
        found.update(key for key in self._odd if self._value_of[key] == value)
        return found
