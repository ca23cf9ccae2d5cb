"""Exact money: ``Money`` on ``Decimal``, ISO 4217 minor units, and largest-remainder splits.

Rules (ARCHITECTURE.md, "Money is exact"):

* Amounts are built from ``str``, ``int`` or ``Decimal`` only. A ``float`` is a :class:`WrongType`;
  NaN and Infinity are a :class:`ValidationError`.
* Every amount is kept at its currency's exponent (USD 2, JPY 0, KWD 3). Trailing zeros beyond it
  are accepted (USD ``"1.500"`` is 1.50); real excess precision (USD ``"1.005"``) is refused unless
  the caller names a :class:`Rounding` mode.
* Currency codes are normalised to upper case. The table of exponents is an immutable value
  (:class:`CurrencyTable`) that a caller can extend or override per channel, never a global.
* Amounts in different currencies never mix: arithmetic and ordering raise
  :class:`CurrencyMismatch`.
* :func:`allocate` splits an amount over weights by largest remainder on minor units, so the parts
  always sum to the whole; :meth:`Money.split` and :meth:`Money.allocate` are the same as methods.
* Division: ``money / n`` only where the quotient is exact at the currency's exponent (USD 1.00 / 4
  is 0.25, USD 1.00 / 3 is refused); :meth:`Money.divide` takes a named :class:`Rounding` and is
  correctly rounded from the exact quotient; :meth:`Money.split` gives exact parts instead.
* Reflected arithmetic: the ``int`` 0, and only it, may stand on the left of ``+`` and ``-``, so
  ``sum(amounts)`` and ``0 - price`` work; :meth:`Money.round` rounds to any number of decimal
  places (0 for whole units, -2 for hundreds) with a named mode.
* Any other operand or operator (``money + 1``, ``1.5 * money``, ``money // 2``, ``round(money)``)
  is refused with :class:`WrongType` (a ``TypeError``) or :class:`ValidationError` (a
  ``ValueError``) naming the operand and the rule, never a bare ``TypeError``.
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import NoReturn

import attrs

from ordercore.kernel.checks import require_quantity
from ordercore.kernel.currencies import DEFAULT_TABLE as _DEFAULT_TABLE
from ordercore.kernel.currencies import QUANTA as _QUANTA
from ordercore.kernel.currencies import Currency, CurrencyTable
from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.slots import draft_class

__all__ = [
    "Currency",
    "CurrencyTable",
    "Money",
    "Rounding",
    "allocate",
    "allocate_units",
    "exact_money",
    "sum_money",
]


class Rounding(enum.StrEnum):
    """A named rounding mode; the value is the matching ``decimal`` module constant."""

    HALF_UP = decimal.ROUND_HALF_UP
    HALF_EVEN = decimal.ROUND_HALF_EVEN
    HALF_DOWN = decimal.ROUND_HALF_DOWN
    UP = decimal.ROUND_UP
    DOWN = decimal.ROUND_DOWN
    CEILING = decimal.ROUND_CEILING
    FLOOR = decimal.ROUND_FLOOR


def _to_decimal(field: str, value: object) -> Decimal:
    if isinstance(value, (bool, float)):
        raise WrongType(
            field, value, "money is exact: give a str, int or Decimal, never a float or bool"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ValidationError(field, value, "not a decimal number") from None
    else:
        raise WrongType(field, value, "money is exact: give a str, int or Decimal")
    if not result.is_finite():
        raise ValidationError(field, value, "an amount must be a finite number (no NaN, Infinity)")
    return result


def _quantize(
    field: str, amount: Decimal, currency: Currency, rounding: Rounding | None
) -> Decimal:
    quantum = currency.quantum
    mode = decimal.ROUND_DOWN if rounding is None else rounding.value
    try:
        result = amount.quantize(quantum, rounding=mode)
    except decimal.InvalidOperation:
        raise ValidationError(
            field, str(amount), "an amount has at most 28 significant digits"
        ) from None
    if rounding is None and result != amount:
        raise ValidationError(
            field,
            str(amount),
            f"{currency.code} has {currency.exponent} decimal places; "
            "round explicitly with a named Rounding mode",
        )
    return result.copy_abs() if result.is_zero() else result  # no "-0.00"


def _divisor(value: object) -> Fraction:
    """``value`` as an exact non-zero divisor: an ``int`` or a finite ``Decimal`` (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise WrongType(
            "divisor",
            value,
            "money is divided by an int or a Decimal only (never a float, a bool, a str or Money)",
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValidationError("divisor", value, "a divisor is a finite number (no NaN, Infinity)")
    if not value:
        raise ValidationError("divisor", value, "money cannot be divided by zero")
    return Fraction(value)


def _round_fraction(value: Fraction, rounding: Rounding) -> int:
    """``value`` rounded to a whole number as ``rounding`` says, exactly (no decimal context)."""
    floor = value.numerator // value.denominator
    rest = value - floor  # 0 <= rest < 1
    if not rest:
        return floor
    ceiling = floor + 1
    away, toward = (ceiling, floor) if value > 0 else (floor, ceiling)
    half = Fraction(1, 2)
    if rounding.name.startswith("HALF_") and rest != half:
        return floor if rest < half else ceiling
    chosen = {
        Rounding.FLOOR: floor,
        Rounding.CEILING: ceiling,
        Rounding.UP: away,
        Rounding.DOWN: toward,
        Rounding.HALF_UP: away,
        Rounding.HALF_DOWN: toward,
        Rounding.HALF_EVEN: floor if floor % 2 == 0 else ceiling,
    }
    return chosen[rounding]


def _rounding(value: object) -> Rounding:
    if not isinstance(value, Rounding):
        raise WrongType("rounding", value, "name a Rounding mode (e.g. Rounding.HALF_EVEN)")
    return value


@attrs.frozen(order=False, repr=False, eq=False)
class Money:
    """An exact amount in one currency, always at that currency's exponent.

    Build it with :meth:`of` (``Money.of("19.99", "USD")``), or :meth:`zero`. Arithmetic with
    another ``Money`` needs the same currency; multiplication by an ``int`` is exact, by a
    ``Decimal`` rate needs a named :class:`Rounding`. ``str(money)`` is ``"19.99 USD"`` and
    :meth:`parse` reads it back exactly.
    """

    amount: Decimal
    currency: Currency

    def __attrs_post_init__(self) -> None:
        amount, currency = self.amount, self.currency
        if not isinstance(amount, Decimal):
            raise WrongType("amount", amount, "Money() takes a Decimal; use Money.of(...)")
        if not isinstance(currency, Currency):
            raise WrongType("currency", currency, "Money() takes a Currency; use Money.of")
        # one C call: finite and exactly at the currency's exponent (NaN, Infinity: False)
        if not amount.same_quantum(_QUANTA[currency.exponent]):
            raise ValidationError(
                "amount",
                str(amount),
                f"Money() needs a finite amount with exactly {currency.exponent} decimal "
                f"places for {currency.code}; Money.of(...) checks and normalises it",
            )

    @classmethod
    def of(
        cls,
        amount: str | int | Decimal,
        currency: str | Currency,
        *,
        table: CurrencyTable | None = None,
        rounding: Rounding | None = None,
    ) -> Money:
        """Money from an exact amount and a currency code (or :class:`Currency`).

        Excess precision is refused unless ``rounding`` names how to round it away.
        """
        cur = (
            currency if isinstance(currency, Currency) else (table or _DEFAULT_TABLE).get(currency)
        )
        value = _to_decimal("amount", amount)
        return cls(_quantize("amount", value, cur, rounding), cur)

    @classmethod
    def zero(cls, currency: str | Currency, *, table: CurrencyTable | None = None) -> Money:
        """Nothing, in ``currency`` (one shared value per currency: ``Money`` never changes)."""
        found = _ZERO_BY_ID.get(id(currency))  # the usual case: no Currency.__hash__ call
        if found is not None and cls is Money:
            return found
        if cls is not Money:
            return cls.of(0, currency, table=table)
        cached = table is None and (currency.__class__ is str or currency.__class__ is Currency)
        if cached:
            found = _ZERO_OF.get(currency)
            if found is not None:
                return found
        cur = (
            currency if isinstance(currency, Currency) else (table or _DEFAULT_TABLE).get(currency)
        )
        zero = _zero(cur)
        if cached and zero.currency == cur:
            _ZERO_OF[currency] = zero
        return zero

    @classmethod
    def from_minor(
        cls, minor_units: int, currency: str | Currency, *, table: CurrencyTable | None = None
    ) -> Money:
        """Money from a whole number of minor units (cents for USD, yen for JPY)."""
        cur = (
            currency if isinstance(currency, Currency) else (table or _DEFAULT_TABLE).get(currency)
        )
        units = require_quantity("minor_units", minor_units, minimum=None)
        amount = Decimal(units).scaleb(-cur.exponent)
        if cls is Money:  # a whole number scaled to the exponent: exact_money checks the rest
            return exact_money(amount, cur)
        return cls(amount, cur)

    @classmethod
    def parse(cls, text: str, *, table: CurrencyTable | None = None) -> Money:
        """Read ``"19.99 USD"`` (the form ``str()`` writes) back into exactly the same Money."""
        parts = text.split() if isinstance(text, str) else []
        if len(parts) != 2:
            raise ValidationError("money", text, "money is written as '<amount> <CODE>'")
        return cls.of(parts[0], parts[1], table=table)

    @property
    def minor_units(self) -> int:
        """The amount as a whole number of minor units (1999 for USD 19.99)."""
        return int(self.amount.scaleb(self.currency.exponent))

    def _same(self, operation: str, other: Money) -> None:
        if other.__class__ is Money and other.currency is self.currency:
            return  # the common case: amounts of one currency share its Currency value
        if not isinstance(other, Money):
            raise WrongType("other", other, f"can only {operation} Money with Money")
        # identity first: amounts of one currency usually share its Currency value
        if other.currency is not self.currency and other.currency != self.currency:
            raise CurrencyMismatch(operation, str(self), str(other))

    def __add__(self, other: Money) -> Money:
        currency = self.currency
        if other.__class__ is Money and other.currency is currency:  # the common case
            if not other.amount and self.__class__ is Money:
                return self  # adding nothing: the same value (Money never changes)
            if not self.amount and self.__class__ is Money:
                # nothing plus a value is that value: shared, not built again (a sum's first
                # term; the store keeps fewer equal Money objects alive)
                return other
            amount = self.amount + other.amount
            if amount and amount.same_quantum(_QUANTA[currency.exponent]):
                # exact_money() inlined for a sum that is not zero: one Python call fewer per sum
                draft = _MoneyDraft()
                draft.amount = amount
                draft.currency = currency
                draft.__class__ = Money  # built: frozen from here on
                money: Money = draft
                return money
            return exact_money(amount, currency)
        self._same("add", other)
        return Money(self.amount + other.amount, currency)

    def __sub__(self, other: Money) -> Money:
        currency = self.currency
        if other.__class__ is Money and other.currency is currency:  # the common case
            if not other.amount and self.__class__ is Money:
                return self  # taking nothing away: the same value (Money never changes)
            amount = self.amount - other.amount
            if amount and amount.same_quantum(_QUANTA[currency.exponent]):
                # exact_money() inlined for a difference that is not zero: one Python call fewer
                draft = _MoneyDraft()
                draft.amount = amount
                draft.currency = currency
                draft.__class__ = Money  # built: frozen from here on
                money: Money = draft
                return money
            return exact_money(amount, currency)
        self._same("subtract", other)
        return Money(self.amount - other.amount, currency)

    def _zero_on_the_left(self, operation: str, other: object) -> None:
        if isinstance(other, bool) or not isinstance(other, int) or other != 0:
            raise WrongType(
                "left",
                other,
                f"only the int 0 may stand left of Money in {operation} (so that sum() and "
                f"0 - money work); write Money.of(..., {self.currency.code!r}) for an amount",
            )

    def __radd__(self, other: int) -> Money:
        """``0 + money`` is ``money`` (what ``sum()`` starts with); else :class:`WrongType`."""
        self._zero_on_the_left("+", other)
        return self

    def __rsub__(self, other: int) -> Money:
        """``0 - money`` is ``-money``; any other left operand is a :class:`WrongType`."""
        self._zero_on_the_left("-", other)
        return -self

    def __neg__(self) -> Money:
        return Money(-self.amount if self.amount else self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: int) -> Money:
        if factor.__class__ is int:  # the common case (a bool is not an int here)
            if factor == 1 and self.__class__ is Money:
                return self  # one of it is itself: shared, not built again (one unit's price)
            amount, currency = self.amount * factor, self.currency
            if amount and amount.same_quantum(_QUANTA[currency.exponent]):
                # exact_money() inlined for a product that is not zero: one Python call fewer
                draft = _MoneyDraft()
                draft.amount = amount
                draft.currency = currency
                draft.__class__ = Money  # built: frozen from here on
                money: Money = draft
                return money
            return exact_money(amount, currency)
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise WrongType(
                "factor", factor, "Money * int is exact; use .multiply(rate, rounding) for rates"
            )
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def multiply(self, rate: Decimal | int | str, rounding: Rounding) -> Money:
        """This amount times ``rate`` (a tax rate, a percentage), rounded as ``rounding`` says."""
        value = _to_decimal("rate", rate)
        return Money(
            _quantize("amount", self.amount * value, self.currency, rounding), self.currency
        )

    def __truediv__(self, divisor: int | Decimal) -> Money:
        """``money / n``, only where the quotient is exact at the currency's exponent.

        USD 1.00 / 4 is USD 0.25; USD 1.00 / 3 is refused (:class:`ValidationError` on
        ``divisor``): use :meth:`divide` with a named rounding, or :meth:`split` for exact parts.
        """
        exact = Fraction(self.minor_units) / _divisor(divisor)
        if exact.denominator != 1:
            raise ValidationError(
                "divisor",
                divisor,
                f"{self} / {divisor} is not a whole number of {self.currency.code} minor units; "
                "use .divide(divisor, rounding) to round it, or .split(n) for exact parts",
            )
        return Money.from_minor(exact.numerator, self.currency)

    def divide(self, divisor: int | Decimal, rounding: Rounding) -> Money:
        """``money / divisor`` rounded to the currency's exponent as ``rounding`` says.

        The quotient is computed exactly and rounded once, so it is within one minor unit of the
        exact quotient (half a unit for the ``HALF_*`` modes).
        """
        exact = Fraction(self.minor_units) / _divisor(divisor)
        return Money.from_minor(_round_fraction(exact, _rounding(rounding)), self.currency)

    def split(self, parts: int) -> list[Money]:
        """This amount in ``parts`` near-equal exact parts that sum to it, larger parts first."""
        count = require_quantity("parts", parts)
        return allocate(self, [1] * count)

    def allocate(self, ratios: Sequence[int | Decimal]) -> list[Money]:
        """This amount split over ``ratios`` by largest remainder; see :func:`allocate`."""
        return allocate(self, ratios)

    def round(self, places: int, rounding: Rounding) -> Money:
        """This amount rounded to ``places`` decimal places, as ``rounding`` says.

        ``places`` may be 0 (whole units) or negative (-2: hundreds); the result stays at the
        currency's exponent (USD 1234.56 rounded to -2 places is USD 1200.00). Places at or
        beyond the exponent change nothing.
        """
        digits = require_quantity("places", places, minimum=None)
        mode = _rounding(rounding)
        if digits >= self.currency.exponent:
            return self
        try:
            rounded = self.amount.quantize(Decimal(1).scaleb(-digits), rounding=mode.value)
            return Money(_quantize("amount", rounded, self.currency, None), self.currency)
        except (decimal.InvalidOperation, ValidationError):
            raise ValidationError(
                "places", places, "the rounded amount has more than 28 significant digits"
            ) from None

    def _refuse(self, operator: str, operand: object) -> NoReturn:
        raise WrongType(
            "operand",
            operand,
            f"Money has no {operator}: use + and - with Money, * by an int, .multiply(rate, "
            "rounding), / where exact, .divide(n, rounding), .split(n) or .round(places, rounding)",
        )

    def __rtruediv__(self, other: object) -> NoReturn:
        """Refused: nothing is divided by money (:class:`WrongType`)."""
        self._refuse("/ with Money on the right", other)

    def __floordiv__(self, other: object) -> NoReturn:
        """Refused (:class:`WrongType`): use :meth:`divide` with ``Rounding.FLOOR``."""
        self._refuse("//", other)

    def __rfloordiv__(self, other: object) -> NoReturn:
        """Refused (:class:`WrongType`)."""
        self._refuse("//", other)

    def __mod__(self, other: object) -> NoReturn:
        """Refused (:class:`WrongType`): :meth:`split` gives exact parts."""
        self._refuse("%", other)

    def __rmod__(self, other: object) -> NoReturn:
        """Refused (:class:`WrongType`)."""
        self._refuse("%", other)

    def __divmod__(self, other: object) -> NoReturn:
        """Refused (:class:`WrongType`): :meth:`split` gives exact parts."""
        self._refuse("divmod()", other)

    def __pow__(self, other: object) -> NoReturn:
        """Refused (:class:`WrongType`)."""
        self._refuse("**", other)

    def __rpow__(self, other: object) -> NoReturn:
        """Refused (:class:`WrongType`)."""
        self._refuse("**", other)

    def __round__(self, ndigits: object = None) -> NoReturn:
        """Refused (:class:`WrongType`): ``round()`` names no mode; use :meth:`round`."""
        self._refuse("round() without a named mode", ndigits)

    def __lt__(self, other: Money) -> bool:
        self._same("compare", other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same("compare", other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same("compare", other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same("compare", other)
        return self.amount >= other.amount

    def __eq__(self, other: object) -> bool:
        """Same class, same amount, same currency (what attrs would compare, in that order).

        Written out so that the usual case, amounts of one shared ``Currency`` value, compares
        the currencies by identity instead of calling their generated ``__eq__``.
        """
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.amount == other.amount and (
            self.currency is other.currency or self.currency == other.currency
        )

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __bool__(self) -> bool:
        return bool(self.amount)

    def is_zero(self) -> bool:
        """True when the amount is exactly nothing."""
        return not self.amount

    def is_negative(self) -> bool:
        """True when the amount is below zero."""
        return self.amount < 0

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.code}"

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency.code}')"


_MoneyDraft = draft_class(Money)
"""Money being built: its two slots written by plain assignment (kernel.slots.draft_class)."""


def exact_money(amount: Decimal, currency: Currency) -> Money:
    """``Money(amount, currency)`` for the result of arithmetic on valid amounts of it.

    For a caller that added, subtracted or multiplied by ints the ``Decimal`` amounts of Money
    in ``currency`` (a total of many amounts: one Money made, not one per step); about half the
    instructions of ``Money()``. Such an amount is a finite ``Decimal`` and the currency a
    ``Currency``; only its exponent can be off (a result beyond 28 significant digits is rounded
    by the context), and that one C call is all it checks before writing the slots. Anything
    else goes through ``Money()`` and raises what it raises.
    """
    if not amount.same_quantum(_QUANTA[currency.exponent]):
        return Money(amount, currency)
    if not amount:
        found = _ZERO_BY_ID.get(id(currency))  # one shared zero per currency, no "-0.00"
        zero = _zero(currency) if found is None else found
        if zero.currency is currency:
            return zero
    draft = _MoneyDraft()
    draft.amount = amount
    draft.currency = currency
    draft.__class__ = Money  # built: frozen from here on
    money: Money = draft
    return money


_ZEROS: dict[tuple[str, int], Money] = {}
"""One zero per (code, exponent), made on first use: a cache of immutable values."""


def _zero(currency: Currency) -> Money:
    key = (currency.code, currency.exponent)
    found = _ZEROS.get(key)
    if found is None:
        # made with the default table's own Currency value when it is this one (==), so that
        # its amounts meet their zero by identity, whichever equal value asked first
        own = _DEFAULT_TABLE.get(currency.code) if currency.code in _DEFAULT_TABLE else None
        cur = own if own is not None and own == currency else currency
        found = _ZEROS[key] = Money(_QUANTA[currency.exponent] * 0, cur)
        _ZERO_BY_ID[id(cur)] = found
    return found


_ZERO_BY_ID: dict[int, Money] = {}
"""Each shared zero of :data:`_ZEROS` by the identity of its own ``Currency`` value.

A lookup by ``id()`` calls no ``Currency.__hash__`` (a Python function). The zero keeps its
currency alive, so no other object can have that id while the entry exists; one entry per
entry of :data:`_ZEROS` (bounded by the currencies in use)."""


_ZERO_OF: dict[object, Money] = {}
"""The shared zero by what a caller named its currency with (a code of the default table, or a
:class:`Currency`), filled by ``Money.zero`` (a cache of immutable values, bounded by the
currencies in use). ``Money.zero`` and :func:`sum_money` look here first: no table lookup."""


def sum_money(amounts: Iterable[Money], currency: str | Currency) -> Money:
    """The total of ``amounts``, all in ``currency``; an empty iterable totals zero.

    It adds the amounts as ``total + amount`` would, one at a time, with the same checks and
    errors, without building the intermediate totals.
    """
    total = Money.zero(currency)
    cur, quantum = total.currency, _QUANTA[total.currency.exponent]
    amount = total.amount
    only: Money | None = None
    count = 0
    for item in amounts:
        if item.__class__ is Money and item.currency is cur:
            amount += item.amount
            if not amount.same_quantum(quantum):
                Money(amount, cur)  # raises what ``Money()`` raises for this total
        else:  # another Currency value, a subclass, or no Money at all: the full checks
            amount = (Money(amount, cur) + item).amount
        only = item
        count += 1
    if count == 1 and only is not None and only.__class__ is Money and only.currency is cur:
        return only if only.amount else total  # one amount totals itself (Money never changes)
    return total if amount is total.amount else exact_money(amount, cur)


def allocate_units(total: int, weights: Sequence[int | Decimal]) -> list[int]:
    """Split the whole number ``total`` over ``weights`` by largest remainder.

    Each part gets ``floor(total * w / sum(w))``; the units left over go one each to the parts with
    the largest remainders. **Tie rule:** among equal remainders, the earlier part (lower index)
    gets the unit first. Parts always sum to ``total``; for ``total >= 0`` none is negative, and a
    part with weight 0 gets 0. A negative ``total`` is split as its magnitude and negated.
    """
    require_quantity("total", total, minimum=None)
    if not weights:
        raise ValidationError("weights", list(weights), "at least one weight is needed")
    exact: list[Decimal] = []
    for index, weight in enumerate(weights):
        value = _to_decimal(f"weights[{index}]", weight)
        if value < 0:
            raise ValidationError(f"weights[{index}]", weight, "weights cannot be negative")
        exact.append(value)
    weight_sum = sum(exact, Decimal(0))
    if weight_sum == 0:
        raise ValidationError("weights", list(weights), "at least one weight must be positive")
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    with decimal.localcontext() as ctx:
        ctx.prec = max(28, len(str(magnitude)) + 20)
        shares = [magnitude * w / weight_sum for w in exact]
    parts = [int(share) for share in shares]  # int() truncates toward zero: a floor here
    left = magnitude - sum(parts)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
    for index in by_remainder[:left]:
        parts[index] += 1
    return [sign * part for part in parts]


def allocate(money: Money, weights: Sequence[int | Decimal]) -> list[Money]:
    """Split ``money`` over ``weights`` on minor units; the parts always sum to ``money``.

    >>> [str(part) for part in allocate(Money.of("1.00", "USD"), [1, 1, 1])]
    ['0.34 USD', '0.33 USD', '0.33 USD']

    See :func:`allocate_units` for the tie rule (earlier parts first).
    """
    return [
        Money.from_minor(units, money.currency)
        for units in allocate_units(money.minor_units, weights)
    ]
