"""The root of every error ordercore raises, the one way errors are declared, and the kernel's own.

Every ordercore error:

* derives from :class:`OrdercoreError`, so a host can catch everything the library rejects
  with one ``except``;
* also derives from the builtin that matches its meaning (``ValueError`` for a bad value,
  ``LookupError`` for an unknown id, ``TypeError`` for a value of the wrong kind), so code that
  does not know ordercore still handles it sensibly;
* carries its facts as structured fields (``error.fields``) for programs, and a message for a
  person that names the field, the value and the rule that was broken.

A rejected command changes nothing: every command validates completely before it mutates.

Declaring an error
------------------
An error names each of its facts once, as a class annotation, and says its message once, as a
``template`` (a format string over the facts; a small property serves a message that needs
logic). The base reads the annotations when the class is created (``__init_subclass__``, no
metaclass, no class-inventing decorator) and gives it an ``__init__`` taking the facts in order,
the ``fields`` mapping and the message. ``typing.dataclass_transform`` tells mypy the same, so
call sites are type-checked against the declared facts:

>>> class OverBooked(OrdercoreError, ValueError):
...     '''More seats were asked than the room has.'''
...     template = "seats={requested!r} in {room} was refused: only {free} are free"
...     room: str
...     requested: int
...     free: int = 0
>>> error = OverBooked("ROOM-7", 5, free=2)
>>> str(error)
'seats=5 in ROOM-7 was refused: only 2 are free'
>>> dict(error.fields)
{'room': 'ROOM-7', 'requested': 5, 'free': 2}
>>> (error.requested, isinstance(error, ValueError))
(5, True)

:func:`fact` tunes one fact: a ``default``, a keyword ``alias`` for the parameter, the ``key`` it
has in ``fields``, ``listed=False`` to keep it out of ``fields``, a ``converter``. A fact that is
derived rather than given is a property, and ``_more_fields`` adds such values to ``fields``.
An error whose constructor differs from its parent's (a subclass that fixes some of the parent's
facts) keeps a short explicit ``__init__``: it sets its own attributes and calls the parent's.
Errors pickle (the attributes are restored, not the constructor re-run).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, dataclass_transform

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
    "fact",
]

_NO_DEFAULT: Any = inspect.Parameter.empty


class _Fact:
    """One declared fact of an error: its attribute, and how ``__init__`` and ``fields`` use it."""

    __slots__ = ("alias", "converter", "default", "key", "listed", "name")

    def __init__(
        self,
        default: Any = _NO_DEFAULT,
        alias: str | None = None,
        key: str | None = None,
        *,
        listed: bool = True,
        converter: Callable[[Any], Any] | None = None,
    ) -> None:
        self.name = ""
        self.default = default
        self.alias = alias
        self.key = key
        self.listed = listed
        self.converter = converter

    def named(self, name: str) -> _Fact:
        """This fact, bound to the attribute ``name``."""
        bound = _Fact(
            self.default, self.alias, self.key, listed=self.listed, converter=self.converter
        )
        bound.name = name
        return bound

    @property
    def parameter(self) -> str:
        """The name of the constructor's parameter."""
        return self.alias or self.name


def fact(
    *,
    default: Any = _NO_DEFAULT,
    alias: str | None = None,
    key: str | None = None,
    listed: bool = True,
    converter: Callable[[Any], Any] | None = None,
) -> Any:
    """Declare a fact of an error with options (a plain annotation needs none).

    ``default``: the value when the caller gives none; ``alias``: the constructor's parameter
    name when it differs from the attribute; ``key``: its name in ``fields`` when it differs;
    ``listed=False``: an attribute only, not in ``fields``; ``converter``: applied to the given
    value (``tuple`` to keep a sequence immutable).
    """
    return _Fact(default, alias, key, listed=listed, converter=converter)


class _Attributes(Mapping[str, Any]):
    """An error's attributes (properties included) as the namespace its template formats over."""

    def __init__(self, error: object) -> None:
        self._error = error

    def __getitem__(self, name: str) -> Any:
        try:
            return getattr(self._error, name)
        except AttributeError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(vars(self._error))

    def __len__(self) -> int:
        return len(vars(self._error))


def _restore(cls: type[OrdercoreError], state: dict[str, Any], args: tuple[Any, ...]) -> Any:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    error.args = args
    return error


def _own_facts(cls: type) -> list[_Fact]:
    declared: list[_Fact] = []
    for name, annotation in vars(cls).get("__annotations__", {}).items():
        if "ClassVar" in str(annotation):
            continue
        given = vars(cls).get(name, _NO_DEFAULT)
        found = given.named(name) if isinstance(given, _Fact) else _Fact(given).named(name)
        if isinstance(given, _Fact):
            delattr(cls, name)  # the instance sets it; the class keeps no declaration object
        declared.append(found)
    return declared


def _generated_init(facts: tuple[_Fact, ...]) -> Callable[..., None]:
    signature = inspect.Signature(
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [
            inspect.Parameter(
                f.parameter, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=f.default
            )
            for f in facts
        ]
    )

    def init(self: OrdercoreError, *args: Any, **kwargs: Any) -> None:
        given = signature.bind(self, *args, **kwargs)
        given.apply_defaults()
        for f in facts:
            value = given.arguments[f.parameter]
            setattr(self, f.name, value if f.converter is None else f.converter(value))
        self._settle()

    init.__name__ = init.__qualname__ = "__init__"
    init.__signature__ = signature  # type: ignore[attr-defined]
    return init


@dataclass_transform(eq_default=False, field_specifiers=(fact,))
class OrdercoreError(Exception):
    """Base of every error ordercore raises.

    ``fields`` holds the structured facts of the error (names of fields, offending values,
    limits), so that a program can react without parsing the message. A subclass declares its
    facts as annotations and its message as ``template`` (see the module's documentation);
    ``OrdercoreError(message, **fields)`` itself takes a ready message.
    """

    template: ClassVar[str] = "{message}"
    """The message: a format string over the error's attributes (facts and properties)."""

    refuses: ClassVar[tuple[str, str] | None] = None
    """``(fact, rule)``: the one fact this error refuses and why, reported as ``ValidationError``
    reports it (``fields`` gets ``field``, ``value`` and ``rule`` in place of the fact's entry)."""

    _facts: ClassVar[tuple[_Fact, ...]] = ()

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields: Mapping[str, Any] = dict(fields)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Read the facts the class declares, and give it an ``__init__`` unless it wrote one."""
        super().__init_subclass__(**kwargs)
        own = _own_facts(cls)
        if not own:
            return
        facts = {f.name: f for f in cls._facts}
        facts.update((f.name, f) for f in own)
        cls._facts = tuple(facts.values())
        if "__init__" not in vars(cls):
            cls.__init__ = _generated_init(cls._facts)  # type: ignore[method-assign]

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), dict(vars(self)), self.args))

    def _more_fields(self) -> Mapping[str, Any]:
        """Values for ``fields`` beyond the listed facts (derived ones, fixed names); none here."""
        return {}

    def _settle(self, **extra: Any) -> None:
        """Build ``fields`` and the message once the facts are set (``extra`` joins ``fields``)."""
        fields = {f.key or f.name: getattr(self, f.name) for f in self._facts if f.listed}
        if self.refuses is not None:
            name, rule = self.refuses
            fields.pop(name, None)
            fields.update(field=name, value=getattr(self, name), rule=rule)
        fields.update(self._more_fields())
        fields.update(extra)
        OrdercoreError.__init__(self, self.template.format_map(_Attributes(self)), **fields)


class ValidationError(OrdercoreError, ValueError):
    """A value broke a rule: ``field`` had ``value``, and ``rule`` says what was expected.

    Extra keyword arguments join ``fields`` as further facts.
    """

    template = "{field}={value!r} was refused: {rule}"
    field: str
    value: object
    rule: str

    def __init__(self, field: str, value: object, rule: str, **fields: Any) -> None:
        self.field, self.value, self.rule = field, value, rule
        self._settle(**fields)


class WrongType(OrdercoreError, TypeError):
    """A value of the wrong kind was given, e.g. a float where money needs exact decimals."""

    template = "{field}={value!r} ({_kind}) was refused: {rule}"
    field: str
    value: object
    rule: str

    @property
    def _kind(self) -> str:
        return type(self.value).__name__


class CurrencyMismatch(OrdercoreError, ValueError):
    """Two amounts in different currencies met in one operation."""

    template = (
        "cannot {operation} {left} and {right}: amounts in different currencies never mix; "
        "convert one of them explicitly first"
    )
    operation: str
    left: str
    right: str


class UnknownCurrency(OrdercoreError, LookupError):
    """A currency code that the currency table in use does not know."""

    template = (
        "currency={code!r} is not in the currency table in use: pass a table that defines it "
        "(CurrencyTable.default().with_currency(...))"
    )
    code: str = fact(key="currency")


class NaiveDatetime(OrdercoreError, ValueError):
    """A datetime without a timezone where ordercore needs an instant."""

    template = (
        "{field}={value!r} was refused: it has no timezone, so it names no instant; "
        "pass a timezone-aware datetime (e.g. pendulum.datetime(..., tz='UTC'))"
    )
    field: str
    value: object


class NotFound(OrdercoreError, LookupError):
    """An entity with this id does not exist (in this store, or this aggregate)."""

    template = "{kind} {entity_id!r} was not found"
    kind: str
    entity_id: object


class ConcurrencyConflict(OrdercoreError, RuntimeError):
    """Somebody else saved the entity since it was read: reload it and retry the command."""

    template = (
        "{kind} {entity_id!r} was saved expecting version {expected_version}, but the store "
        "holds version {actual_version}: another writer changed it; reload and retry"
    )
    kind: str
    entity_id: object
    expected_version: int = fact(alias="expected")
    actual_version: int = fact(alias="actual")


class InvalidTransition(OrdercoreError, ValueError):
    """A lifecycle trigger that the entity's current state does not allow."""

    template = "{lifecycle} {entity_id!r} cannot {trigger!r} while {state!r}: {_why}"
    lifecycle: str
    entity_id: object
    state: str
    trigger: str
    allowed: tuple[str, ...]
    reason: str = fact(default="", listed=False)
    """Why, when the table's allowed triggers do not say it (a guard, a hold)."""

    @property
    def _why(self) -> str:
        allowed = ", ".join(self.allowed) or "nothing"
        return self.reason or f"{self.lifecycle} allows only {allowed} from {self.state!r}"


class GuardRejected(InvalidTransition):
    """The trigger exists for the state, but its named guard said no."""

    def __init__(
        self, lifecycle: str, entity_id: object, state: str, trigger: str, guard: str
    ) -> None:
        self.guard = guard
        reason = f"guard {guard!r} does not hold"
        super().__init__(lifecycle, entity_id, state, trigger, (), reason=reason)


class LifecycleDefinitionError(OrdercoreError, ValueError):
    """A transition table that breaks a structural rule (unreachable state, duplicate row, ...).

    Extra keyword arguments join ``fields`` as further facts.
    """

    template = "lifecycle {lifecycle!r} is not well formed: {rule}"
    lifecycle: str
    rule: str

    def __init__(self, lifecycle: str, rule: str, **fields: Any) -> None:
        self.lifecycle, self.rule = lifecycle, rule
        self._settle(**fields)
