"""Random sequences of payments and credit notes keep every invoice invariant.

After every successful command, replaying all the invoice's events rebuilds it exactly.
"""

import copy
from collections.abc import Callable
from decimal import Decimal

import pendulum
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from ordercore.domain.billing.invoice_lifecycle import InvoiceStatus
from ordercore.domain.billing.invoices import Invoice
from ordercore.kernel.errors import OrdercoreError
from ordercore.kernel.money import Money, Rounding, sum_money
from ordercore.testing.strategies_invoices import ANCHOR, issued_invoices

S = InvoiceStatus


class InvoiceMachine(RuleBasedStateMachine):
    """Drives one issued invoice with payments, credit notes and refused commands."""

    def __init__(self) -> None:
        super().__init__()
        self.invoice: Invoice
        self.now: pendulum.DateTime = ANCHOR
        self.counter = 0
        self.commands = 0

    @initialize(invoice=issued_invoices(keep_events=True))
    def start(self, invoice: Invoice) -> None:
        self.invoice = invoice
        self.commands = invoice.version
        assert Invoice.replay(invoice.events) == invoice

    def _next(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"

    def _attempt(self, command: Callable[[], object]) -> None:
        before, count = copy.deepcopy(self.invoice), len(self.invoice.events)
        try:
            command()
        except OrdercoreError:
            assert before == self.invoice
            assert count == len(self.invoice.events)
        else:
            self.commands += 1
            assert Invoice.replay(self.invoice.events) == self.invoice

    @rule(days=st.integers(0, 20))
    def time_passes(self, days: int) -> None:
        self.now = self.now.add(days=days)

    @rule(percent=st.integers(1, 130))
    def pay(self, percent: int) -> None:
        currency = self.invoice.totals.currency
        amount = self.invoice.balance.multiply(Decimal(percent) / 100, Rounding.UP)
        if amount.is_zero():
            amount = Money.from_minor(1, currency)
        self._attempt(lambda: self.invoice.apply_payment(self._next("PAY"), amount, self.now))

    @rule(data=st.data())
    def credit_some(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(self.invoice.totals.lines) - 1))
        quantity = data.draw(st.integers(1, 3))
        shipping = data.draw(st.booleans())
        note = self._next("CN")
        self._attempt(
            lambda: self.invoice.issue_credit_note(
                note, note, self.now, quantities={index: quantity}, include_shipping=shipping
            )
        )

    @precondition(lambda self: self.invoice.status is not S.CREDITED)
    @rule()
    def credit_everything_left(self) -> None:
        note = self._next("CN")
        self._attempt(lambda: self.invoice.issue_credit_note(note, note, self.now))

    @rule()
    def void(self) -> None:
        self._attempt(lambda: self.invoice.void(self.now, "changed our mind"))

    @rule()
    def pay_twice_with_one_reference(self) -> None:
        if self.invoice.payments:
            ref = self.invoice.payments[0].payment_ref
            amount = Money.from_minor(1, self.invoice.totals.currency)
            self._attempt(lambda: self.invoice.apply_payment(ref, amount, self.now))

    @invariant()
    def the_balance_is_what_remains_and_never_negative(self) -> None:
        inv = self.invoice
        assert not inv.balance.is_negative()
        assert inv.balance == (
            inv.total - inv.amount_paid - inv.discount_taken - inv.credit_applied
        )

    @invariant()
    def no_money_is_lost(self) -> None:
        inv = self.invoice
        currency = inv.totals.currency
        payment_excess = sum_money((p.credit for p in inv.payments), currency)
        note_excess = inv.customer_credit - payment_excess
        assert inv.amount_received == inv.amount_paid + payment_excess
        assert inv.amount_credited == inv.credit_applied + note_excess
        assert not note_excess.is_negative()
        assert note_excess <= inv.amount_paid

    @invariant()
    def the_status_agrees_with_the_balance(self) -> None:
        inv = self.invoice
        zero = Money.zero(inv.totals.currency)
        if inv.status in (S.PAID, S.CREDITED, S.VOID):
            assert inv.balance == zero or inv.status is S.VOID
        else:
            assert inv.balance > zero
        assert (inv.status is S.ISSUED) <= (inv.amount_paid == zero)
        assert (inv.status is S.CREDITED) <= (inv.amount_paid == zero)

    @invariant()
    def credited_quantities_match_the_notes_and_a_fully_credited_invoice_credits_its_total(
        self,
    ) -> None:
        inv = self.invoice
        for index, line in enumerate(inv.totals.lines):
            from_notes = sum(
                credited.quantity
                for note in inv.credit_notes
                for i, credited in zip(note.line_indexes, note.lines, strict=True)
                if i == index
            )
            assert from_notes == inv.credited_quantities[index] <= line.quantity
        everything = all(
            done == line.quantity
            for done, line in zip(inv.credited_quantities, inv.totals.lines, strict=True)
        ) and (inv.totals.shipping is None or inv.shipping_credited)
        if everything:
            assert inv.total == inv.amount_credited
            assert inv.totals.tax_total == sum_money(
                (note.tax_total for note in inv.credit_notes), inv.totals.currency
            )

    @invariant()
    def every_successful_command_adds_one_version(self) -> None:
        assert self.commands == self.invoice.version
        versions = [event.version for event in self.invoice.events]
        assert versions == sorted(versions)


TestInvoiceMachine = InvoiceMachine.TestCase
