"""ordercore.errors gathers every error; each is an OrdercoreError and a matching builtin."""

import pytest

import ordercore.errors

BUILTINS = (ValueError, LookupError, TypeError, RuntimeError, ArithmeticError)
ERRORS = [getattr(ordercore.errors, name) for name in ordercore.errors.__all__]
LEAVES = [error for error in ERRORS if error is not ordercore.errors.OrdercoreError]


@pytest.mark.parametrize("error", LEAVES, ids=lambda e: e.__name__)
def test_every_public_error_is_an_ordercore_error_and_a_builtin_one(error: type) -> None:
    assert issubclass(error, ordercore.errors.OrdercoreError)
    assert issubclass(error, BUILTINS), f"{error.__name__} subclasses no matching builtin"


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.__name__)
def test_every_public_error_has_a_docstring(error: type) -> None:
    assert error.__doc__
