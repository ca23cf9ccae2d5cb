import pendulum
import pytest

from ordercore.domain.inventory import Lot
from ordercore.domain.inventory.lots import Lots
from ordercore.kernel.errors import ValidationError

LOT_A = Lot("LOT-A", pendulum.date(2027, 3, 1))


def test_a_known_lot_is_not_registered_twice() -> None:
    lots = Lots()
    lots.register(LOT_A)
    assert (None, LOT_A) == (lots.check(LOT_A), lots.get("LOT-A"))


def test_refuses_a_lot_that_contradicts_the_known_one() -> None:
    lots = Lots()
    lots.register(LOT_A)
    with pytest.raises(ValidationError):
        lots.check(Lot("LOT-A", pendulum.date(2027, 4, 1)))


def test_a_forgotten_lot_may_come_back_with_new_dates() -> None:
    lots = Lots()
    lots.register(LOT_A)
    lots.forget("LOT-A")
    later = Lot("LOT-A", pendulum.date(2027, 4, 1))
    assert later == lots.check(later)
