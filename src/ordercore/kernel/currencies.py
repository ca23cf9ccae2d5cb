"""ISO 4217 currencies and their minor units, as an immutable table a caller can extend.

A channel that prices in a non-standard precision gets its own table
(``CurrencyTable.default().with_currency("HUF", 0)``); nothing global changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Final

import attrs

from ordercore.kernel.errors import UnknownCurrency, ValidationError, WrongType

__all__ = ["DEFAULT_TABLE", "QUANTA", "Currency", "CurrencyTable"]


@attrs.frozen(order=False, cache_hash=True)
class Currency:
    """An ISO 4217 currency: its upper-case ``code`` and its ``exponent`` (minor-unit digits).

    Its hash is worked out once (``cache_hash``): money looks its currency up in a dictionary
    (the shared zero of each currency) tens of times per order.
    """

    code: str
    exponent: int

    def __attrs_post_init__(self) -> None:
        if not (len(self.code) == 3 and self.code.isascii() and self.code.isalpha()):
            raise ValidationError("currency", self.code, "a currency code is three letters A-Z")
        if self.code != self.code.upper():
            raise ValidationError("currency", self.code, "currency codes are upper case")
        if not 0 <= self.exponent <= 8:
            raise ValidationError("exponent", self.exponent, "an exponent is between 0 and 8")

    @property
    def quantum(self) -> Decimal:
        """The smallest amount of this currency, e.g. ``Decimal('0.01')`` for USD."""
        return QUANTA[self.exponent]

    def __str__(self) -> str:
        return self.code


QUANTA: Final[tuple[Decimal, ...]] = tuple(Decimal(1).scaleb(-e) for e in range(9))
"""The smallest amount at each exponent a currency may have (0 to 8): ``QUANTA[2]`` is 0.01."""


# ISO 4217 active codes whose exponent is not 2, then a broad set of common two-digit ones.
_ISO_EXPONENTS: Final[Mapping[str, int]] = {
    **dict.fromkeys(
        ("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF").split(),
        0,
    ),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    **dict.fromkeys(["CLF", "UYW"], 4),
    **dict.fromkeys(
        (
            "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN "
            "BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD "
            "FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR "
            "KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN "
            "MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD "
            "SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD "
            "TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWL"
        ).split(),
        2,
    ),
}


def _copy_exponents(exponents: Mapping[str, int]) -> dict[str, int]:
    return dict(exponents)


@attrs.frozen
class CurrencyTable:
    """An immutable table of currencies by code; ``with_currency`` returns an extended copy.

    A channel that prices in a non-standard precision gets its own table, e.g.
    ``CurrencyTable.default().with_currency("HUF", 0)``; nothing global changes.
    """

    _exponents: dict[str, int] = attrs.field(
        alias="exponents", converter=_copy_exponents, repr=False
    )
    _made: dict[str, Currency] = attrs.field(init=False, factory=dict, eq=False, repr=False)
    """The currencies handed out so far, by code: each code's ``Currency`` is made once."""

    @classmethod
    def default(cls) -> CurrencyTable:
        """The ISO 4217 table of active currencies and their minor units."""
        return DEFAULT_TABLE

    def with_currency(self, code: str, exponent: int) -> CurrencyTable:
        """A copy of this table in which ``code`` has ``exponent`` (added or overridden)."""
        currency = Currency(code.upper(), exponent)
        return CurrencyTable({**self._exponents, currency.code: currency.exponent})

    def get(self, code: str) -> Currency:
        """The currency for ``code`` (case-insensitive), or :class:`UnknownCurrency`."""
        made = self._made.get(code) if isinstance(code, str) else None
        if made is not None:
            return made
        if not isinstance(code, str):
            raise WrongType("currency", code, "a currency is given by its ISO 4217 code as str")
        normal = code.strip().upper()
        exponent = self._exponents.get(normal)
        if exponent is None:
            raise UnknownCurrency(normal)
        made = self._made[code] = Currency(normal, exponent)
        return made

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip().upper() in self._exponents

    def codes(self) -> frozenset[str]:
        """Every currency code this table knows."""
        return frozenset(self._exponents)


DEFAULT_TABLE: Final = CurrencyTable(_ISO_EXPONENTS)
"""The ISO 4217 table: what ``CurrencyTable.default()`` returns."""
