"""The checks of a channel mapper's keyword arguments, before it reads its payload.

A mapper's payload is read through :class:`~ordercore.channels.payload.Node`, which names the
path of whatever it refuses; its keyword arguments (the account it keys on, a currency table, an
order's currency or placing instant, the strict flag) are checked here first, so that a value of
the wrong kind is a ``WrongType`` (a ``TypeError``) or a ``ValidationError`` (a ``ValueError``)
naming the parameter and the value, never an ``AttributeError`` from deep inside the mapping.

>>> check_options(account="shop-1", table=None, strict=False)
>>> check_options(account="shop-1", table=1.5)
Traceback (most recent call last):
...
ordercore.kernel.errors.WrongType: table=1.5 (float) was refused: a currency table is a...
"""

from __future__ import annotations

from ordercore.kernel.clock import instant
from ordercore.kernel.errors import WrongType
from ordercore.kernel.ids import require_id
from ordercore.kernel.money import CurrencyTable

__all__ = ["check_options"]

_UNSET: object = object()


def check_options(
    *,
    account: object = _UNSET,
    table: object = None,
    currency: object = None,
    order_placed_at: object = None,
    strict: object = False,
) -> None:
    """Refuse a keyword argument of the wrong kind, naming it; the values are not converted.

    ``account``: a non-empty id; ``table``: ``None`` or a :class:`CurrencyTable`; ``currency``:
    ``None`` or a str (its code is looked up later); ``order_placed_at``: ``None`` or an aware
    instant; ``strict``: a bool.
    """
    if account is not _UNSET:
        if not isinstance(account, str):
            raise WrongType("account", account, "an account is a str")
        require_id("account", account)
    if table is not None and not isinstance(table, CurrencyTable):
        raise WrongType("table", table, "a currency table is a CurrencyTable")
    if currency is not None and not isinstance(currency, str):
        raise WrongType("currency", currency, "a currency is its ISO 4217 code, a str")
    if order_placed_at is not None:
        instant(order_placed_at, "order_placed_at")
    if not isinstance(strict, bool):
        raise WrongType("strict", strict, "strict is a bool")
