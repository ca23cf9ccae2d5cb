"""GS1 SSCC-18: the Serial Shipping Container Code a package's label carries.

An SSCC is 18 digits: an extension digit (0-9, the shipper's choice), the GS1 company prefix
(from configuration), a serial reference (from a sequence the host injects) that fills the
prefix's remaining digits to 17, and the GS1 mod-10 check digit. Its GS1-128 element string is
application identifier ``(00)`` followed by the 18 digits.

>>> config = SsccConfig(extension_digit=1, company_prefix="0614141")
>>> code = config.issue(123456789)
>>> code.element_string
'(00)106141411234567897'
>>> gs1_check_digit("00614141123456789")
0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from ordercore.domain.warehouse.errors import SerialExhausted
from ordercore.kernel.checks import require_quantity
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = ["AI_SSCC", "Sscc", "SsccConfig", "SsccIssuer", "gs1_check_digit"]

AI_SSCC = "00"
"""The GS1 application identifier of an SSCC."""


def _digits(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise WrongType(field, value, "GS1 numbers are strings of digits")
    if not value.isascii() or not value.isdigit():
        raise ValidationError(field, value, "GS1 numbers hold the digits 0-9 only")
    return value


def gs1_check_digit(digits: str) -> int:
    """The GS1 mod-10 check digit of ``digits`` (the number without its check digit).

    From the right, digits are weighted 3, 1, 3, 1...; the check digit brings the weighted sum
    up to a multiple of ten (GS1 General Specifications, "check digit calculation").
    """
    _digits("digits", digits)
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def _sscc_digits(_: Any, __: Any, value: Any) -> None:
    _digits("sscc", value)
    if len(value) != 18:
        raise ValidationError("sscc", value, "an SSCC has 18 digits")
    if gs1_check_digit(value[:17]) != int(value[17]):
        expected = gs1_check_digit(value[:17])
        rule = f"the last digit is the GS1 check digit of the first 17 ({expected})"
        raise ValidationError("sscc", value, rule)


@attrs.frozen
class Sscc:
    """An 18-digit SSCC whose last digit is its check digit (checked when built)."""

    digits: str = attrs.field(validator=_sscc_digits)

    @classmethod
    def parse(cls, text: str) -> Sscc:
        """An SSCC from its 18 digits, or its element string ``(00)...`` / ``00...`` (20 digits)."""
        if not isinstance(text, str):
            raise WrongType("sscc", text, "an SSCC is read from a string")
        plain = text.strip().replace(" ", "")
        if plain.startswith(f"({AI_SSCC})"):
            plain = plain[4:]
        elif len(plain) == 20 and plain.startswith(AI_SSCC):
            plain = plain[2:]
        return cls(plain)

    @property
    def extension_digit(self) -> int:
        """The first digit, the shipper's free choice."""
        return int(self.digits[0])

    @property
    def check_digit(self) -> int:
        """The last digit."""
        return int(self.digits[17])

    @property
    def element_string(self) -> str:
        """The GS1-128 element string a human reads under the bar code: ``(00)`` + 18 digits."""
        return f"({AI_SSCC}){self.digits}"

    @property
    def barcode_data(self) -> str:
        """What a GS1-128 bar code encodes after FNC1: ``00`` + 18 digits."""
        return f"{AI_SSCC}{self.digits}"


def _extension(_: Any, __: Any, value: Any) -> None:
    require_quantity("extension_digit", value, minimum=0)
    if value > 9:
        raise ValidationError("extension_digit", value, "the extension digit is one digit, 0-9")


def _prefix(_: Any, __: Any, value: Any) -> None:
    _digits("company_prefix", value)
    if not 4 <= len(value) <= 12:
        raise ValidationError("company_prefix", value, "a GS1 company prefix has 4 to 12 digits")


@attrs.frozen
class SsccConfig:
    """The shipper's SSCC settings: an ``extension_digit`` and its GS1 ``company_prefix``."""

    extension_digit: int = attrs.field(validator=_extension)
    company_prefix: str = attrs.field(validator=_prefix)

    @property
    def serial_digits(self) -> int:
        """How many digits the serial reference has (16 less the prefix)."""
        return 16 - len(self.company_prefix)

    def issue(self, serial: int) -> Sscc:
        """The SSCC of serial reference ``serial``; :class:`SerialExhausted` if it does not fit."""
        number = require_quantity("serial", serial, minimum=0)
        if number >= 10**self.serial_digits:
            raise SerialExhausted(number, self.company_prefix, self.serial_digits)
        body = f"{self.extension_digit}{self.company_prefix}{number:0{self.serial_digits}d}"
        return Sscc(f"{body}{gs1_check_digit(body)}")


@attrs.define
class SsccIssuer:
    """Issues SSCCs from ``config`` with serials from an injected ``sequence`` (the host's).

    The sequence must never repeat a serial (a database sequence, say); the issuer checks that
    each serial fits.
    """

    config: SsccConfig
    sequence: Callable[[], int]

    def next(self) -> Sscc:
        """The SSCC of the sequence's next serial."""
        return self.config.issue(self.sequence())
