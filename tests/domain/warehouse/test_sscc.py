import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordercore.domain.warehouse.errors import SerialExhausted
from ordercore.domain.warehouse.sscc import Sscc, SsccConfig, SsccIssuer, gs1_check_digit
from ordercore.kernel.errors import ValidationError, WrongType

GS1_US = SsccConfig(extension_digit=0, company_prefix="0614141")


def test_the_check_digit_matches_gs1s_published_sscc_example_00_0_0614141_123456789_0() -> None:
    # GS1's SSCC example (extension 0, company prefix 0614141, serial 123456789): check digit 0
    assert "(00)006141411234567890" == GS1_US.issue(123456789).element_string


def test_the_check_digit_with_extension_digit_1_is_7() -> None:
    # the same company prefix and serial with extension digit 1: (00)106141411234567897
    config = SsccConfig(extension_digit=1, company_prefix="0614141")
    assert "(00)106141411234567897" == config.issue(123456789).element_string


def test_the_check_digit_matches_other_published_gs1_mod_10_examples() -> None:
    # ConnectCode's SSCC example (00)123456789012345675, and the UPC-A 036000241457
    assert (5, 7) == (gs1_check_digit("12345678901234567"), gs1_check_digit("03600024145"))


def test_the_serial_is_zero_padded_to_fill_seventeen_digits() -> None:
    assert "00614141000000042" == GS1_US.issue(42).digits[:17]


def test_a_serial_too_long_for_the_prefix_is_refused() -> None:
    with pytest.raises(SerialExhausted) as refused:
        GS1_US.issue(10**9)
    assert 9 == refused.value.digits


def test_a_bad_configuration_is_refused() -> None:
    with pytest.raises(ValidationError):
        SsccConfig(extension_digit=10, company_prefix="0614141")
    with pytest.raises(ValidationError):
        SsccConfig(extension_digit=0, company_prefix="06141A1")
    with pytest.raises(ValidationError):
        SsccConfig(extension_digit=0, company_prefix="061")
    with pytest.raises(WrongType):
        SsccConfig(extension_digit=0, company_prefix=614141)  # type: ignore[arg-type]


def test_an_sscc_with_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        Sscc("006141411234567891")
    assert "the last digit is the GS1 check digit of the first 17 (0)" == refused.value.rule


def test_an_sscc_is_read_back_from_its_element_string() -> None:
    code = GS1_US.issue(7)
    assert code == Sscc.parse(code.element_string) == Sscc.parse(code.barcode_data)


def test_the_issuer_takes_serials_from_the_injected_sequence() -> None:
    counter = itertools.count(1)
    issuer = SsccIssuer(GS1_US, lambda: next(counter))
    assert ["000000001", "000000002"] == [issuer.next().digits[8:17] for _ in range(2)]


@given(st.integers(0, 10**9 - 1), st.integers(0, 9))
def test_every_issued_sscc_checks_and_reads_back(serial: int, extension: int) -> None:
    code = SsccConfig(extension, "0614141").issue(serial)
    assert code == Sscc.parse(code.element_string)
    assert (extension, serial) == (code.extension_digit, int(code.digits[8:17]))


@given(st.text("0123456789", min_size=17, max_size=17), st.integers(0, 16), st.integers(1, 9))
def test_the_check_digit_catches_every_single_digit_error(body: str, at: int, bump: int) -> None:
    wrong = body[:at] + str((int(body[at]) + bump) % 10) + body[at + 1 :]
    assert gs1_check_digit(body) != gs1_check_digit(wrong)
