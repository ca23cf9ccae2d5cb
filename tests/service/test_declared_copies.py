"""The aggregates that copy themselves make the copy the generic copier made, on real workflows.

Orders, shipments, payments and invoices declare their own copy (``__deepcopy__``, written out
field by field for speed); after whole orders through the Engine, every stored aggregate's copy
holds what the copier's generic walk over its attrs fields gives, and shares nothing mutable.
"""

from ordercore.domain.fulfilment import Parcel
from ordercore.kernel.copies import copy
from tests.kernel.copy_states import generic_copy, state
from tests.kernel.mutability import mutable_ids
from tests.service.helpers import CLOCK_LINE, an_order, shop


def test_every_stored_aggregate_copies_itself_as_the_generic_copier_would() -> None:
    engine, store, clock = shop(clocks=5, vases=3)
    for n, contents in ((1, True), (2, False)):
        order_id = f"order-{n}"
        order = an_order(order_id, clocks=2, vases=1)
        engine.place_order(order)
        engine.record_authorization(order_id, order.total, f"auth-{n}")
        engine.record_capture(order_id, order.total, f"capture-{n}")
        engine.confirm_order(order_id)
        engine.allocate_order(order_id)
        shipment_id = engine.open_shipment(order_id, {CLOCK_LINE: 2}, "WH-EAST")
        engine.pick(shipment_id, CLOCK_LINE, 2)
        engine.pack(shipment_id, [Parcel(900, contents={CLOCK_LINE: 2} if contents else None)])
        engine.ship_shipment(shipment_id, "UPS", [f"1Z{n:04d}"])
        clock.advance(hours=1)
        engine.deliver_shipment(shipment_id)
        rma = engine.request_return(order_id, CLOCK_LINE, 1)
        outcome = engine.receive_return(order_id, CLOCK_LINE, 1, "WH-EAST", reference=rma)
        engine.record_refund(order_id, outcome.refund, f"refund-{n}")
    stored = list(store.snapshot().rows.values())  # isolated copies of every stored aggregate
    kinds = {type(each).__name__ for each in stored}
    declared = [each for each in stored if "__deepcopy__" in type(each).__dict__]
    copies = [(state(copy(each)), state(generic_copy(each))) for each in declared]
    shared = [mutable_ids(each) & mutable_ids(copy(each)) for each in declared]
    assert {"Order", "Shipment", "Payment", "Invoice"} <= kinds
    assert ([a for a, _ in copies], [set()] * len(shared)) == ([b for _, b in copies], shared)
