"""A small JSON codec for attrs aggregates and events, so adapters can store them as documents.

A database adapter stores each aggregate as one JSON document beside its key and version (a
``jsonb`` column in PostgreSQL, ``TEXT`` in SQLite) and each outbox event the same way. The codec
is driven by the attrs field annotations, so decoding never imports a class named in the data:
an attrs value is written with a ``"__type__"`` tag, and the tag is only looked up among the
annotated class and its subclasses (how a ``list[DomainEvent]`` finds ``StockReserved``).

It knows ``None``, ``bool``, ``int``, ``str``, ``float``, ``Decimal`` (as a string, exactly),
enums (by value), pendulum/stdlib instants (ISO 8601, plus the zone name when the zone is named),
dates, durations, ``tuple``/``list``/``set``/``frozenset``, ``dict`` (an object when every key is
a string, else a list of pairs), ``NewType`` ids, unions and nested attrs classes such as
``Money``. Fields in ``skip`` (by default ``events``, ``sink``, ``_movements`` and
``_closing``: new events and ledger movements are pulled into the outbox and the ledger
stream, never stored in the aggregate's document) are left out and come back as their default.

Decoding is strict: whatever is wrong with a stored document (a missing field, a value of the
wrong type, a decimal written ``"1,5"``, an unknown zone, enum value or tag, a duration where an
instant belongs, text that is not JSON) raises :class:`~ordercore.ports.errors.CorruptDocument`
naming the document, the path inside it (``reservations['R-1'].allocations[0].units``) and the
value, never a bare ``ValueError`` or a parser's own exception. A field this release does not
know (a newer release wrote it) is refused, never dropped. A field named ``version`` must hold a
whole number >= 0. Documents the codec accepts as they are (documented accepts): a missing field
that has a default takes the default; a document without ``"__schema__"`` (written before
schemas) is read as schema 1; an instant written without an offset is read as UTC.

Schema: :meth:`Codec.dumps` of an aggregate (an attrs value with ``version`` and ``events``
fields) writes ``"__schema__": SCHEMA`` beside its fields; a document of a newer schema is refused
with an error that says to upgrade. Invariants: after decoding an attrs value the codec runs its
field validators and, when its class defines it, ``check_invariants(self) -> None``; an
aggregate author implements that hook to refuse what no command could have produced (negative
stock, buckets that do not sum), raising an ``OrdercoreError``. Either failing makes the document
corrupt.

Speed: :meth:`Codec.dumps` and :meth:`Codec.loads` (what adapters call on every command) run
per-class compiled writers and readers, closures built the first time a class or a hint is met
(never at import): a writer writes the JSON text straight from an attrs value, byte for byte
what ``json.dumps(document(value), sort_keys=True, separators=(",", ":"))`` writes; a reader
builds the value from the parsed document with each field's reader and setter worked out ahead.
:meth:`Codec.encode`, :meth:`Codec.document` and :meth:`Codec.reference_decode` are the
reference walk the compiled paths replaced and are held to: whenever a reader meets what it
cannot read, the walk reads the document again and decides (a refusal is the walk's own, path
and all). Immutable values met again (a ``Currency``, a ``Money`` in every document) are read
once per distinct document (interned) and their text is remembered per object.

>>> from ordercore.kernel.money import Money
>>> codec = Codec()
>>> codec.dumps(Money.of("19.99", "USD"))
'{"__type__":"Money","amount":"19.99","currency":{"__type__":"Currency","code":"USD","exponent":2}}'
>>> codec.loads(Money, codec.dumps(Money.of("19.99", "USD"))) == Money.of("19.99", "USD")
True
"""

from ordercore.ports.codec._codec import Codec
from ordercore.ports.codec._primitives import SCHEMA, JsonValue, type_tag

__all__ = ["SCHEMA", "Codec", "JsonValue", "type_tag"]
