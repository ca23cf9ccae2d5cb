from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.orders import FulfilmentStatus, QuantityLedger, fulfilment_status

F = FulfilmentStatus


def test_calls_an_order_without_lines_unfulfilled() -> None:
    assert F.UNFULFILLED == fulfilment_status([])


def test_calls_an_order_with_nothing_shipped_unfulfilled() -> None:
    assert F.UNFULFILLED == fulfilment_status([QuantityLedger(allocated=2, picked=1)])


def test_calls_some_shipped_partially_fulfilled() -> None:
    assert F.PARTIALLY_FULFILLED == fulfilment_status(
        [QuantityLedger(shipped=1), QuantityLedger(unallocated=1)]
    )


def test_calls_every_active_unit_out_fulfilled_even_with_cancellations() -> None:
    assert F.FULFILLED == fulfilment_status([QuantityLedger(delivered=2, cancelled=1)])


def test_calls_everything_cancelled_cancelled() -> None:
    assert F.CANCELLED == fulfilment_status([QuantityLedger(cancelled=3)])


def test_calls_some_returned_partially_returned() -> None:
    assert F.PARTIALLY_RETURNED == fulfilment_status([QuantityLedger(delivered=1, returned=1)])


def test_calls_every_active_unit_returned_returned() -> None:
    assert F.RETURNED == fulfilment_status([QuantityLedger(returned=2, cancelled=1)])


def test_counts_a_waiting_return_as_still_fulfilled() -> None:
    assert F.FULFILLED == fulfilment_status([QuantityLedger(return_requested=1, shipped=1)])


ledgers = st.builds(
    QuantityLedger,
    unallocated=st.integers(0, 3),
    allocated=st.integers(0, 3),
    shipped=st.integers(0, 3),
    delivered=st.integers(0, 3),
    returned=st.integers(0, 3),
    cancelled=st.integers(0, 3),
)


@given(st.lists(ledgers, max_size=4))
def test_calls_an_order_fulfilled_exactly_when_every_active_unit_is_out(
    lines: list[QuantityLedger],
) -> None:
    status = fulfilment_status(lines)
    active = sum(lg.active for lg in lines)
    out = sum(lg.out for lg in lines)
    returned = sum(lg.returned for lg in lines)
    expected_fulfilled = bool(active) and out == active and not returned
    assert expected_fulfilled == (status is F.FULFILLED)
