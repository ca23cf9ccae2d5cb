"""Payment terms: when an invoice falls due, in instalments or not, with an early-payment discount.

Rules (see ``docs/invoices.md``):

* The *issue date* is the calendar date of the issue instant in the merchant's timezone
  (:func:`~ordercore.kernel.clock.local_date`); every due date is a ``pendulum.Date``.
* :class:`DueOnReceipt` falls due on the issue date; :class:`Net` ``(days)`` on the issue date
  plus ``days``; :class:`EndOfMonth` ``(plus_days)`` on the last day of the issue date's month
  plus ``plus_days``.
* :class:`PaymentTerms` is a tuple of :class:`Instalment` (percent, rule) whose percentages sum to
  exactly 100; the amounts are split with the kernel's ``allocate`` (largest remainder, earlier
  instalment first on ties), so they always sum to the total. Plain terms are one 100% instalment.
* An :class:`EarlyPaymentDiscount` (``2/10``: 2% off when paid within 10 days of the issue date,
  the deadline day included) can be attached to any terms.
* :meth:`PaymentTerms.parse` reads the common textual forms (QuickBooks SalesTerm names):
  ``"Due on receipt"``, ``"Net 30"``/``"NET30"``/``"n/30"``, ``"EOM"``/``"EOM+15"``/
  ``"Net 15 EOM"``, ``"2/10 Net 30"``/``"2/10, n/30"``, ``"50% Net 30; 50% Net 60"``;
  ``str()`` writes the canonical form, which ``parse`` reads back to equal terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import attrs
import pendulum

from ordercore.domain.billing.invoice_errors import InvalidPaymentTerms
from ordercore.kernel.clock import local_date, require_date
from ordercore.kernel.errors import WrongType
from ordercore.kernel.money import Money, Rounding, allocate

__all__ = [
    "MAX_TERM_DAYS",
    "DueOnReceipt",
    "DueRule",
    "EarlyPaymentDiscount",
    "EndOfMonth",
    "Instalment",
    "Net",
    "PaymentTerms",
    "ScheduledPayment",
]

MAX_TERM_DAYS = 3650
"""The longest term, in days, that ordercore accepts (ten years)."""

_HUNDRED = Decimal(100)


def _days(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongType(field, value, "a number of days is a whole int")
    if not 0 <= value <= MAX_TERM_DAYS:
        raise InvalidPaymentTerms(field, value, f"days are between 0 and {MAX_TERM_DAYS}")
    return value


def _percent(field: str, value: object, *, upper: Decimal) -> Decimal:
    if isinstance(value, (bool, float)) or not isinstance(value, (int, str, Decimal)):
        raise WrongType(field, value, "a percentage is exact: an int, str or Decimal, never float")
    try:
        result = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InvalidPaymentTerms(field, value, "a percentage is a decimal number") from None
    if not result.is_finite() or not Decimal(0) < result <= upper:
        raise InvalidPaymentTerms(field, value, f"a percentage is above 0 and at most {upper}")
    return result


def _net_days(value: int) -> int:
    return _days("days", value)


def _plus_days(value: int) -> int:
    return _days("plus_days", value)


def _within_days(value: int) -> int:
    return _days("discount.within_days", value)


def _instalment_percent(value: Decimal | int | str) -> Decimal:
    return _percent("percent", value, upper=_HUNDRED)


def _discount_percent(value: Decimal | int | str) -> Decimal:
    return _percent("discount.percent", value, upper=Decimal(99))


def _show(percent: Decimal) -> str:
    return format(percent.normalize(), "f")


@attrs.frozen
class DueOnReceipt:
    """Due on the issue date itself."""

    def due_date(self, issued_on: pendulum.Date) -> pendulum.Date:
        """The due date for an invoice issued on ``issued_on``: that same date."""
        return issued_on

    def __str__(self) -> str:
        return "Due on receipt"


@attrs.frozen
class Net:
    """Due ``days`` calendar days after the issue date (``Net 30``)."""

    days: int = attrs.field(converter=_net_days)

    def due_date(self, issued_on: pendulum.Date) -> pendulum.Date:
        """The issue date plus ``days``: Net 30 issued 2026-01-31 is due 2026-03-02."""
        return issued_on.add(days=self.days)

    def __str__(self) -> str:
        return f"Net {self.days}"


@attrs.frozen
class EndOfMonth:
    """Due ``plus_days`` after the last day of the issue date's month (``EOM+15``)."""

    plus_days: int = attrs.field(default=0, converter=_plus_days)

    def due_date(self, issued_on: pendulum.Date) -> pendulum.Date:
        """Month end plus ``plus_days``: EOM+15 issued 2026-11-26 is due 2026-12-15."""
        return issued_on.end_of("month").add(days=self.plus_days)

    def __str__(self) -> str:
        return f"EOM+{self.plus_days}" if self.plus_days else "EOM"


DueRule = DueOnReceipt | Net | EndOfMonth
"""One rule that turns an issue date into a due date."""


def _rule(value: DueRule) -> DueRule:
    if not isinstance(value, (DueOnReceipt, Net, EndOfMonth)):
        raise WrongType("rule", value, "a due rule is DueOnReceipt(), Net(days) or EndOfMonth(n)")
    return value


@attrs.frozen
class Instalment:
    """A share of the total (``percent`` of 100) that falls due by ``rule``."""

    percent: Decimal = attrs.field(converter=_instalment_percent)
    rule: DueRule = attrs.field(converter=_rule)

    def __str__(self) -> str:
        return f"{_show(self.percent)}% {self.rule}"


@attrs.frozen
class EarlyPaymentDiscount:
    """``percent`` off when paid in full within ``within_days`` of the issue date (``2/10``)."""

    percent: Decimal = attrs.field(converter=_discount_percent)
    within_days: int = attrs.field(converter=_within_days)

    def deadline(self, issued_on: pendulum.Date) -> pendulum.Date:
        """The last date on which the discount may be taken (issue date + ``within_days``)."""
        return issued_on.add(days=self.within_days)

    def amount(self, of: Money, rounding: Rounding = Rounding.HALF_UP) -> Money:
        """The discount on ``of``: ``percent`` of it, rounded as ``rounding`` says (HALF_UP)."""
        return of.multiply(self.percent / _HUNDRED, rounding)

    def __str__(self) -> str:
        return f"{_show(self.percent)}/{self.within_days}"


@attrs.frozen
class ScheduledPayment:
    """One line of a payment schedule: ``amount`` (``percent`` of the total) due on ``due_on``."""

    due_on: pendulum.Date
    amount: Money
    percent: Decimal


def _instalments(value: Iterable[Instalment]) -> tuple[Instalment, ...]:
    return _instalment_tuple(value)


def _instalment_tuple(value: object) -> tuple[Instalment, ...]:
    if not isinstance(value, Iterable) or isinstance(value, (str, bytes)):
        raise WrongType("instalments", value, "instalments are a sequence of Instalment")
    parts = tuple(value)
    if not parts:
        raise InvalidPaymentTerms("instalments", parts, "terms need at least one instalment")
    for index, part in enumerate(parts):
        if not isinstance(part, Instalment):
            raise WrongType(f"instalments[{index}]", part, "each instalment is an Instalment")
    total = sum((part.percent for part in parts), Decimal(0))
    if total != _HUNDRED:
        raise InvalidPaymentTerms(
            "instalments", [str(p) for p in parts], f"percentages sum to {total}, not exactly 100"
        )
    return parts


def _discount(value: EarlyPaymentDiscount | None) -> EarlyPaymentDiscount | None:
    if value is not None and not isinstance(value, EarlyPaymentDiscount):
        raise WrongType("discount", value, "a discount is an EarlyPaymentDiscount or None")
    return value


_SPACES = re.compile(r"\s+")
_RECEIPT = {"due on receipt", "due upon receipt", "on receipt", "receipt", "due immediately"}
_NET = re.compile(r"^(?:net|n)\s*/?\s*(\d{1,4})$")
_NET_EOM = re.compile(r"^(?:net|n)\s*/?\s*(\d{1,4})\s*eom$")
_EOM = re.compile(r"^eom(?:\s*\+?\s*(\d{1,4}))?$")
_DISCOUNT = re.compile(r"^(\d{1,2}(?:\.\d{1,4})?)\s*%?\s*/\s*(\d{1,4})\s*,?\s+(.+)$")
_INSTALMENT = re.compile(r"^(\d{1,3}(?:\.\d{1,4})?)\s*%\s*(.+)$")
_FORMS = "'Due on receipt', 'Net 30', 'EOM+15', '2/10 Net 30' or '50% Net 30; 50% Net 60'"


def _parse_rule(text: str, original: str) -> DueRule:
    if text in _RECEIPT:
        return DueOnReceipt()
    for pattern, build in ((_NET, Net), (_NET_EOM, EndOfMonth), (_EOM, EndOfMonth)):
        match = pattern.match(text)
        if match:
            days = match.group(1)
            return build(int(days)) if days is not None else EndOfMonth(0)
    raise InvalidPaymentTerms("terms", original, f"unknown payment terms; write {_FORMS}")


@attrs.frozen
class PaymentTerms:
    """When an invoice's total falls due: instalments (100% in total) and an optional discount.

    Build it with :meth:`due_on_receipt`, :meth:`net`, :meth:`end_of_month`,
    :meth:`in_instalments` or :meth:`parse`; attach a discount with :meth:`with_discount`.
    """

    instalments: tuple[Instalment, ...] = attrs.field(converter=_instalments)
    discount: EarlyPaymentDiscount | None = attrs.field(default=None, converter=_discount)

    @classmethod
    def due_on_receipt(cls) -> PaymentTerms:
        """Everything due on the issue date (prepaid e-commerce)."""
        return cls((Instalment(100, DueOnReceipt()),))

    @classmethod
    def net(cls, days: int) -> PaymentTerms:
        """Everything due ``days`` after the issue date."""
        return cls((Instalment(100, Net(days)),))

    @classmethod
    def end_of_month(cls, plus_days: int = 0) -> PaymentTerms:
        """Everything due ``plus_days`` after the end of the issue date's month."""
        return cls((Instalment(100, EndOfMonth(plus_days)),))

    @classmethod
    def in_instalments(cls, parts: Iterable[tuple[Decimal | int | str, DueRule]]) -> PaymentTerms:
        """Terms from ``(percent, rule)`` pairs whose percentages sum to exactly 100."""
        return cls(tuple(Instalment(percent, rule) for percent, rule in parts))

    def with_discount(self, percent: Decimal | int | str, within_days: int) -> PaymentTerms:
        """These terms with an early-payment discount (``2, 10`` for ``2/10``)."""
        return attrs.evolve(self, discount=EarlyPaymentDiscount(percent, within_days))

    @classmethod
    def parse(cls, text: str) -> PaymentTerms:
        """Terms from their usual name, case and spacing ignored (see the module docstring)."""
        if not isinstance(text, str):
            raise WrongType("terms", text, "payment terms are named by a str such as 'Net 30'")
        normal = _SPACES.sub(" ", text.strip().lower())
        discount: EarlyPaymentDiscount | None = None
        match = _DISCOUNT.match(normal)
        if match:
            discount = EarlyPaymentDiscount(match.group(1), int(match.group(2)))
            normal = match.group(3).strip()
        parts: list[Instalment] = []
        if ";" in normal:
            for piece in normal.split(";"):
                share = _INSTALMENT.match(piece.strip())
                if share is None:
                    raise InvalidPaymentTerms(
                        "terms", text, f"an instalment is '<percent>% <rule>'; write {_FORMS}"
                    )
                parts.append(Instalment(share.group(1), _parse_rule(share.group(2), text)))
        else:
            share = _INSTALMENT.match(normal)
            rule_text = share.group(2) if share else normal
            parts.append(Instalment(share.group(1) if share else 100, _parse_rule(rule_text, text)))
        return cls(tuple(parts), discount)

    @classmethod
    def of(cls, terms: PaymentTerms | str) -> PaymentTerms:
        """``terms`` themselves, or the terms their name (``"Net 30"``) stands for."""
        if isinstance(terms, str):
            return cls.parse(terms)
        if not isinstance(terms, PaymentTerms):
            raise WrongType("terms", terms, "terms are PaymentTerms or their name ('Net 30')")
        return terms

    def issue_date(self, issued_at: pendulum.DateTime, timezone: str) -> pendulum.Date:
        """The calendar date of ``issued_at`` in ``timezone`` (the merchant's)."""
        return local_date(issued_at, timezone)

    def due_dates(
        self, issued_at: pendulum.DateTime, timezone: str, total: Money
    ) -> tuple[ScheduledPayment, ...]:
        """The schedule: per instalment, its due date and its share of ``total`` (exact sum)."""
        if not isinstance(total, Money):
            raise WrongType("total", total, "the total to schedule is Money")
        return self.schedule(self.issue_date(issued_at, timezone), total)

    def schedule(self, issued_on: pendulum.Date, total: Money) -> tuple[ScheduledPayment, ...]:
        """:meth:`due_dates` for a document issued on the local date ``issued_on``.

        One instalment takes the whole ``total`` (no split to work out).
        """
        if len(self.instalments) == 1:
            part = self.instalments[0]
            return (ScheduledPayment(part.rule.due_date(issued_on), total, part.percent),)
        amounts = allocate(total, [part.percent for part in self.instalments])
        return tuple(
            ScheduledPayment(part.rule.due_date(issued_on), amount, part.percent)
            for part, amount in zip(self.instalments, amounts, strict=True)
        )

    def final_due_date(self, issued_at: pendulum.DateTime, timezone: str) -> pendulum.Date:
        """The latest due date of any instalment."""
        issued_on = self.issue_date(issued_at, timezone)
        return max(part.rule.due_date(issued_on) for part in self.instalments)

    def discount_deadline(
        self, issued_at: pendulum.DateTime, timezone: str
    ) -> pendulum.Date | None:
        """The last date the early-payment discount may be taken, or None without a discount."""
        if self.discount is None:
            return None
        return self.discount.deadline(self.issue_date(issued_at, timezone))

    def discounted_amount(
        self, total: Money, issued_at: pendulum.DateTime, timezone: str, paid_on: pendulum.Date
    ) -> Money:
        """What settles ``total`` when paid in full on ``paid_on``: less the discount if in time."""
        if not isinstance(total, Money):
            raise WrongType("total", total, "the amount to discount is Money")
        return total - self.discount_on(total, issued_at, timezone, paid_on)

    def discount_on(
        self,
        balance: Money,
        issued_at: pendulum.DateTime,
        timezone: str,
        paid_on: pendulum.Date,
        rounding: Rounding = Rounding.HALF_UP,
    ) -> Money:
        """The discount on ``balance`` settled in full on ``paid_on``; zero if late or none."""
        day = require_date(paid_on, "paid_on")
        deadline = self.discount_deadline(issued_at, timezone)
        if self.discount is None or deadline is None or day > deadline:
            return Money.zero(balance.currency)
        return self.discount.amount(balance, rounding)

    def __str__(self) -> str:
        prefix = f"{self.discount} " if self.discount is not None else ""
        if len(self.instalments) == 1 and self.instalments[0].percent == _HUNDRED:
            return f"{prefix}{self.instalments[0].rule}"
        return prefix + "; ".join(str(part) for part in self.instalments)
