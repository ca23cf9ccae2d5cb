"""An equality index over one attribute of one collection of the memory store.

``select``/``where``/``for_order`` look keys up here instead of decoding and comparing every
stored aggregate, so a query costs what it finds, not what the store holds. Values that cannot
be hashed are kept aside (``odd``) and compared one by one.

Most values index one key (a payment, an invoice, a shipment per order), so a value's bucket is
that key itself, a ``str``, and becomes a set only when a second key joins it: a set per stored
aggregate would be the largest thing an index keeps (about 200 bytes, and one more object for
the garbage collector to walk, per aggregate).
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
    _keys: dict[Any, str | set[str]] = attrs.field(factory=dict, init=False)
    _value_of: dict[str, object] = attrs.field(factory=dict, init=False)
    _odd: set[str] = attrs.field(factory=set, init=False)

    def put(self, key: str, value: object) -> None:
        """Index ``key`` under ``value`` (replacing what it was indexed under before)."""
        old = self._value_of.get(key, _UNSET)
        if old is value and key not in self._odd:
            return  # indexed under this very value already (an order_id seldom changes)
        if old is not _UNSET:
            self.discard(key)
        keys = self._keys
        try:
            bucket = keys.get(value)
        except TypeError:  # unhashable: compared one by one
            self._value_of[key] = value
            self._odd.add(key)
            return
        self._value_of[key] = value
        if bucket is None:
            keys[value] = key
        elif isinstance(bucket, str):
            keys[value] = {bucket, key}
        else:
            bucket.add(key)

    def discard(self, key: str) -> None:
        """Forget ``key`` (nothing happens if it is not indexed)."""
        value = self._value_of.pop(key, _UNSET)
        if value is _UNSET:
            return
        if key in self._odd:
            self._odd.discard(key)
            return
        bucket = self._keys[value]
        if isinstance(bucket, str):
            del self._keys[value]
            return
        bucket.discard(key)
        if len(bucket) == 1:
            self._keys[value] = next(iter(bucket))

    def sorted_matching(self, value: object) -> list[str]:
        """:meth:`matching`, in key order (a query's answer; no set for a bucket of one key)."""
        if not self._odd:
            try:
                bucket = self._keys.get(value)
            except TypeError:  # an unhashable value: compare every key's value
                pass
            else:
                if bucket is None:
                    return []
                return [bucket] if isinstance(bucket, str) else sorted(bucket)
        return sorted(self.matching(value))

    def matching(self, value: object) -> set[str]:
        """The keys whose indexed value equals ``value``."""
        try:
            bucket = self._keys.get(value)
        except TypeError:  # an unhashable value: compare every key's value
            return {key for key, stored in self._value_of.items() if stored == value}
        if bucket is None:
            found: set[str] = set()
        elif isinstance(bucket, str):
            found = {bucket}
        else:
            found = set(bucket)
        if self._odd:
            found.update(key for key in self._odd if self._value_of[key] == value)
        return found
