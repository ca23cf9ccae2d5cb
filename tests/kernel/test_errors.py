import pytest

from ordercore.kernel import errors

BUILTIN_OF = {
    errors.ValidationError: ValueError,
    errors.WrongType: TypeError,
    errors.CurrencyMismatch: ValueError,
    errors.UnknownCurrency: LookupError,
    errors.NaiveDatetime: ValueError,
    errors.NotFound: LookupError,
    errors.ConcurrencyConflict: RuntimeError,
    errors.InvalidTransition: ValueError,
    errors.GuardRejected: ValueError,
    errors.LifecycleDefinitionError: ValueError,
}


@pytest.mark.parametrize(("error", "builtin"), BUILTIN_OF.items())
def test_every_error_is_an_ordercore_error_and_its_matching_builtin(
    error: type[Exception], builtin: type[Exception]
) -> None:
    assert issubclass(error, errors.OrdercoreError)
    assert issubclass(error, builtin)


def test_a_validation_error_names_field_value_and_rule() -> None:
    error = errors.ValidationError("quantity", -2, "a quantity is at least 1")
    assert "quantity=-2 was refused: a quantity is at least 1" == str(error)
    assert {"field": "quantity", "value": -2, "rule": "a quantity is at least 1"} == dict(
        error.fields
    )


def test_a_concurrency_conflict_names_the_entity_and_both_versions() -> None:
    error = errors.ConcurrencyConflict("stock", "RETRO-CLOCK", expected=3, actual=4)
    assert "expecting version 3" in str(error)
    assert "holds version 4" in str(error)
    assert (3, 4) == (error.expected_version, error.actual_version)


def test_not_found_is_a_lookup_error_that_names_kind_and_id() -> None:
    with pytest.raises(LookupError, match="order 'order-9' was not found"):
        raise errors.NotFound("order", "order-9")
