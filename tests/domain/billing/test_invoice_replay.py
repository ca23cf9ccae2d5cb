"""Replaying an invoice's events rebuilds it exactly, and a history that could not be is refused."""

import copy

import attrs
import pendulum
import pytest
from hypothesis import given

from ordercore.domain.billing.invoice_events import (
    CreditNoteIssued,
    InvoiceDrafted,
    InvoiceEvent,
    InvoiceIssued,
    InvoicePaid,
    InvoicePaymentApplied,
)
from ordercore.domain.billing.invoice_results import AppliedPayment, split_payment
from ordercore.domain.billing.invoices import Invoice
from ordercore.domain.billing.terms import PaymentTerms
from ordercore.domain.billing.totals import DocumentLine, Shipping, TaxMode
from ordercore.kernel.errors import InvalidTransition, ValidationError, WrongType
from ordercore.kernel.events import DomainEvent
from ordercore.kernel.money import Money, Rounding
from ordercore.testing.strategies_invoices import worked_invoices

BERLIN = "Europe/Berlin"
PLACED = pendulum.datetime(2026, 3, 2, 10, 0, tz=BERLIN)


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def drafted() -> Invoice:
    return Invoice.from_lines(
        "INV-42",
        [
            DocumentLine("RETRO-CLOCK", 2, eur("40.00"), "0.19", eur("5.00")),
            DocumentLine("BLUE-VASE", 3, eur("19.99"), "0.07"),
        ],
        at=PLACED,
        order_id="ORDER-42",
        order_discount=eur("10.00"),
        shipping=Shipping(eur("4.90"), "0.19"),
        tax_mode=TaxMode.INCLUSIVE,
        rounding=Rounding.HALF_EVEN,
    )


def lived() -> Invoice:
    invoice = drafted()
    invoice.issue(lambda: "INV-0042", PLACED.add(hours=1), "2/10 50% Net 30; 50% Net 60", BERLIN)
    invoice.apply_payment("PAY-1", eur("20.00"), PLACED.add(days=3))
    invoice.issue_credit_note(
        "CN-1", "CN-0001", PLACED.add(days=5), quantities={"BLUE-VASE": 1}, reason="chipped"
    )
    invoice.apply_payment("PAY-2", eur("500.00"), PLACED.add(days=40))
    invoice.issue_credit_note("CN-2", "CN-0002", PLACED.add(days=41), reason="returned")
    return invoice


def test_replaying_a_draft_rebuilds_it_from_its_lines_and_charges() -> None:
    invoice = drafted()

    assert invoice == Invoice.replay(invoice.events)


def test_the_drafted_event_carries_the_lines_discount_shipping_tax_mode_and_rounding() -> None:
    [event] = drafted().pull_events()

    assert isinstance(event, InvoiceDrafted)
    assert (2, eur("10.00"), eur("4.90"), TaxMode.INCLUSIVE, Rounding.HALF_EVEN) == (
        len(event.lines),
        event.order_discount,
        event.shipping.amount if event.shipping else None,
        event.tax_mode,
        event.rounding,
    )


def test_the_issued_event_carries_the_terms_and_the_schedule() -> None:
    invoice = drafted()
    invoice.issue("INV-0042", PLACED, "Net 30", BERLIN)

    event = invoice.events[-1]

    assert isinstance(event, InvoiceIssued)
    assert (PaymentTerms.net(30), invoice.schedule) == (event.payment_terms, event.schedule)


def test_the_credit_note_event_carries_the_quantities_the_shipping_and_the_reason() -> None:
    invoice = drafted()
    invoice.issue("INV-0042", PLACED, "Net 30", BERLIN)
    invoice.issue_credit_note(
        "CN-1", "CN-0001", PLACED, quantities={"BLUE-VASE": 2}, reason="broken in transit"
    )

    event = invoice.events[-1]

    assert isinstance(event, CreditNoteIssued)
    assert (((1, 2),), False, "broken in transit") == (
        event.quantities,
        event.shipping,
        event.reason,
    )


def test_replaying_a_paid_and_credited_invoice_rebuilds_it_version_included() -> None:
    invoice = lived()

    rebuilt = Invoice.replay(invoice.events)

    assert invoice == rebuilt
    assert (invoice.version, invoice.status) == (rebuilt.version, rebuilt.status)


def test_the_rebuilt_invoice_has_no_events_left_to_pull() -> None:
    assert [] == Invoice.replay(lived().events).pull_events()


def test_replaying_a_void_invoice_rebuilds_its_reason() -> None:
    invoice = drafted()
    invoice.issue("INV-0042", PLACED, "Due on receipt", BERLIN)
    invoice.void(PLACED.add(hours=2), "ordered twice")

    assert invoice == Invoice.replay(invoice.events)


def test_refuses_an_empty_history() -> None:
    with pytest.raises(ValidationError):
        Invoice.replay([])


def test_refuses_a_history_that_does_not_start_with_the_draft() -> None:
    with pytest.raises(ValidationError):
        Invoice.replay(lived().events[1:])


def test_refuses_a_history_with_a_missing_event() -> None:
    events = lived().events

    with pytest.raises(ValidationError):
        Invoice.replay([*events[:2], *events[3:]])


def test_refuses_a_paid_event_that_no_payment_produced() -> None:
    events = lived().events
    paid = next(e for e in events if isinstance(e, InvoicePaid))

    with pytest.raises(ValidationError):
        Invoice.replay([*events[:2], paid])


def test_refuses_an_event_whose_figures_the_rules_would_not_produce() -> None:
    events = lived().events
    index = next(i for i, e in enumerate(events) if isinstance(e, InvoicePaymentApplied))
    applied = events[index]
    assert isinstance(applied, InvoicePaymentApplied)
    forged = attrs.evolve(applied, balance=eur("0.00"))

    with pytest.raises(ValidationError):
        Invoice.replay([*events[:index], forged, *events[index + 1 :]])


def test_refuses_another_invoices_event() -> None:
    events = lived().events
    stranger = attrs.evolve(events[1], entity_id="INV-43")

    with pytest.raises(ValidationError):
        Invoice.replay([events[0], stranger, *events[2:]])


def test_refuses_a_history_the_lifecycle_forbids() -> None:
    events = lived().events

    with pytest.raises(InvalidTransition):
        Invoice.replay([*events, events[1]])


def test_refuses_something_that_is_not_an_invoice_event() -> None:
    not_an_event: object = "InvoiceDrafted"
    with pytest.raises(WrongType):
        Invoice.replay([not_an_event])  # type: ignore[list-item]


def test_refuses_another_entitys_event() -> None:
    other = DomainEvent(entity_id="PAY-1", version=1, occurred_at=PLACED)

    with pytest.raises(WrongType):
        Invoice.replay([drafted().events[0], other])


@given(worked_invoices())
def test_replaying_any_invoices_events_rebuilds_it_exactly(invoice: Invoice) -> None:
    assert invoice == Invoice.replay(invoice.events)


@given(worked_invoices())
def test_replay_is_deterministic_and_versions_match_the_last_event(invoice: Invoice) -> None:
    first, second = Invoice.replay(invoice.events), Invoice.replay(invoice.events)

    assert (first, invoice.events[-1].version) == (second, first.version)


def test_a_payment_applied_against_a_balance_keeps_the_excess_as_credit() -> None:
    payment = AppliedPayment.against(eur("80.00"), eur("0.00"), "PAY-1", eur("100.00"), PLACED)

    assert (eur("80.00"), eur("0.00"), eur("20.00")) == (
        payment.applied,
        payment.discount,
        payment.credit,
    )


def test_a_payment_short_of_the_discounted_balance_gets_no_discount() -> None:
    payment = AppliedPayment.against(eur("100.00"), eur("2.00"), "PAY-1", eur("97.00"), PLACED)

    assert (eur("97.00"), eur("0.00")) == (payment.applied, payment.discount)


def test_a_payment_settling_in_time_is_split_into_applied_discount_and_credit() -> None:
    split = split_payment(eur("100.00"), eur("2.00"), eur("99.00"))

    assert (eur("98.00"), eur("2.00"), eur("1.00")) == split


def test_a_payment_is_split_as_the_applied_payment_records_it() -> None:
    payment = AppliedPayment.against(eur("100.00"), eur("2.00"), "PAY-1", eur("99.00"), PLACED)

    assert split_payment(eur("100.00"), eur("2.00"), eur("99.00")) == (
        payment.applied,
        payment.discount,
        payment.credit,
    )


def test_refuses_to_replay_something_that_is_not_a_history() -> None:
    with pytest.raises(WrongType):
        Invoice.replay(42)  # type: ignore[arg-type]


def paid_in_part() -> tuple[Invoice, Invoice, list[DomainEvent]]:
    """An issued invoice after a part payment, its twin from before it, and the events it made."""
    invoice = drafted()
    invoice.issue("INV-0042", PLACED, "Net 30", BERLIN)
    invoice.pull_events()
    twin = copy.deepcopy(invoice)
    invoice.apply_payment("PAY-1", eur("20.00"), PLACED.add(days=1))
    return invoice, twin, invoice.pull_events()


def test_commands_and_replay_change_an_invoice_through_the_same_apply() -> None:
    invoice, twin, events = paid_in_part()
    for event in events:
        assert isinstance(event, InvoiceEvent)
        twin.apply(event)
    assert invoice == twin


def test_apply_refuses_a_payment_event_out_of_version_order_and_changes_nothing() -> None:
    _, twin, (event,) = paid_in_part()
    assert isinstance(event, InvoicePaymentApplied)
    before = copy.deepcopy(twin)
    with pytest.raises(ValidationError):
        twin.apply(attrs.evolve(event, version=9))
    assert before == twin


def test_refuses_a_history_that_settles_the_invoice_but_leaves_out_its_paid_event() -> None:
    events, index = lived().events, paid_index()

    with pytest.raises(ValidationError):
        Invoice.replay(events[:index])


def paid_index() -> int:
    return next(i for i, e in enumerate(lived().events) if isinstance(e, InvoicePaid))


def test_refuses_a_paid_event_given_twice() -> None:
    events, index = lived().events, paid_index()

    with pytest.raises(ValidationError):
        Invoice.replay([*events[: index + 1], events[index], *events[index + 1 :]])


def test_refuses_a_credit_note_event_whose_total_the_invoice_would_not_compute() -> None:
    events = lived().events
    index = next(i for i, e in enumerate(events) if isinstance(e, CreditNoteIssued))
    note = events[index]
    assert isinstance(note, CreditNoteIssued)
    forged = attrs.evolve(note, total=note.total + eur("0.01"))

    with pytest.raises(ValidationError):
        Invoice.replay([*events[:index], forged, *events[index + 1 :]])


def test_an_invoice_is_one_class_not_a_chain_of_mixins() -> None:
    assert (object,) == Invoice.__bases__


def test_refuses_another_invoices_event_naming_this_invoice() -> None:
    events = lived().events
    stranger = attrs.evolve(events[1], entity_id="INV-43")

    with pytest.raises(ValidationError, match="every event is of invoice 'INV-42'") as refused:
        Invoice.replay([events[0], stranger, *events[2:]])
    assert ("events", "INV-43") == (refused.value.field, refused.value.value)


def test_refuses_a_paid_event_that_does_not_repeat_the_settling_events_version() -> None:
    events = lived().events
    index = next(i for i, e in enumerate(events) if isinstance(e, InvoicePaid))
    bumped = attrs.evolve(events[index], version=events[index].version + 1)

    with pytest.raises(ValidationError, match="it repeats the version before it"):
        Invoice.replay([*events[:index], bumped, *events[index + 1 :]])
