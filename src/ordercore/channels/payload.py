"""A path-aware reader of JSON payloads: every refusal names the JSON path, value and rule.

Mappers never index a payload directly; they walk it with :class:`Node`, whose getters check
the kind of each value (money from strings or ``Decimal``, never floats; aware instants only;
ids from ints or strings; booleans that may arrive as ``"true"``/``"false"``) and raise
:class:`~.errors.ChannelPayloadError` naming the exact path (``order.line_items[2].price``).
Parse JSON with ``json.loads(text, parse_float=Decimal)`` so that no amount is ever a float.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import NoReturn, TypeVar

import attrs
import pendulum

from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Currency, CurrencyTable, Money

from .errors import ChannelPayloadError

__all__ = ["MISSING", "Node"]

T = TypeVar("T")


class _Missing:
    """The marker of a key that is absent from its object."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()
"""The value a :class:`Node` holds for an absent key (its ``repr`` is ``<missing>``)."""


@attrs.frozen
class Node:
    """A value inside a payload, with its JSON path and the channel that sent it."""

    value: object
    path: str
    channel: str

    @classmethod
    def root(cls, payload: object, channel: str, path: str = "") -> Node:
        """The reader of a whole payload (``path`` is the prefix of every reported path)."""
        return cls(payload, path, channel)

    def fail(self, rule: str) -> NoReturn:
        """Raise :class:`ChannelPayloadError` for this node's path and value."""
        raise ChannelPayloadError(self.channel, self.path or "<root>", self.value, rule)

    def build(self, make: Callable[[], T]) -> T:
        """``make()``, with any ordercore refusal re-raised as a payload error at this path."""
        try:
            return make()
        except ChannelPayloadError:
            raise
        except OrdercoreError as error:
            self.fail(str(error))

    def _child(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def mapping(self) -> Mapping[str, object]:
        """The value as a JSON object."""
        if not isinstance(self.value, Mapping):
            self.fail("a JSON object is expected")
        return self.value

    def get(self, key: str) -> Node:
        """The required member ``key`` (absent or ``null`` is refused)."""
        node = Node(self.mapping().get(key, MISSING), self._child(key), self.channel)
        if node.value is MISSING or node.value is None:
            node.fail("is required")
        return node

    def opt(self, key: str) -> Node | None:
        """The member ``key``, or ``None`` when it is absent or ``null``."""
        value = self.mapping().get(key)
        return None if value is None else Node(value, self._child(key), self.channel)

    def items(self) -> list[Node]:
        """The elements of a JSON array, each with its indexed path (``line_items[2]``)."""
        if not isinstance(self.value, list):
            self.fail("a JSON array is expected")
        return [Node(v, f"{self.path}[{i}]", self.channel) for i, v in enumerate(self.value)]

    def opt_items(self, key: str) -> list[Node]:
        """The elements of the array ``key``; an absent or ``null`` member is empty."""
        node = self.opt(key)
        return [] if node is None else node.items()

    def text(self, *, allow_empty: bool = False) -> str:
        """The value as a string (non-blank unless ``allow_empty``)."""
        if not isinstance(self.value, str):
            self.fail("a string is expected")
        if not allow_empty and not self.value.strip():
            self.fail("must not be empty")
        return self.value

    def identifier(self) -> str:
        """An id: a non-negative JSON integer or a non-blank string, returned as a string."""
        value = self.value
        if isinstance(value, bool):
            self.fail("an id is an integer or a string, not a boolean")
        if isinstance(value, int):
            if value < 0:
                self.fail("an id is not negative")
            return str(value)
        if isinstance(value, str) and value.strip() and value == value.strip():
            return value
        return self.fail("an id is an integer or a non-blank string without outer spaces")

    def integer(self, *, minimum: int = 0) -> int:
        """A whole JSON integer of at least ``minimum`` (floats, bools and strings refused)."""
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            self.fail("a whole integer is expected (not a float, boolean or string)")
        if self.value < minimum:
            self.fail(f"must be at least {minimum}")
        return self.value

    def decimal(self) -> Decimal:
        """An exact number from a string, an int or a ``Decimal``; a float is refused."""
        value = self.value
        if isinstance(value, float):
            self.fail("a float is not exact; parse JSON with parse_float=Decimal")
        if isinstance(value, bool):
            self.fail("a number is expected, not a boolean")
        if isinstance(value, (int, Decimal)):
            result = Decimal(value)
        elif isinstance(value, str):
            try:
                result = Decimal(value.strip())
            except InvalidOperation:
                self.fail("a decimal number is expected")
        else:
            self.fail("a decimal number (string or exact JSON number) is expected")
        if not result.is_finite():
            self.fail("a finite number is expected")
        return result

    def money(self, currency: Currency, *, allow_negative: bool = False) -> Money:
        """An amount in ``currency`` at its exponent (excess precision is refused)."""
        amount = self.decimal()
        if amount < 0 and not allow_negative:
            self.fail("an amount here cannot be negative")
        try:
            return Money.of(amount, currency)
        except OrdercoreError as error:
            self.fail(str(error))

    def currency(self, table: CurrencyTable | None = None) -> Currency:
        """A currency from its ISO 4217 code, looked up in ``table`` (the default one if None)."""
        code = self.text()
        try:
            return (table or CurrencyTable.default()).get(code)
        except OrdercoreError as error:
            self.fail(str(error))

    def instant(self) -> pendulum.DateTime:
        """An aware instant from ISO 8601 text with an offset or ``Z``; naive text is refused."""
        text = self.text()
        try:
            parsed = _dt.datetime.fromisoformat(text)
        except ValueError:
            self.fail("an ISO 8601 date-time with an offset is expected")
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            self.fail("a date-time needs an offset or 'Z'; a naive one names no instant")
        return pendulum.instance(parsed)

    def date(self) -> pendulum.Date:
        """A calendar date from ``YYYY-MM-DD`` text."""
        text = self.text()
        try:
            day = _dt.date.fromisoformat(text)
        except ValueError:
            self.fail("a calendar date YYYY-MM-DD is expected")
        if len(text) != 10:
            self.fail("a calendar date YYYY-MM-DD is expected")
        return pendulum.date(day.year, day.month, day.day)

    def boolean(self) -> bool:
        """A boolean, also from the strings ``"true"``/``"false"`` (any case)."""
        if isinstance(self.value, bool):
            return self.value
        if isinstance(self.value, str) and self.value.strip().lower() in {"true", "false"}:
            return self.value.strip().lower() == "true"
        return self.fail("a boolean (or the string 'true' or 'false') is expected")
