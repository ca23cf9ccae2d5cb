"""The reconciliation report: every total a channel stated against what its lines add up to.

A mapper never fixes a total. It computes the totals from what it imports (lines, discounts,
tax, shipping) as :class:`ComputedTotals`, pairs each total the channel stated
(:class:`StatedTotal`, with the channel's field name) with the computed one of the same
:class:`TotalKind`, and returns a :class:`Reconciliation`. Each :class:`TotalCheck` names the
field, the stated and computed amounts and their difference (stated minus computed). The host
decides; :meth:`Reconciliation.require` is the strict mode, raising
:class:`~.errors.TotalsDoNotReconcile`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from ordercore.kernel.money import Currency, Money, sum_money

from .errors import TotalsDoNotReconcile

__all__ = [
    "ComputedTotals",
    "Reconciliation",
    "StatedTotal",
    "TotalCheck",
    "TotalKind",
    "reconcile",
]


class TotalKind(enum.StrEnum):
    """Which total is meant, whatever the channel calls it."""

    LINE_ITEMS = "line_items"
    """The lines' unit price times quantity, before any discount (ordercore's ``subtotal``)."""
    DISCOUNTS = "discounts"
    """Line discounts plus order-level discounts."""
    SUBTOTAL = "subtotal"
    """Line items minus discounts, before shipping and tax (Shopify's ``subtotal_price``)."""
    SHIPPING = "shipping"
    """Shipping charges before their tax."""
    TAX = "tax"
    """Tax on lines and shipping."""
    TOTAL = "total"
    """What the customer pays: line items - discounts + shipping + tax."""


@attrs.frozen(kw_only=True)
class ComputedTotals:
    """The totals that the imported lines, discounts, shipping and tax add up to."""

    line_items: Money
    discounts: Money
    shipping: Money
    tax: Money

    @classmethod
    def of(
        cls,
        currency: Currency,
        *,
        line_items: Iterable[Money] = (),
        discounts: Iterable[Money] = (),
        shipping: Iterable[Money] = (),
        tax: Iterable[Money] = (),
    ) -> ComputedTotals:
        """The sums of each kind of amount, all in ``currency`` (empty sums are zero)."""
        return cls(
            line_items=sum_money(line_items, currency),
            discounts=sum_money(discounts, currency),
            shipping=sum_money(shipping, currency),
            tax=sum_money(tax, currency),
        )

    @property
    def subtotal(self) -> Money:
        """Line items minus discounts."""
        return self.line_items - self.discounts

    @property
    def total(self) -> Money:
        """Line items - discounts + shipping + tax."""
        return self.subtotal + self.shipping + self.tax

    def of_kind(self, kind: TotalKind) -> Money:
        """The computed total of ``kind``."""
        return {
            TotalKind.LINE_ITEMS: self.line_items,
            TotalKind.DISCOUNTS: self.discounts,
            TotalKind.SUBTOTAL: self.subtotal,
            TotalKind.SHIPPING: self.shipping,
            TotalKind.TAX: self.tax,
            TotalKind.TOTAL: self.total,
        }[kind]


@attrs.frozen(kw_only=True)
class StatedTotal:
    """A total as the channel stated it: its kind, the channel's ``field`` name and the amount."""

    kind: TotalKind
    field: str
    amount: Money


@attrs.frozen(kw_only=True)
class TotalCheck:
    """One stated total beside the computed one; ``difference`` is stated minus computed."""

    kind: TotalKind
    field: str
    stated: Money
    computed: Money

    @property
    def difference(self) -> Money:
        """Stated minus computed (negative when the channel stated less)."""
        return self.stated - self.computed

    @property
    def matches(self) -> bool:
        """Whether the stated total is exactly the computed one."""
        return self.stated == self.computed


@attrs.frozen
class Reconciliation:
    """The checks of every stated total; :attr:`mismatches` are the ones that differ."""

    checks: tuple[TotalCheck, ...] = ()

    @property
    def mismatches(self) -> tuple[TotalCheck, ...]:
        """The checks whose stated total differs from the computed one, in stated order."""
        return tuple(check for check in self.checks if not check.matches)

    @property
    def reconciles(self) -> bool:
        """Whether every stated total matches."""
        return not self.mismatches

    def mismatched_fields(self) -> tuple[str, ...]:
        """The channel's names of the totals that do not match."""
        return tuple(check.field for check in self.mismatches)

    def require(self, channel: str, external_id: str) -> None:
        """Strict mode: raise :class:`TotalsDoNotReconcile` naming the mismatched fields."""
        if self.mismatches:
            raise TotalsDoNotReconcile(channel, external_id, self.mismatches)


def reconcile(stated: Iterable[StatedTotal], computed: ComputedTotals) -> Reconciliation:
    """Check each stated total against the computed total of its kind."""
    return Reconciliation(
        tuple(
            TotalCheck(
                kind=total.kind,
                field=total.field,
                stated=total.amount,
                computed=computed.of_kind(total.kind),
            )
            for total in stated
        )
    )
