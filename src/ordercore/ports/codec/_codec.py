"""The codec: the reference walk with its compiled writers and readers in front.

:meth:`Codec.dumps` and :meth:`Codec.loads` (what adapters call on every command) run the
compiled writers (:mod:`ordercore.ports.codec._writers`) and readers
(:mod:`ordercore.ports.codec._readers`); whatever a reader cannot read is read again by the
reference walk (:mod:`ordercore.ports.codec._walk`), which decides.
"""

from __future__ import annotations

import json
import typing
from typing import Any, TypeVar

import attrs

from ordercore.ports.codec._primitives import (
    _SCHEMA_KEY,
    SCHEMA,
    JsonValue,
    _describe,
    _is_version,
)
from ordercore.ports.codec._readers import _reader
from ordercore.ports.codec._walk import _Walk
from ordercore.ports.codec._writers import _texts
from ordercore.ports.errors import CorruptDocument

__all__ = ["Codec"]

T = TypeVar("T")


@attrs.frozen
class Codec(_Walk):
    """Encode attrs values to JSON-ready data and decode them back, guided by annotations."""

    def dumps(self, value: object) -> str:
        """``value`` as compact, key-sorted JSON text (stable: equal values give equal text).

        The text is ``json.dumps(self.document(value), sort_keys=True, separators=(",", ":"))``
        byte for byte; an attrs value is written by its class's compiled writer
        (:func:`_attrs_writer`), which writes that text without building the document first.
        """
        return _texts(self.skip).document(type(value))(value)

    def loads(self, hint: type[T], text: str | bytes) -> T:
        """The value of type ``hint`` that :meth:`dumps` wrote as ``text``.

        Raises :class:`~ordercore.ports.errors.CorruptDocument` for anything it cannot read.
        """
        try:
            data = json.loads(text)
        except (ValueError, TypeError, RecursionError) as error:
            raise CorruptDocument(
                _describe(hint), "", text, f"a document is JSON: {error}"
            ) from None
        if type(data) is dict and _SCHEMA_KEY in data:  # the parsed document is ours to change
            data = self._schema_checked(hint, data)
            del data[_SCHEMA_KEY]
        value: T = self._read(hint, data)
        return value

    def decode(self, hint: Any, data: JsonValue) -> Any:
        """The value of type ``hint`` (a class or a typing form) that ``data`` encodes.

        Raises :class:`~ordercore.ports.errors.CorruptDocument` naming the path and the value
        for anything it cannot read, and for a document of a newer schema.
        """
        if isinstance(data, dict) and _SCHEMA_KEY in data:
            data = self._schema_checked(hint, data)
            data = {key: item for key, item in data.items() if key != _SCHEMA_KEY}
        return self._read(hint, data)

    def _schema_checked(self, hint: Any, data: dict[str, JsonValue]) -> dict[str, JsonValue]:
        """``data``, once its ``"__schema__"`` is one this release reads (else refused)."""
        schema = data[_SCHEMA_KEY]
        if not _is_version(schema):
            rule = "a schema version is a whole number >= 0"
            raise CorruptDocument(_describe(hint), _SCHEMA_KEY, schema, rule)
        if typing.cast("int", schema) > SCHEMA:
            rule = (
                f"a newer release wrote this document; this release reads schema {SCHEMA} "
                "and older: upgrade ordercore to read it"
            )
            raise CorruptDocument(_describe(hint), _SCHEMA_KEY, schema, rule)
        return data

    def _read(self, hint: Any, data: JsonValue) -> Any:
        """``data`` read as ``hint`` by the compiled readers, or refused by the reference walk.

        The compiled reader of ``hint`` (:func:`_reader`) reads a sound document; whatever it
        cannot read (it raises, whatever the exception) is read again by the reference walk
        (:meth:`reference_decode`), which names the path, the value and the rule of the
        refusal, so a refusal is the same whichever path met it first.
        """
        try:
            return _reader(hint)(data)
        except Exception:  # noqa: BLE001 - any miss is re-read by the walk, which decides
            return self.reference_decode(hint, data)
