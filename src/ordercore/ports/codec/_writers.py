"""Compiled writers: JSON text without the document.

``dumps`` is ``json.dumps(document(value), sort_keys=True, separators=(",", ":"))``. A writer
produces that text directly: per attrs class (and per ``skip``), its fields' keys sorted and
escaped once, each field's text taken by the class of its value. Plain text, whole numbers,
flags, null, decimals, instants, lists and attrs values are written here; every other class of
value (floats, mappings, sets, dates, durations, what the codec refuses) is written by the
reference (``json`` over :meth:`Codec.encode`), which is the same text by construction. The
text of an immutable attrs value is remembered for as long as that very object is kept.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import json
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeAlias

import attrs
import pendulum

from ordercore.kernel.copies import immutable_type
from ordercore.kernel.errors import ValidationError
from ordercore.ports.codec._primitives import (
    _INTERNED,
    _SCHEMA_KEY,
    _TAG,
    SCHEMA,
    _getter,
    _layout,
    _plan,
)
from ordercore.ports.codec._walk import _Walk

_Text: TypeAlias = "typing.Callable[[Any], str]"
_ESCAPE: typing.Callable[[str], str] = json.encoder.encode_basestring_ascii
_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
"""``json.dumps(..., sort_keys=True, separators=(",", ":"))``, without building an encoder."""


class _Texts(dict[type, _Text]):
    """The writer of each class of value for one ``skip``, built the first time it is written."""

    def __init__(self, skip: frozenset[str]) -> None:
        super().__init__()
        self.codec = _Walk(skip=skip)
        self.top: dict[type, _Text] = {}
        """Writers of a whole document: an aggregate's also writes ``"__schema__"``."""

    def __missing__(self, cls: type) -> _Text:
        text = self[cls] = _text_writer(cls, self)
        return text

    def document(self, cls: type) -> _Text:
        """The writer of a whole document of ``cls``."""
        found = self.top.get(cls)
        if found is None:
            if attrs.has(cls) and not issubclass(cls, float | _dt.date | _dt.timedelta):
                # written once as a whole (an aggregate, an outbox event): nothing to remember
                schema = _plan(cls).aggregate
                found = _attrs_writer(cls, self, schema=schema, remember=False)
            else:
                found = self[cls]
            self.top[cls] = found
        return found


@functools.cache
def _texts(skip: frozenset[str]) -> _Texts:
    return _Texts(skip)


def _text_writer(cls: type, texts: _Texts) -> _Text:  # noqa: PLR0911 - in _encoder_for's order
    """The writer of values of exactly ``cls``: :func:`_encoder_for`'s rules, as JSON text."""
    reference = _reference_writer(texts.codec)
    if issubclass(cls, enum.Enum):  # a member's text is remembered: members live for ever
        return _remembered(lambda value: texts[type(value.value)](value.value))
    if cls is type(None):
        return lambda _: "null"
    if cls is bool:
        return lambda value: "true" if value else "false"
    if issubclass(cls, int):
        return int.__repr__  # what json writes for an int or an int subclass
    if cls is str:
        return _ESCAPE
    if issubclass(cls, str | Decimal):
        return lambda value: _ESCAPE(str(value))
    if issubclass(cls, _dt.datetime):
        return _remembered(_instant_text) if issubclass(cls, pendulum.DateTime) else _instant_text
    if attrs.has(cls) and not issubclass(cls, float | _dt.date | _dt.timedelta):
        return _attrs_writer(cls, texts, schema=False, remember=immutable_type(cls))
    if cls is dict:
        return _mapping_writer(texts, reference)
    if issubclass(cls, list | tuple) and not issubclass(cls, Mapping | set | frozenset):
        return lambda value: "[" + ",".join([texts[type(i)](i) for i in value]) + "]"
    return reference  # floats, dates, durations, mappings, sets, and what the codec refuses


_PLAIN_TEXT = frozenset({str})


def _mapping_writer(texts: _Texts, reference: _Text) -> _Text:
    """A dict: an object with sorted keys when every key is plain text, else a list of pairs."""

    def write(value: dict[Any, Any]) -> str:
        kinds = set(map(type, value))
        if kinds <= _PLAIN_TEXT:
            items = sorted(value.items())  # plain text keys: no two equal, values never compared
            return "{" + ",".join([_ESCAPE(k) + ":" + texts[type(v)](v) for k, v in items]) + "}"
        if not any(issubclass(kind, str) for kind in kinds):
            pairs = [f"[{texts[type(k)](k)},{texts[type(v)](v)}]" for k, v in value.items()]
            return "[" + ",".join(pairs) + "]"
        return reference(value)  # text subclasses as keys: the reference turns them to text

    return write


def _reference_writer(codec: _Walk) -> _Text:
    return lambda value: _JSON(codec.encode(value))


def _instant_text(value: _dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValidationError("value", value, "only timezone-aware instants are stored")
    if isinstance(value.tzinfo, pendulum.Timezone):
        return f"[{_ESCAPE(value.isoformat())},{_ESCAPE(value.tzinfo.name)}]"
    return _ESCAPE(value.isoformat())


def _attrs_writer(cls: type, texts: _Texts, *, schema: bool, remember: bool) -> _Text:
    """An attrs class's object: its keys in sorted order, the tag (and schema) among them.

    ``remember``: the class is immutable and its values are met again (a Money in many
    documents), so the text of each object is kept with it (:func:`_remembered`).
    """
    tag, names = _layout(cls, texts.codec.skip)
    fixed = {_TAG: _ESCAPE(tag)} | ({_SCHEMA_KEY: str(SCHEMA)} if schema else {})
    keys = sorted([*fixed, *names])
    get = _getter([key for key in keys if key not in fixed])
    # the whole object as one %-template in key order (the tag and schema written in it), its
    # values' texts put in by one %: no key + text concatenation per field, no zip, no insert
    # (dumps ~18% faster); a % in a key's text is written %%
    entries = [
        f"{_ESCAPE(k)}:{fixed[k]}".replace("%", "%%")
        if k in fixed
        else f"{_ESCAPE(k)}:".replace("%", "%%") + "%s"
        for k in keys
    ]
    template = "{" + ",".join(entries) + "}"

    def write(value: Any) -> str:
        return template % tuple([texts[type(i)](i) for i in get(value)])

    return _remembered(write) if remember else write


def _remembered(write: _Text) -> _Text:
    """``write``, remembering the text of each object it wrote; for immutable values only.

    The object is kept alive beside its text, so its id is not reused while remembered.
    """
    written: dict[int, tuple[Any, str]] = {}

    def text(value: Any) -> str:
        found = written.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        made = write(value)
        if len(written) >= _INTERNED:
            written.clear()
        written[id(value)] = (value, made)
        return made

    return text
