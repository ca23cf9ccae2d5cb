"""Writing a frozen value's slots gives what its constructor gives (kernel.slots)."""

import attrs
import pytest

from ordercore.kernel.slots import slot_setters


@attrs.frozen
class Base:
    """Two fields of a base event."""

    entity_id: str
    version: int


@attrs.frozen
class Moved(Base):
    """A subclass with a field of its own."""

    quantity: int


def test_gives_one_setter_a_field_base_fields_first() -> None:
    made = object.__new__(Moved)
    for put, value in zip(slot_setters(Moved), ("O-1", 2, 3), strict=True):
        put(made, value)
    assert (Moved("O-1", 2, 3), hash(Moved("O-1", 2, 3))) == (made, hash(made))


def test_a_field_added_to_the_class_breaks_the_unpacking_at_once() -> None:
    with pytest.raises(ValueError, match="too many values to unpack"):
        _set_entity_id, _set_version = slot_setters(Moved)  # one name short
