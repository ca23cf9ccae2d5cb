import typing
from collections.abc import Callable

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ordercore.domain.orders import (
    BillingQuantityExceeded,
    Bucket,
    InsufficientQuantity,
    InvoicingPolicy,
    LineId,
    NotAllowedInStatus,
    Order,
    OrderConfirmed,
    OrderFulfilmentStarted,
    OrderLine,
    OrderPlaced,
    OrderQuantityMoved,
    OrderStatus,
    QuantityLedger,
)
from ordercore.kernel.errors import (
    CurrencyMismatch,
    GuardRejected,
    InvalidTransition,
    NaiveDatetime,
    NotFound,
    ValidationError,
    WrongType,
)
from ordercore.kernel.money import Money
from ordercore.ports.codec import Codec
from ordercore.testing.strategies_orders import placed_orders, progressed_orders

from .helpers import NOW, clock_and_vase, draft, eur, snapshot, unchanged


def test_starts_a_draft_at_version_zero_without_events() -> None:
    order = draft()
    assert (OrderStatus.DRAFT, 0, []) == (order.status, order.version, order.pull_events())


def test_bills_to_the_ship_to_address_unless_told_otherwise() -> None:
    order = draft()
    assert order.ship_to == order.bill_to


def test_invoices_on_placement_by_default() -> None:
    assert InvoicingPolicy.ON_PLACEMENT == draft().invoicing_policy


def test_refuses_a_bool_priority() -> None:
    with pytest.raises(WrongType) as caught:
        draft(priority=True)
    assert "priority" == caught.value.field


def test_refuses_an_instant_as_promised_ship_by_date() -> None:
    with pytest.raises(WrongType):
        draft(promised_ship_by=NOW)


def test_refuses_a_naive_now() -> None:
    with pytest.raises(NaiveDatetime):
        draft(now=NOW.naive())


def test_refuses_a_line_priced_in_another_currency() -> None:
    order = draft()
    before = snapshot(order)
    with pytest.raises(CurrencyMismatch):
        order.add_line("RETRO-CLOCK", 1, Money.of("20.00", "USD"), NOW)
    assert unchanged(order, before)


def test_refuses_to_place_an_order_without_lines() -> None:
    order = draft()
    with pytest.raises(GuardRejected) as caught:
        order.place(NOW)
    assert "has_lines" == caught.value.guard


def test_places_an_order_with_its_demand() -> None:
    order = clock_and_vase(placed=False)
    order.place(NOW)
    placed = order.pull_events()[0]
    assert isinstance(placed, OrderPlaced)
    assert [("RETRO-CLOCK", 3), ("BLUE-VASE", 1)] == [(q.sku, q.quantity) for q in placed.lines]
    assert NOW == order.placed_at


def test_totals_lines_discounts_tax_and_shipping_exactly() -> None:
    order = clock_and_vase()
    assert eur("95.00") == order.subtotal
    assert eur("5.00") == order.discount_total
    assert eur("11.40") == order.tax_total
    assert eur("106.30") == order.total


def test_splits_order_discounts_over_lines_by_net_amount() -> None:
    order = clock_and_vase()
    assert {"line-1": eur("3.16"), "line-2": eur("1.84")} == order.order_discount_shares()


def test_refuses_to_pick_more_than_is_allocated_and_says_how_many_are_there() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    order.allocate("line-1", 2, NOW)
    before = snapshot(order)
    with pytest.raises(InsufficientQuantity) as caught:
        order.pick("line-1", 3, NOW)
    assert (3, 2, "allocated") == (
        caught.value.requested,
        caught.value.available,
        caught.value.source,
    )
    assert "only 2 unit(s) are in 'allocated'" in str(caught.value)
    assert unchanged(order, before)


def test_refuses_to_pick_before_confirmation() -> None:
    order = clock_and_vase()
    order.allocate("line-1", 1, NOW)
    with pytest.raises(NotAllowedInStatus) as caught:
        order.pick("line-1", 1, NOW)
    assert ("confirmed", "in_fulfilment") == caught.value.allowed


def test_refuses_a_move_on_an_unknown_line() -> None:
    order = clock_and_vase()
    with pytest.raises(NotFound):
        order.allocate("line-9", 1, NOW)


def test_refuses_a_zero_quantity_move() -> None:
    order = clock_and_vase()
    with pytest.raises(ValidationError):
        order.allocate("line-1", 0, NOW)


def test_starts_fulfilment_with_the_first_pick() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    order.allocate("line-1", 1, NOW)
    order.pull_events()
    order.pick("line-1", 1, NOW)
    kinds = [type(e) for e in order.pull_events()]
    assert [OrderFulfilmentStarted, OrderQuantityMoved] == kinds
    assert OrderStatus.IN_FULFILMENT == order.status


def test_records_each_move_as_the_event_its_constructor_builds() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    confirmed = order.version
    order.allocate("line-1", 2, NOW)
    order.pick("line-1", 1, NOW)
    moves = [event for event in order.pull_events() if isinstance(event, OrderQuantityMoved)]
    built = [
        OrderQuantityMoved(
            entity_id=order.id,
            version=version,
            occurred_at=NOW,
            line_id=LineId("line-1"),
            move=move,
            source=source,
            target=target,
            quantity=quantity,
        )
        for version, move, source, target, quantity in [
            (confirmed + 1, "allocate", Bucket.UNALLOCATED, Bucket.ALLOCATED, 2),
            (confirmed + 2, "pick", Bucket.ALLOCATED, Bucket.PICKED, 1),
        ]
    ]
    assert [(e, hash(e), repr(e)) for e in built] == [(e, hash(e), repr(e)) for e in moves]


def test_records_every_event_as_its_constructor_builds_it() -> None:
    order = clock_and_vase(placed=False)
    order.place(NOW)
    order.record_invoiced("line-1", 1, NOW)
    order.confirm(NOW)
    order.allocate("line-1", 2, NOW)
    order.pick("line-1", 2, NOW)
    events = order.pull_events()
    rebuilt = [attrs.evolve(event) for event in events]  # through the generated __init__
    assert [(e, hash(e), repr(e)) for e in rebuilt] == [(e, hash(e), repr(e)) for e in events]


def ship_everything(order: Order) -> None:
    order.confirm(NOW)
    for line in list(order.lines.values()):
        for move in ("allocate", "pick", "pack", "ship"):
            order.move(line.id, line.quantity, move, NOW)


def test_completes_once_every_unit_has_shipped_and_archives_later() -> None:
    order = clock_and_vase()
    ship_everything(order)
    order.complete(NOW)
    order.deliver("line-1", 3, NOW)
    order.archive(NOW)
    assert OrderStatus.ARCHIVED == order.status


def test_refuses_to_complete_while_units_wait_in_the_warehouse() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    order.allocate("line-1", 1, NOW)
    order.pick("line-1", 1, NOW)
    with pytest.raises(GuardRejected) as caught:
        order.complete(NOW)
    assert "all_shipped" == caught.value.guard


def test_refuses_to_archive_while_a_return_is_waiting() -> None:
    order = clock_and_vase()
    ship_everything(order)
    order.complete(NOW)
    order.deliver("line-2", 1, NOW)
    order.move("line-2", 1, "request_return", NOW)
    with pytest.raises(GuardRejected):
        order.archive(NOW)


def test_refuses_to_confirm_a_draft() -> None:
    with pytest.raises(InvalidTransition):
        clock_and_vase(placed=False).confirm(NOW)


def test_emits_one_event_per_command_with_the_new_version() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    event = order.pull_events()[0]
    assert (OrderConfirmed, order.version, "order") == (
        type(event),
        event.version,
        event.entity_kind,
    )


def test_counts_invoiced_units_within_the_units_still_ordered() -> None:
    order = clock_and_vase()
    order.record_invoiced("line-1", 3, NOW)
    with pytest.raises(BillingQuantityExceeded) as caught:
        order.record_invoiced("line-1", 1, NOW)
    assert 0 == caught.value.limit


def test_refuses_to_credit_more_than_was_invoiced() -> None:
    order = clock_and_vase()
    order.record_invoiced("line-1", 2, NOW)
    order.record_credited("line-1", 1, NOW)
    with pytest.raises(BillingQuantityExceeded):
        order.record_credited("line-1", 2, NOW)
    ledger = order.lines[LineId("line-1")].ledger
    assert (2, 1) == (ledger.invoiced, ledger.credited)


@given(placed_orders())
def test_a_placed_order_totals_to_the_sum_of_its_parts(order: Order) -> None:
    expected = order.subtotal - order.discount_total + order.shipping_total + order.tax_total
    assert expected == order.total
    assert False is order.total.is_negative()


def test_no_public_command_or_constructor_takes_an_untyped_object_parameter() -> None:
    untyped = {
        f"{name}({param})"
        for name, member in vars(Order).items()
        if callable(getattr(Order, name)) and not name.startswith("_")
        for param, hint in typing.get_type_hints(getattr(Order, name)).items()
        if hint is object
    }
    assert set() == untyped


JSON_ISH: list[tuple[Callable[[Order], object], type[Exception]]] = [
    (lambda o: o.allocate("line-1", "2", NOW), WrongType),  # type: ignore[arg-type]
    (lambda o: o.allocate("line-1", 2.0, NOW), WrongType),  # type: ignore[arg-type]
    (lambda o: o.allocate(1, 2, NOW), ValidationError),  # type: ignore[arg-type]
    (lambda o: o.move("line-1", 1, None, NOW), ValidationError),  # type: ignore[arg-type]
    (lambda o: o.confirm("2026-11-26T09:00:00Z"), WrongType),  # type: ignore[arg-type]
    (lambda o: o.place_hold(7, "card", "ops", NOW), ValidationError),  # type: ignore[arg-type]
    (lambda o: o.place_hold("payment", None, "ops", NOW), WrongType),  # type: ignore[arg-type]
    (lambda o: o.release_hold({"id": 1}, "ops", NOW), ValidationError),  # type: ignore[arg-type]
    (lambda o: o.record_invoiced("line-1", quantity=True, now=NOW), WrongType),
    (lambda o: o.add_line("OAK-STOOL", 1, 9.0, NOW), WrongType),  # type: ignore[arg-type]
    (lambda o: o.add_line(None, 1, eur("9.00"), NOW), ValidationError),  # type: ignore[arg-type]
    (
        lambda o: o.add_line("OAK-STOOL", 1, eur("9.00"), NOW, tax_lines=[{"rate": "0.19"}]),  # type: ignore[list-item]
        WrongType,
    ),
    (lambda o: o.change_ship_to({"city": "Berlin"}, NOW), WrongType),  # type: ignore[arg-type]
    (lambda o: o.cancel_quantity("line-1", 1, 42, NOW), WrongType),  # type: ignore[arg-type]
    (lambda o: o.cancel(None, NOW), WrongType),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("command", "error"), JSON_ISH)
def test_refuses_json_ish_values_with_a_typed_error_and_changes_nothing(
    command: Callable[[Order], object], error: type[Exception]
) -> None:
    order = clock_and_vase()
    before = snapshot(order)
    with pytest.raises(error):
        command(order)
    assert unchanged(order, before)


def test_refuses_json_ish_values_when_drafting() -> None:
    with pytest.raises(WrongType) as caught:
        Order.draft(
            order_id="order-9",
            number="1009",
            customer_id="cust-1",
            currency="EUR",
            ship_to={"city": "Berlin"},  # type: ignore[arg-type]
            now=NOW,
        )
    assert "ship_to" == caught.value.field


def test_refuses_a_currency_table_that_is_not_one_when_drafting() -> None:
    with pytest.raises(WrongType) as caught:
        Order.draft(
            order_id="order-9",
            number="1009",
            customer_id="cust-1",
            currency="EUR",
            ship_to=draft().ship_to,
            now=NOW,
            table=True,  # type: ignore[arg-type]
        )
    assert ("table", True) == (caught.value.field, caught.value.fields["value"])


# -- refusals name the real reason: the order's status is checked first ----------------------


def cancelled_order() -> Order:
    order = clock_and_vase()
    order.cancel("customer changed their mind", NOW)
    order.pull_events()
    return order


@pytest.mark.parametrize("quantity", [1, 99, 0])
@pytest.mark.parametrize("move", ["allocate", "pick", "ship", "deliver"])
def test_refuses_moving_units_of_a_cancelled_order_as_cancelled_whatever_the_quantity(
    move: str, quantity: int
) -> None:
    order = cancelled_order()
    before = snapshot(order)
    with pytest.raises(NotAllowedInStatus) as caught:
        order.move("line-1", quantity, move, NOW)
    assert ("cancelled", move) == (caught.value.status, caught.value.command)
    assert "while status='cancelled'" in str(caught.value)
    assert unchanged(order, before)


def test_refuses_confirming_a_cancelled_order_as_cancelled() -> None:
    order = cancelled_order()
    with pytest.raises(InvalidTransition) as caught:
        order.confirm(NOW)
    assert ("cancelled", "confirm") == (caught.value.state, caught.value.trigger)


@pytest.mark.parametrize(
    "command",
    [
        lambda o: o.cancel_quantity("line-9", 99, "oos", NOW),
        lambda o: o.record_invoiced("line-1", 0, NOW),
        lambda o: o.change_quantity("line-1", -1, NOW),
        lambda o: o.add_line("OAK-STOOL", 0, eur("9.00"), NOW),
    ],
)
def test_refuses_editing_or_billing_a_cancelled_order_as_cancelled_before_its_arguments(
    command: Callable[[Order], object],
) -> None:
    order = cancelled_order()
    with pytest.raises(NotAllowedInStatus) as caught:
        command(order)
    assert "cancelled" == caught.value.status


@pytest.mark.parametrize(
    ("action", "error"),
    [
        ("allocate", NotAllowedInStatus),
        ("ship", NotAllowedInStatus),
        ("confirm", InvalidTransition),
    ],
)
def test_lets_a_caller_refuse_a_cancelled_order_as_cancelled_before_its_own_checks(
    action: str, error: type[Exception]
) -> None:
    order = cancelled_order()
    before = snapshot(order)
    with pytest.raises(error, match="'cancelled'"):
        order.check_allows(action)
    assert unchanged(order, before)


def test_lets_a_caller_check_an_action_the_status_allows_without_guards_or_quantities() -> None:
    order = clock_and_vase()
    order.place_hold("manual", "customer called", "maria", NOW)
    order.check_allows("confirm")
    order.check_allows("allocate")
    with pytest.raises(NotAllowedInStatus):
        order.check_allows("pick")


# -- time order: a fact is never dated before the fact it depends on --------------------------

EARLIER = NOW.subtract(minutes=5)


def test_refuses_to_place_an_order_before_it_was_created_naming_both_instants() -> None:
    order = clock_and_vase(placed=False)
    before = snapshot(order)
    with pytest.raises(ValidationError) as caught:
        order.place(EARLIER)
    assert ("now", EARLIER.isoformat()) == (caught.value.field, caught.value.value)
    assert NOW.isoformat() in str(caught.value)
    assert EARLIER.isoformat() in str(caught.value)
    assert unchanged(order, before)


@pytest.mark.parametrize(
    "command",
    [
        lambda o: o.confirm(EARLIER),
        lambda o: o.allocate("line-1", 1, EARLIER),
        lambda o: o.record_invoiced("line-1", 1, EARLIER),
        lambda o: o.cancel_quantity("line-1", 1, "oos", EARLIER),
        lambda o: o.cancel("oos", EARLIER),
        lambda o: o.place_hold("manual", "late", "ops", EARLIER),
        lambda o: o.change_quantity("line-1", 4, EARLIER),
    ],
)
def test_refuses_a_fact_dated_before_the_placement_naming_both_instants(
    command: Callable[[Order], object],
) -> None:
    order = clock_and_vase()
    before = snapshot(order)
    with pytest.raises(ValidationError) as caught:
        command(order)
    assert (EARLIER.isoformat(), NOW.isoformat()) == (
        caught.value.value,
        caught.value.fields["earlier"],
    )
    assert f"before the order was placed ({NOW.isoformat()})" in str(caught.value)
    assert unchanged(order, before)


def test_refuses_a_delivery_dated_before_the_line_first_shipped_naming_both_instants() -> None:
    order = clock_and_vase()
    shipped_at = NOW.add(hours=3)
    order.confirm(NOW)
    for move in ("allocate", "pick", "pack"):
        order.move("line-1", 2, move, NOW)
    order.ship("line-1", 1, shipped_at)
    order.ship("line-1", 1, shipped_at.add(hours=1))
    before = snapshot(order)
    with pytest.raises(ValidationError) as caught:
        order.deliver("line-1", 1, NOW.add(hours=2))
    assert "line 'line-1' first shipped" in str(caught.value)
    assert (NOW.add(hours=2).isoformat(), shipped_at.isoformat()) == (
        caught.value.value,
        caught.value.fields["earlier"],
    )
    assert unchanged(order, before)
    order.deliver("line-1", 2, shipped_at.add(hours=2))
    assert shipped_at == order.lines[LineId("line-1")].first_shipped_at


def test_refuses_to_release_a_hold_before_it_was_placed_naming_both_instants() -> None:
    order = clock_and_vase()
    held_at = NOW.add(hours=1)
    hold = order.place_hold("manual", "customer called", "maria", held_at)
    before = snapshot(order)
    with pytest.raises(ValidationError) as caught:
        order.release_hold(hold, "jon", NOW.add(minutes=30))
    assert held_at.isoformat() == caught.value.fields["earlier"]
    assert f"hold {hold!r} was placed" in str(caught.value)
    assert unchanged(order, before)


def test_accepts_a_fact_dated_at_the_very_instant_it_depends_on() -> None:
    order = clock_and_vase()
    order.confirm(NOW)
    assert OrderStatus.CONFIRMED == order.status


# -- bounded: what the order stores does not grow with time --------------------------------------


def stored_size(order: Order) -> int:
    """The encoded order's length, its counters (which grow in value, not size) set to 0."""
    return len(Codec().dumps(attrs.evolve(order, version=0, hold_counter=0)))


@given(order=progressed_orders(), cycles=st.integers(1, 12))
def test_an_orders_stored_size_does_not_grow_with_holds_placed_and_released(
    order: Order, cycles: int
) -> None:
    order.release_hold(order.place_hold("payment", "card", "bot", NOW), "ops", NOW)
    size = stored_size(order)
    for _ in range(cycles):
        order.release_hold(order.place_hold("fraud_review", "velocity", "risk", NOW), "ops", NOW)
    assert size == stored_size(order)


@given(order=progressed_orders())
def test_an_orders_stored_size_does_not_grow_with_units_moved_back_and_forth(
    order: Order,
) -> None:
    line = next((x for x in order.lines.values() if x.ledger.picked), None)
    assume(line is not None)
    assert line is not None
    size = stored_size(order)
    for _ in range(5):
        order.move(line.id, 1, "unpick", NOW)
        order.move(line.id, 1, "pick", NOW)
    assert size == stored_size(order)


def test_refuses_a_line_id_with_outer_spaces_even_beside_the_line_it_names() -> None:
    order = clock_and_vase()
    before = snapshot(order)
    with pytest.raises(ValidationError) as caught:
        order.allocate(" line-1", 1, NOW)
    assert ("line_id", before) == (caught.value.field, snapshot(order))


def test_finds_a_line_by_a_str_subclass_equal_to_its_id() -> None:
    class Named(str):
        pass

    order = clock_and_vase()
    order.allocate(Named("line-1"), 1, NOW)
    assert 1 == order.lines[LineId("line-1")].ledger.allocated


_BUCKET_NAMES = [bucket.value for bucket in Bucket]


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=2), min_size=10, max_size=10),
        max_size=3,
    )
)
def test_all_shipped_means_every_unit_not_cancelled_is_out_and_one_is(
    buckets: list[list[int]],
) -> None:
    assume(all(sum(counts) >= 1 for counts in buckets))
    order = draft()
    ledgers = [QuantityLedger(**dict(zip(_BUCKET_NAMES, c, strict=True))) for c in buckets]
    order.lines = {
        LineId(f"line-{n}"): attrs.evolve(
            OrderLine.new(
                line_id=LineId(f"line-{n}"),
                sku="CLOCK",
                quantity=ledger.ordered,
                unit_price=eur("1.00"),
                currency=order.currency,
            ),
            ledger=ledger,
        )
        for n, ledger in enumerate(ledgers, start=1)
    }
    expected = any(lg.out for lg in ledgers) and all(lg.out == lg.active for lg in ledgers)
    assert expected == order.all_shipped()
