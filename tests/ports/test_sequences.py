import pytest

from ordercore.kernel.errors import ValidationError
from ordercore.ports.sequences import format_number


def test_formats_invoice_numbers_with_six_digits() -> None:
    assert "INV-000123" == format_number("INV", 123)


def test_lets_numbers_outgrow_the_width() -> None:
    assert "RMA-1234567" == format_number("RMA", 1234567)


@pytest.mark.parametrize("number", [0, -1, True, "7"])
def test_refuses_numbers_that_are_not_whole_and_positive(number: object) -> None:
    with pytest.raises(ValidationError):
        format_number("SO", number)  # type: ignore[arg-type]


def test_refuses_sequence_names_with_spaces() -> None:
    with pytest.raises(ValidationError):
        format_number("SALES ORDER", 1)
