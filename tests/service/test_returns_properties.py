from hypothesis import given, settings
from hypothesis import strategies as st

from ordercore.domain.returns import Disposition, DispositionKind, Grade
from ordercore.kernel.money import sum_money
from ordercore.service.reports import stored
from tests.service.helpers import CLOCK_LINE, an_order, eur, ledger, shop, stock_in

batches = st.lists(
    st.tuples(st.integers(1, 3), st.sampled_from(["WH-EAST", "WH-WEST", None])),
    min_size=1,
    max_size=3,
)


@settings(deadline=None)
@given(batches=batches)
def test_returns_restock_exactly_where_they_say_and_refund_at_most_what_was_paid(
    batches: list[tuple[int, str | None]],
) -> None:
    engine, store, _ = shop(clocks=5, vases=0)
    engine.place_order(an_order(clocks=3, vases=0))
    engine.record_authorization("order-1", eur("60.00"), "gw-auth-1")
    engine.confirm_order("order-1")
    engine.allocate_order("order-1")
    engine.ship_line("order-1", CLOCK_LINE, 3)
    engine.record_capture("order-1", eur("60.00"), "gw-cap-1")
    for shipment in stored(store, "shipments"):
        engine.deliver_shipment(shipment.id)
    before = stock_in(store, "RETRO-CLOCK")
    restocked = {"WH-EAST": 0, "WH-WEST": 0}
    refunds, returned = [], 0
    for units, location in batches:
        if returned + units > 3:
            break
        rma = engine.request_return("order-1", CLOCK_LINE, units)
        engine.authorize_return(rma)
        engine.receive_return_line(rma, CLOCK_LINE, units, "WH-EAST")
        if location is None:
            engine.inspect_return_line(
                rma, CLOCK_LINE, units, Grade.DAMAGED, Disposition(DispositionKind.SCRAP)
            )
        else:
            engine.inspect_return_line(
                rma, CLOCK_LINE, units, Grade.GOOD, Disposition(DispositionKind.RESTOCK, location)
            )
            restocked[location] += units
        refunds.append(engine.resolve_return(rma).refund)
        returned += units
    after = stock_in(store, "RETRO-CLOCK")
    for location, units in restocked.items():
        assert before.available(location) + units == after.available(location)
    refunded = sum_money(refunds, "EUR")
    assert refunded <= eur("60.00")
    assert eur("20.00") * returned == refunded
    assert returned == ledger(store, CLOCK_LINE).get("returned", 0)
