"""The checks every boundary uses: a quantity, an amount of money, an id, a list of items.

Each takes the parameter's name and the value, returns the value when it passes, and otherwise
raises the kernel's typed errors, naming the parameter, the value and the rule: ``WrongType``
(a ``TypeError``) for a value of the wrong kind, ``ValidationError`` (a ``ValueError``) for one out
of range, ``CurrencyMismatch`` for money in another currency. A module checks its input with these
rather than with its own copy, so one bad input gets one error type and one message everywhere.

>>> require_quantity("units", 3)
3
>>> for bad in (True, 0):
...     try:
...         require_quantity("units", bad)
...     except (TypeError, ValueError) as refused:
...         print(type(refused).__name__, refused.fields["rule"])  # io-ok: doctest output
WrongType a quantity is a whole int (not a bool, float or str)
ValidationError a quantity here is at least 1
>>> from ordercore.kernel.money import Money
>>> str(require_money("amount", Money.of("0.00", "USD")))
'0.00 USD'
>>> require_money("amount", Money.of("0.00", "USD"), sign="positive")
Traceback (most recent call last):
...
ordercore.kernel.errors.ValidationError: amount='0.00 USD' was refused: an amount here is more...
>>> require_id("sku", "RETRO-CLOCK")
'RETRO-CLOCK'
>>> require_items("tracking", ["JD0001"])
('JD0001',)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from ordercore.kernel.errors import CurrencyMismatch, ValidationError, WrongType
from ordercore.kernel.ids import require_id

if TYPE_CHECKING:  # pragma: no cover - typing only: money imports this module
    from ordercore.kernel.currencies import Currency
    from ordercore.kernel.money import Money

__all__ = ["Sign", "require_id", "require_items", "require_money", "require_quantity"]

Sign = Literal["positive", "not negative", "any"]
"""Which amounts :func:`require_money` accepts: more than zero, zero or more, or any."""


def require_quantity(field: str, value: object, *, minimum: int | None = 1) -> int:
    """``value`` if it is a whole ``int`` of at least ``minimum`` (``None``: any int).

    Bools, floats, ``Decimal`` and strings are refused with ``WrongType``, however whole.
    """
    if type(value) is not int and (isinstance(value, bool) or not isinstance(value, int)):
        raise WrongType(field, value, "a quantity is a whole int (not a bool, float or str)")
    if minimum is not None and value < minimum:
        raise ValidationError(field, value, f"a quantity here is at least {minimum}")
    return value


def require_money(
    field: str,
    value: object,
    *,
    currency: Currency | str | None = None,
    sign: Sign = "not negative",
) -> Money:
    """``value`` if it is Money (in ``currency``, when given) of a sign ``sign`` allows.

    ``WrongType`` for anything but :class:`~ordercore.kernel.money.Money`, ``CurrencyMismatch``
    for another currency, ``ValidationError`` for an amount of the wrong sign.
    """
    if not isinstance(value, _money.Money):
        raise WrongType(field, value, "an amount is ordercore Money")
    code = getattr(currency, "code", currency)
    if code is not None and value.currency.code != str(code).upper():
        raise CurrencyMismatch(f"use {field}", str(value), f"{str(code).upper()} amounts")
    if sign == "positive" and not value.amount > 0:
        raise ValidationError(field, str(value), "an amount here is more than zero")
    if sign == "not negative" and value.is_negative():
        raise ValidationError(field, str(value), "an amount here cannot be negative")
    return value


def require_items(field: str, value: object) -> tuple[Any, ...]:
    """``value``'s items as a tuple, if it is an iterable of items (a list, tuple, generator...).

    ``WrongType`` for ``None``, a number, a str or bytes (a text is not a list of its letters)
    and a mapping (give its items or values explicitly). The items themselves are not checked.
    """
    if value.__class__ is list or value.__class__ is tuple:
        return tuple(value)  # the usual case, without the ABC checks (Mapping, Iterable)
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise WrongType(field, value, "items are given as a list (an iterable, not a str or dict)")
    return tuple(value)


# money imports this module: its module is bound last (a partly imported one at first, whose
# Money is there by the time a check runs), not imported inside require_money on every call
import ordercore.kernel.money as _money  # noqa: E402
