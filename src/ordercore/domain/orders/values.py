"""Value objects of an order: addresses, channel reference, tax lines, discounts, shipping.

All are frozen attrs classes that validate themselves when built, so an order never holds a
malformed address or a float amount. Quantities are plain ``int`` checked by
:func:`require_quantity`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NewType, TypeVar

import attrs

from ordercore.kernel import checks
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.kernel.money import Currency, Money, Rounding

__all__ = [
    "Address",
    "ChannelRef",
    "Discount",
    "DiscountScope",
    "DiscountTerms",
    "HoldId",
    "InvoicingPolicy",
    "LineId",
    "ShippingCharge",
    "TaxLine",
    "require_choice",
    "require_kind",
    "require_money_in",
    "require_quantity",
    "require_text",
]

LineId = NewType("LineId", str)
"""The id of a line within its order (``"line-1"``...)."""

HoldId = NewType("HoldId", str)
"""The id of a hold within its order (``"<order id>/hold-1"``...)."""

E = TypeVar("E", bound=enum.StrEnum)
K = TypeVar("K")

_Validator = Callable[[Any, Any, Any], None]

_COUNTRY = re.compile(r"^[A-Z]{2}$")


class InvoicingPolicy(enum.StrEnum):
    """When the order is invoiced: as it is placed (retail) or as units ship (B2B, Odoo-like)."""

    ON_PLACEMENT = "on_placement"
    ON_SHIPMENT = "on_shipment"


def require_quantity(field: str, value: object, *, minimum: int = 0) -> int:
    """``value`` if it is a whole ``int`` of at least ``minimum``; bools and floats are refused.

    The kernel's one quantity check (:func:`ordercore.kernel.checks.require_quantity`), with
    the orders' default minimum of 0 (a count); commands ask for at least 1.
    """
    if value.__class__ is int and value >= minimum:
        return value  # the usual case: no second call
    return checks.require_quantity(field, value, minimum=minimum)


def require_choice(field: str, value: object, kind: type[E]) -> E:
    """``value`` as a member of the string enum ``kind``, or a ValidationError listing them."""
    if value.__class__ is kind:
        return value  # already a member: no enum call to make
    try:
        return kind(value)  # type: ignore[arg-type]  # any value may be tried; enums refuse
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise ValidationError(field, value, f"one of {known}") from None


def require_kind(field: str, value: object, kind: type[K], rule: str) -> K:
    """``value`` if it is a ``kind``, else :class:`WrongType` naming ``field`` and ``rule``."""
    if not isinstance(value, kind):
        raise WrongType(field, value, rule)
    return value


def require_money_in(currency: Currency, field: str, value: object) -> Money:
    """``value`` if it is ``Money`` in ``currency``, of any sign: the kernel's one money check."""
    return checks.require_money(field, value, currency=currency, sign="any")


def require_text(field: str, value: object, *, optional: bool = False) -> str:
    """``value`` if it is a str with visible content (or any str, even empty, when optional)."""
    if not isinstance(value, str):
        raise WrongType(field, value, "text is expected")
    if not optional and not value.strip():
        raise ValidationError(field, value, "must not be empty")
    return value


def _text(field: str) -> _Validator:
    def check(_: object, __: object, value: object) -> None:
        require_text(field, value)

    return check


def _optional_text(field: str) -> _Validator:
    def check(_: object, __: object, value: object) -> None:
        require_text(field, value, optional=True)

    return check


def _money(field: str) -> _Validator:
    def check(_: object, __: object, value: object) -> None:
        if not isinstance(value, Money):
            raise WrongType(field, value, "an amount is ordercore Money")
        if value.is_negative():
            raise ValidationError(field, str(value), "an amount here cannot be negative")

    return check


def _country(_: object, __: object, value: Any) -> None:
    if not isinstance(value, str) or not _COUNTRY.match(value):
        raise ValidationError(
            "country", value, "a country is an ISO 3166-1 alpha-2 code, two upper-case letters"
        )


@attrs.frozen(kw_only=True)
class Address:
    """A postal address; ``country`` is ISO 3166-1 alpha-2 (``"DE"``), upper case."""

    name: str = attrs.field(validator=_text("name"))
    line1: str = attrs.field(validator=_text("line1"))
    city: str = attrs.field(validator=_text("city"))
    postal_code: str = attrs.field(validator=_optional_text("postal_code"))
    country: str = attrs.field(validator=_country)
    line2: str = attrs.field(default="", validator=_optional_text("line2"))
    region: str = attrs.field(default="", validator=_optional_text("region"))


@attrs.frozen(kw_only=True)
class ChannelRef:
    """Where the order came from: channel, account, the channel's id and its version of it.

    ``external_version`` is the channel's change marker (Shopify ``updated_at``, Amazon
    ``LastUpdateDate``) kept as text; the service layer compares it for idempotent imports.
    """

    channel: str = attrs.field(validator=_text("channel"))
    account: str = attrs.field(validator=_text("account"))
    external_id: str = attrs.field(validator=_text("external_id"))
    external_version: str = attrs.field(validator=_text("external_version"))


def _rate(_: object, __: object, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise WrongType("rate", value, "a tax rate is a Decimal such as Decimal('0.19')")
    if not value.is_finite() or value < 0:
        raise ValidationError("rate", value, "a tax rate is a finite Decimal of at least 0")


@attrs.frozen(kw_only=True)
class TaxLine:
    """One tax on a line (or on shipping): its name, rate and amount for the whole line."""

    name: str = attrs.field(validator=_text("name"))
    rate: Decimal = attrs.field(validator=_rate)
    amount: Money = attrs.field(validator=_money("amount"))


class DiscountScope(enum.StrEnum):
    """What an order discount applies to: the goods only (the default) or goods and shipping."""

    GOODS = "goods"
    GOODS_AND_SHIPPING = "goods_and_shipping"


_HUNDRED = Decimal(100)


@attrs.frozen(kw_only=True)
class Discount:
    """A discount: a code (``"WELCOME10"``) or a reason, and its amount (never negative).

    A plain ``Discount`` is an amount off the goods. :meth:`percentage` builds a percentage
    discount and :meth:`on_goods_and_shipping` an amount that also covers shipping; both are
    :class:`DiscountTerms`, whose ``amount`` is resolved once when built, so every total,
    share and document reads ``amount`` alike.
    """

    code_or_reason: str = attrs.field(validator=_text("code_or_reason"))
    amount: Money = attrs.field(validator=_money("amount"))

    @property
    def scope(self) -> DiscountScope:
        """What the discount applies to; a plain ``Discount`` applies to the goods only."""
        return DiscountScope.GOODS

    @property
    def percent(self) -> Decimal | None:
        """The percentage (``Decimal('10')`` for 10%), or None for an amount discount."""
        return None

    @staticmethod
    def percentage(
        code_or_reason: str,
        percent: Decimal | int | str,
        *,
        of: Money,
        rounding: Rounding = Rounding.HALF_UP,
        scope: DiscountScope = DiscountScope.GOODS,
    ) -> DiscountTerms:
        """``percent`` % of ``of`` (a line's net, or the goods net of an order), rounded once.

        The amount is ``of x percent / 100`` rounded to the currency's minor unit with the
        named ``rounding``; 100% of ``of`` is exactly ``of``. ``percent`` is from 0 to 100.
        """
        value = _percent(percent)
        base = require_kind("of", of, Money, "a percentage is taken of ordercore Money")
        if base.is_negative():
            raise ValidationError("of", str(base), "a percentage is taken of an amount >= 0")
        rule = "rounding is a named Rounding mode"
        named = require_kind("rounding", rounding, Rounding, rule)
        return DiscountTerms(
            code_or_reason=code_or_reason,
            amount=base.multiply(value / _HUNDRED, named),
            percent_off=value,
            base=base,
            rounding=named,
            applies_to=require_choice("scope", scope, DiscountScope),
        )

    @staticmethod
    def on_goods_and_shipping(code_or_reason: str, amount: Money) -> DiscountTerms:
        """An order discount of ``amount`` split over goods and shipping (largest remainder)."""
        return DiscountTerms(
            code_or_reason=code_or_reason,
            amount=amount,
            applies_to=DiscountScope.GOODS_AND_SHIPPING,
        )


def _percent(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise WrongType("percent", value, "a percentage is a Decimal, int or str such as '10'")
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise ValidationError("percent", value, "a percentage is a number from 0 to 100") from None
    if not number.is_finite() or not 0 <= number <= _HUNDRED:
        raise ValidationError("percent", value, "a percentage is a number from 0 to 100")
    return number


@attrs.frozen(kw_only=True)
class DiscountTerms(Discount):
    """A discount with terms: a percentage (of ``base``, rounded once) and/or a scope.

    Built by :meth:`Discount.percentage` or :meth:`Discount.on_goods_and_shipping`. Plain
    amount discounts stay :class:`Discount`, so their stored documents do not change.
    ``amount`` is authoritative: ``percent_off``, ``base`` and ``rounding`` record how it was
    computed when the discount was given (a line whose quantity changes later rescales the
    amount in proportion, like any line discount).
    """

    percent_off: Decimal | None = None
    """The percentage, or None for an amount."""
    base: Money | None = None
    """The net the percentage was taken of, or None for an amount."""
    rounding: Rounding = Rounding.HALF_UP
    """How the percentage was rounded to the currency's minor unit."""
    applies_to: DiscountScope = DiscountScope.GOODS
    """Goods only, or goods and shipping (order discounts only)."""

    def __attrs_post_init__(self) -> None:
        if (self.percent_off is None) != (self.base is None):
            raise ValidationError(
                "base", str(self.base), "a percentage discount names its base, an amount none"
            )

    @property
    def scope(self) -> DiscountScope:
        """What the discount applies to."""
        return self.applies_to

    @property
    def percent(self) -> Decimal | None:
        """The percentage, or None for an amount discount."""
        return self.percent_off


@attrs.frozen(kw_only=True)
class ShippingCharge:
    """A shipping charge: the method's name, its amount, and the tax on it (if any)."""

    method: str = attrs.field(validator=_text("method"))
    amount: Money = attrs.field(validator=_money("amount"))
    tax: Money | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.tax is not None:
            _money("tax")(self, None, self.tax)
            if self.tax.currency != self.amount.currency:
                raise ValidationError(
                    "tax", str(self.tax), "shipping tax is in the currency of the charge"
                )

    @property
    def total(self) -> Money:
        """The charge with its tax."""
        return self.amount if self.tax is None else self.amount + self.tax
