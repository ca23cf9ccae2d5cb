"""The results' builders give what the constructors give (==, hash, repr)."""

from ordercore.domain.orders.results import EditResult, LineQuantity, edit_result, line_quantity
from ordercore.domain.orders.values import LineId
from ordercore.kernel.ids import Sku


def test_a_built_line_quantity_is_what_its_constructor_builds() -> None:
    built = line_quantity(LineId("line-1"), Sku("CLOCK"), 2)
    expected = LineQuantity(line_id=LineId("line-1"), sku=Sku("CLOCK"), quantity=2)
    assert (LineQuantity, expected, hash(expected), repr(expected)) == (
        type(built),
        built,
        hash(built),
        repr(built),
    )


def test_a_built_edit_result_is_what_its_constructor_builds() -> None:
    units = (LineQuantity(line_id=LineId("line-1"), sku=Sku("CLOCK"), quantity=2),)
    built = [edit_result(LineId("line-1"), allocate=units), edit_result(None, release=units)]
    expected = [
        EditResult(line_id=LineId("line-1"), allocate=units),
        EditResult(line_id=None, release=units),
    ]
    assert [(EditResult, e, hash(e), repr(e)) for e in expected] == [
        (type(b), b, hash(b), repr(b)) for b in built
    ]
