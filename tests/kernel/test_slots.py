"""Writing a frozen value's slots gives what its constructor gives (kernel.slots)."""

import attrs
import pytest

from ordercore.kernel.slots import draft_class


@attrs.frozen
class Base:
    """Two fields of a base event."""

    entity_id: str
    version: int


@attrs.frozen
class Moved(Base):
    """A subclass with a field of its own."""

    quantity: int


def test_a_draft_that_misses_a_field_is_caught_by_comparing_it_with_the_constructor() -> None:
    made = draft_class(Moved)()
    made.entity_id, made.version = "O-1", 2  # quantity, a field of the subclass, left out
    made.__class__ = Moved
    with pytest.raises(AttributeError, match="quantity"):
        assert Moved("O-1", 2, 3) == made


def built_from_draft() -> Moved:
    made = draft_class(Moved)()
    made.entity_id, made.version, made.quantity = "O-1", 2, 3
    made.__class__ = Moved
    built: Moved = made
    return built


def test_a_draft_once_its_class_is_set_is_what_the_constructor_builds() -> None:
    made = built_from_draft()
    expected = Moved("O-1", 2, 3)
    assert (Moved, expected, hash(expected), repr(expected)) == (
        type(made),
        made,
        hash(made),
        repr(made),
    )


def test_a_built_draft_is_frozen_like_any_value_of_its_class() -> None:
    made = built_from_draft()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.quantity = 4  # type: ignore[misc]
    assert 3 == made.quantity


def test_a_draft_adds_no_slot_and_no_dict_to_its_class() -> None:
    draft = draft_class(Moved)
    assert (Moved.__basicsize__, 0, True) == (
        draft.__basicsize__,
        draft.__dictoffset__,
        issubclass(draft, Moved),
    )


class Plain:
    """Not an attrs class."""


@attrs.frozen(slots=False)
class WithDict:
    """An attrs class without slots."""

    quantity: int


@attrs.frozen(cache_hash=True)
class Cached:
    """A slotted attrs class that keeps its hash in a slot no field names."""

    quantity: int


@attrs.frozen
class WithNew:
    """A slotted attrs class with a ``__new__`` of its own (a draft would call it)."""

    quantity: int

    def __new__(cls, *_args: object, **_kwargs: object) -> "WithNew":
        return super().__new__(cls)


@pytest.mark.parametrize("cls", [Plain, WithDict, Cached, WithNew])
def test_a_draft_is_refused_for_a_class_whose_slots_its_fields_do_not_cover(cls: type) -> None:
    with pytest.raises(TypeError):
        draft_class(cls)
