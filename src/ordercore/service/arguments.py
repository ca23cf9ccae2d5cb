"""The checks at the Engine's public boundary: each argument's kind, before anything runs.

Every Engine command passes its arguments through these before it opens a unit of work, so a
value of the wrong kind (``None``, a bool or float for a quantity, a list or dict for an id, a
naive datetime, an object of no use) is refused with a typed error naming the parameter and the
value -- ``WrongType`` (a ``TypeError``) or ``ValidationError`` (a ``ValueError``) -- and nothing
changes. They check kinds only; the rules of values (how many units, which amount) stay with
the domain, which names them.

A command declares its checks as data, ``checks={"order_id": an_id, "policy": Kind(Policy,
optional=True)}``, and the Engine's runner applies them (:func:`checked`) before anything else:
field by field in the order declared; the rules that make a list or a dict of their input hand
that on (so a generator is read once), the others leave the value as given.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar, cast

import attrs
import pendulum

from ordercore.kernel.checks import require_id, require_quantity
from ordercore.kernel.clock import instant, require_date
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = [
    "Kind",
    "Kinds",
    "Rule",
    "a_date",
    "a_flag",
    "a_quantity",
    "an_id",
    "an_instance",
    "apply",
    "bind",
    "checked",
    "ids",
    "instances",
    "optional_id",
    "optional_ids",
    "optional_instant",
    "optional_text",
    "text",
    "texts",
    "units_per_line",
]

T = TypeVar("T")

Rule = Callable[[str, Any], object]
"""One argument's check: called with the parameter's name and value, returns the value accepted."""


def an_id(field: str, value: object) -> str:
    """``value`` if it is an id: a non-empty str without outer spaces."""
    if value.__class__ is str and value and value == value.strip():
        return value  # the common case, checked here without the call (~15 per order)
    if not isinstance(value, str):
        raise WrongType(field, value, "an id is a str")
    return require_id(field, value)


def optional_id(field: str, value: object) -> str | None:
    """``None``, or an id (:func:`an_id`)."""
    return None if value is None else an_id(field, value)


def _items(field: str, value: object, what: str) -> list[Any]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise WrongType(field, value, f"{what} are given as a list (an iterable, not a str)")
    return list(value)


def ids(field: str, value: object) -> list[str]:
    """``value`` as a list of ids (any iterable of ids but a str)."""
    return [an_id(f"{field}[{i}]", item) for i, item in enumerate(_items(field, value, "ids"))]


def optional_ids(field: str, value: object) -> list[str] | None:
    """``None`` (everything), or a list of ids (:func:`ids`)."""
    return None if value is None else ids(field, value)


def text(field: str, value: object) -> str:
    """``value`` if it is a str (a reason, a carrier, a reference)."""
    if not isinstance(value, str):
        raise WrongType(field, value, "a text is a str")
    return value


def optional_text(field: str, value: object) -> str | None:
    """``None``, or a str."""
    return None if value is None else text(field, value)


def texts(field: str, value: object) -> list[str]:
    """``value`` as a list of str (tracking numbers)."""
    found = _items(field, value, "texts")
    return [text(f"{field}[{i}]", item) for i, item in enumerate(found)]


def a_quantity(field: str, value: object) -> int:
    """``value`` if it is a whole int; its range is the command's to judge.

    A bool is refused with ``ValidationError`` (as the Engine always refused one), anything
    else that is no int with ``WrongType``.
    """
    if isinstance(value, bool):
        raise ValidationError(field, value, "a quantity is a whole int, not a bool")
    return require_quantity(field, value, minimum=None)


def a_flag(field: str, value: object) -> bool:
    """``value`` if it is a bool."""
    if not isinstance(value, bool):
        raise WrongType(field, value, "a flag is True or False")
    return value


def units_per_line(field: str, value: object) -> dict[str, int]:
    """``value`` as line id → units: a mapping of ids to whole ints."""
    if not isinstance(value, Mapping):
        raise WrongType(field, value, "units per line are a mapping of line id to units")
    return {
        an_id(f"{field} key", line): a_quantity(f"{field}[{line!r}]", units)
        for line, units in value.items()
    }


def an_instance(field: str, value: object, kind: type[T]) -> T:
    """``value`` if it is a ``kind``."""
    if not isinstance(value, kind):
        raise WrongType(field, value, f"a {kind.__name__} is expected")
    return value


def instances(field: str, value: object, kind: type[T]) -> list[T]:
    """``value`` as a list of ``kind`` (any iterable of them but a str)."""
    found = _items(field, value, f"{kind.__name__}s")
    return [an_instance(f"{field}[{i}]", item, kind) for i, item in enumerate(found)]


def optional_instant(field: str, value: object) -> pendulum.DateTime | None:
    """``None``, or a timezone-aware instant (a naive datetime is refused)."""
    return None if value is None else instant(value, field)


def a_date(field: str, value: object) -> pendulum.Date:
    """``value`` as a calendar date (an instant is refused)."""
    return require_date(value, field)


@attrs.frozen
class Kind(Generic[T]):
    """The rule "an instance of ``kind``" (``None`` too when ``optional``), as a value."""

    kind: type[T]
    """The type the argument must be an instance of."""
    optional: bool = False
    """Whether ``None`` is accepted."""

    def __call__(self, field: str, value: object) -> T | None:
        """``value`` if it is a ``kind`` (or ``None`` and optional); else ``WrongType``."""
        if value is None and self.optional:
            return None
        return an_instance(field, value, self.kind)


@attrs.frozen
class Kinds(Generic[T]):
    """The rule "a list of ``kind``" (any iterable of them but a str), as a value."""

    kind: type[T]
    """The type every item must be an instance of."""

    def __call__(self, field: str, value: object) -> list[T]:
        """``value`` as a list of ``kind`` (:func:`instances`)."""
        return instances(field, value, self.kind)


def checked(checks: Mapping[str, Rule], arguments: Mapping[str, object]) -> dict[str, object]:
    """``arguments`` with every field named in ``checks`` checked, in the order of ``checks``.

    A rule that collects its input (a list of an iterable, a dict of a mapping: ``ids``,
    ``optional_ids``, ``texts``, ``units_per_line``, ``Kinds``) hands on what it collected; every
    other rule only checks, and the field keeps the value given. The first refused field raises
    its typed error and nothing else is checked.
    """
    return _accepted(arguments, _collect(checks, arguments))


def apply(
    checks: Mapping[str, Rule], command: Callable[..., T], arguments: Mapping[str, object]
) -> tuple[Callable[..., T], dict[str, object]]:
    """Check ``arguments`` (:func:`checked`); the command with the checked values, and them.

    A ``command`` given as ``functools.partial(handler, field=value, ...)`` gets the checked
    value of every field it binds under the name it is checked under (a list for an iterable
    the caller passed, so a generator is read once); any other command is returned as it is.
    """
    bound, collected = bind(checks, command, arguments)
    return bound, _accepted(arguments, collected)


def bind(
    checks: Mapping[str, Rule], command: Callable[..., T], arguments: Mapping[str, object]
) -> tuple[Callable[..., T], dict[str, object] | None]:
    """:func:`apply` without building the checked arguments: the command, and what was collected.

    The second item holds the values the collecting rules made (``None`` when no rule did), so
    ``{**arguments, **collected}`` is what :func:`apply` returns; the Engine builds that only
    when it needs it (a call with an idempotency key fingerprints it).
    """
    # one pass: check each field, keep what a collecting rule made, and note a bound value
    # that is not the checked one (the Engine runs this once per command)
    bound = command.keywords if isinstance(command, functools.partial) else _NOTHING
    collected: dict[str, object] | None = None
    changed: dict[str, object] | None = None
    for field, rule in checks.items():
        given = arguments[field]
        value = rule(field, given)
        # a plain function is looked up in the set; a rule value (Kind, Kinds) is not hashed
        if rule in _COLLECTING if rule.__class__ is _FUNCTION else isinstance(rule, Kinds):
            if collected is None:
                collected = {}
            collected[field] = value
        elif bound.get(field, given) is given:  # the common case: a check, bound as given
            continue
        else:
            value = given  # a rule that only checks: the field keeps the value given
        if field in bound and value is not bound[field]:
            if changed is None:
                changed = {}
            changed[field] = value
    if changed is None:  # every bound value is the checked one (the rules that only check)
        return command, collected
    partial = cast("functools.partial[T]", command)
    return functools.partial(partial.func, *partial.args, **{**bound, **changed}), collected


def _collect(
    checks: Mapping[str, Rule], arguments: Mapping[str, object]
) -> dict[str, object] | None:
    """Check every field in order; what the collecting rules made of theirs (``None``: none)."""
    return bind(checks, _collect, arguments)[1]


def _accepted(
    arguments: Mapping[str, object], collected: dict[str, object] | None
) -> dict[str, object]:
    accepted = dict(arguments)
    if collected is not None:
        accepted.update(collected)
    return accepted


_NOTHING: Mapping[str, object] = MappingProxyType({})
_COLLECTING: frozenset[Rule] = frozenset({ids, optional_ids, texts, units_per_line})
_FUNCTION = type(ids)
