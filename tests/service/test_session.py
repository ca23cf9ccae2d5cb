import pytest

from ordercore.domain.billing import Payment
from ordercore.kernel.errors import NotFound, WrongType
from ordercore.service import PaymentOfAnotherOrder, Session
from tests.service.helpers import T, an_order, eur, shop


def test_a_session_hands_out_one_object_per_aggregate_and_saves_only_what_changed() -> None:
    _, store, _ = shop()
    with store.unit_of_work() as uow:
        session = Session(uow, T, store)
        first, again = session.stock("RETRO-CLOCK"), session.stock("RETRO-CLOCK")
        assert first is again
        session.find_stock("BLUE-VASE")
        first.receive("WH-WEST", 1, T)
        session.flush()
        uow.commit()
    assert (2, 1) == (
        store.version_of("stock", "RETRO-CLOCK"),
        store.version_of("stock", "BLUE-VASE"),
    )


def test_a_session_raises_the_stores_not_found_for_an_unknown_key() -> None:
    _, store, _ = shop()
    with store.unit_of_work() as uow, pytest.raises(NotFound):
        Session(uow, T, store).order("order-9")


def test_a_session_refuses_an_aggregate_of_another_kind() -> None:
    _, store, _ = shop()
    with store.unit_of_work() as uow, pytest.raises(WrongType):
        Session(uow, T, store).find("stock", "RETRO-CLOCK", Payment)


def test_refuses_to_record_on_a_payment_that_belongs_to_another_order() -> None:
    engine, store, _ = shop()
    engine.place_order(an_order("order-1"))
    with store.unit_of_work() as uow:
        uow.payments.add(Payment.start("order-1/payment-1", "order-2", "card", "EUR"))
        uow.commit()
    before = store.snapshot()
    with pytest.raises(PaymentOfAnotherOrder) as refused:
        engine.record_authorization("order-1", eur("10.00"), "gw-auth-1")
    assert ("order-1/payment-1", "order-2") == (refused.value.payment_id, refused.value.owner)
    assert before == store.snapshot()
