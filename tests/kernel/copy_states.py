"""What a copy must hold: every field of every mutable part, as plain data (for tests of copies)."""

from typing import Any

import attrs

from ordercore.kernel import copies


def state(value: Any) -> Any:
    """Everything ``value`` holds, every attrs field (those left out of ``==`` too), as plain data.

    A field the copy forgot to write is a slot left empty: reading it raises ``AttributeError``.
    A frozen value is compared as it is (with ``==``), except the fields it leaves out of ``==``.
    """
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        if not attrs.inspect(type(value)).is_frozen or not all(f.eq for f in fields):
            return (type(value).__name__, {f.name: state(getattr(value, f.name)) for f in fields})
        return value
    if isinstance(value, dict):
        return {key: state(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [state(item) for item in value])
    return value


def generic_copy(value: Any) -> Any:
    """The copy :mod:`ordercore.kernel.copies` would make of ``value`` without its own copy."""
    return copies._mutable_copier(type(value))(value, {})  # private: what a declared copy replaces
