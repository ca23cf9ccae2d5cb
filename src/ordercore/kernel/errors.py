"""The root of every error ordercore raises, and the errors the kernel itself raises.

Every ordercore error:

* derives from :class:`OrdercoreError`, so a host can catch everything the library rejects
  with one ``except``;
* also derives from the builtin that matches its meaning (``ValueError`` for a bad value,
  ``LookupError`` for an unknown id, ``TypeError`` for a value of the wrong kind), so code that
  does not know ordercore still handles it sensibly;
* carries its facts as structured fields (``error.fields``) for programs, and a message for a
  person that names the field, the value and the rule that was broken.

A rejected command changes nothing: every command validates completely before it mutates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class OrdercoreError(Exception):
    """Base of every error ordercore raises.

    ``fields`` holds the structured facts of the error (names of fields, offending values,
    limits), so that a program can react without parsing the message.
    """

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields: Mapping[str, Any] = dict(fields)

    def __str__(self) -> str:
        return self.message


class ValidationError(OrdercoreError, ValueError):
    """A value broke a rule: ``field`` had ``value``, and ``rule`` says what was expected."""

    def __init__(self, field: str, value: object, rule: str, **fields: Any) -> None:
        super().__init__(
            f"{field}={value!r} was refused: {rule}", field=field, value=value, rule=rule, **fields
        )
        self.field = field
        self.value = value
        self.rule = rule


class WrongType(OrdercoreError, TypeError):
    """A value of the wrong kind was given, e.g. a float where money needs exact decimals."""

    def __init__(self, field: str, value: object, rule: str) -> None:
        super().__init__(
            f"{field}={value!r} ({type(value).__name__}) was refused: {rule}",
            field=field,
            value=value,
            rule=rule,
        )
        self.field = field
        self.value = value
        self.rule = rule


class CurrencyMismatch(OrdercoreError, ValueError):
    """Two amounts in different currencies met in one operation."""

    def __init__(self, operation: str, left: str, right: str) -> None:
        super().__init__(
            f"cannot {operation} {left} and {right}: amounts in different currencies never mix; "
            "convert one of them explicitly first",
            operation=operation,
            left=left,
            right=right,
        )
        self.operation = operation
        self.left = left
        self.right = right


class UnknownCurrency(OrdercoreError, LookupError):
    """A currency code that the currency table in use does not know."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"currency={code!r} is not in the currency table in use: pass a table that defines it "
            "(CurrencyTable.default().with_currency(...))",
            currency=code,
        )
        self.code = code


class NaiveDatetime(OrdercoreError, ValueError):
    """A datetime without a timezone where ordercore needs an instant."""

    def __init__(self, field: str, value: object) -> None:
        super().__init__(
            f"{field}={value!r} was refused: it has no timezone, so it names no instant; "
            "pass a timezone-aware datetime (e.g. pendulum.datetime(..., tz='UTC'))",
            field=field,
            value=value,
        )
        self.field = field
        self.value = value


class NotFound(OrdercoreError, LookupError):
    """An entity with this id does not exist (in this store, or this aggregate)."""

    def __init__(self, kind: str, entity_id: object) -> None:
        super().__init__(f"{kind} {entity_id!r} was not found", kind=kind, entity_id=entity_id)
        self.kind = kind
        self.entity_id = entity_id


class ConcurrencyConflict(OrdercoreError, RuntimeError):
    """Somebody else saved the entity since it was read: reload it and retry the command."""

    def __init__(self, kind: str, entity_id: object, expected: int, actual: int) -> None:
        super().__init__(
            f"{kind} {entity_id!r} was saved expecting version {expected}, but the store holds "
            f"version {actual}: another writer changed it; reload and retry",
            kind=kind,
            entity_id=entity_id,
            expected_version=expected,
            actual_version=actual,
        )
        self.kind = kind
        self.entity_id = entity_id
        self.expected_version = expected
        self.actual_version = actual


class InvalidTransition(OrdercoreError, ValueError):
    """A lifecycle trigger that the entity's current state does not allow."""

    def __init__(
        self,
        lifecycle: str,
        entity_id: object,
        state: str,
        trigger: str,
        allowed: tuple[str, ...],
        reason: str = "",
    ) -> None:
        why = reason or f"{lifecycle} allows only {', '.join(allowed) or 'nothing'} from {state!r}"
        super().__init__(
            f"{lifecycle} {entity_id!r} cannot {trigger!r} while {state!r}: {why}",
            lifecycle=lifecycle,
            entity_id=entity_id,
            state=state,
            trigger=trigger,
            allowed=allowed,
        )
        self.lifecycle = lifecycle
        self.entity_id = entity_id
        self.state = state
        self.trigger = trigger
        self.allowed = allowed


class GuardRejected(InvalidTransition):
    """The trigger exists for the state, but its named guard said no."""

    def __init__(
        self, lifecycle: str, entity_id: object, state: str, trigger: str, guard: str
    ) -> None:
        super().__init__(
            lifecycle,
            entity_id,
            state,
            trigger,
            (),
            reason=f"guard {guard!r} does not hold",
        )
        self.guard = guard


class LifecycleDefinitionError(OrdercoreError, ValueError):
    """A transition table that breaks a structural rule (unreachable state, duplicate row, ...)."""

    def __init__(self, lifecycle: str, rule: str, **fields: Any) -> None:
        super().__init__(
            f"lifecycle {lifecycle!r} is not well formed: {rule}",
            lifecycle=lifecycle,
            rule=rule,
            **fields,
        )
        self.lifecycle = lifecycle
        self.rule = rule
