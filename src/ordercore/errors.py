"""Every error ordercore raises, in one place to import from.

All derive from :class:`OrdercoreError` and from the builtin that matches their meaning.
"""

from ordercore.kernel.errors import (
    ConcurrencyConflict,
    CurrencyMismatch,
    GuardRejected,
    InvalidTransition,
    LifecycleDefinitionError,
    NaiveDatetime,
    NotFound,
    OrdercoreError,
    UnknownCurrency,
    ValidationError,
    WrongType,
)

__all__ = [
    "ConcurrencyConflict",
    "CurrencyMismatch",
    "GuardRejected",
    "InvalidTransition",
    "LifecycleDefinitionError",
    "NaiveDatetime",
    "NotFound",
    "OrdercoreError",
    "UnknownCurrency",
    "ValidationError",
    "WrongType",
]
