"""The decoded-documents cache of the SQL stores: each text decoded once, never shared."""

from pathlib import Path
from typing import Any

import pytest

from ordercore.domain.inventory import StockItem
from ordercore.kernel.errors import ValidationError
from ordercore.ports.codec import Codec
from ordercore.ports.documents import DecodedDocuments
from ordercore_sqlite import SqliteStore

CODEC = Codec()


class CountingCodec:
    """A codec that counts its decodings (it stands in for a ``Codec``)."""

    def __init__(self) -> None:
        self.loaded = 0

    def loads(self, cls: Any, text: str) -> Any:
        self.loaded += 1
        return CODEC.loads(cls, text)

    def dumps(self, value: object) -> str:
        return CODEC.dumps(value)


def counting() -> Any:
    return CountingCodec()


def test_decodes_the_same_text_once_and_hands_out_copies() -> None:
    codec = counting()
    cache = DecodedDocuments()
    body = codec.dumps(StockItem("SKU-1"))
    first = cache.decoded(codec, StockItem, "stock", body)
    second = cache.decoded(codec, StockItem, "stock", body)
    assert (1, True, False) == (codec.loaded, first == second, first is second)


def test_what_a_reader_changes_is_not_what_the_next_reader_gets() -> None:
    cache = DecodedDocuments()
    body = CODEC.dumps(StockItem("SKU-1"))
    first = cache.decoded(CODEC, StockItem, "stock", body)
    first.safety_stock["WH-1"] = 5
    second = cache.decoded(CODEC, StockItem, "stock", body)
    assert {} == second.safety_stock


def test_a_changed_text_under_the_same_key_is_decoded_again() -> None:
    codec = counting()
    cache = DecodedDocuments()
    cache.decoded(codec, StockItem, "stock", codec.dumps(StockItem("SKU-1")))
    moved = codec.dumps(StockItem("SKU-1", version=3))
    found = cache.decoded(codec, StockItem, "stock", moved)
    assert (2, 3) == (codec.loaded, found.version)


def test_keeps_at_most_its_limit_dropping_the_one_kept_longest_ago() -> None:
    codec = counting()
    cache = DecodedDocuments(limit=2)
    bodies = {sku: codec.dumps(StockItem(sku)) for sku in ("A", "B", "C")}
    for sku in ("A", "B", "C"):
        cache.decoded(codec, StockItem, "stock", bodies[sku])
    cache.decoded(codec, StockItem, "stock", bodies["C"])
    cache.decoded(codec, StockItem, "stock", bodies["A"])
    assert (2, 4) == (len(cache), codec.loaded)


@pytest.mark.parametrize("limit", [0, -1, True, 2.5, "10"])
def test_refuses_a_limit_that_is_not_a_positive_whole_number(limit: Any) -> None:
    with pytest.raises(ValidationError, match="a store keeps at least one decoded document"):
        DecodedDocuments(limit=limit)


def test_a_text_kept_by_a_staging_is_read_back_without_decoding() -> None:
    codec = counting()
    cache = DecodedDocuments()
    item = StockItem("SKU-1", version=4)
    body = codec.dumps(item)
    cache.keep("stock", body, item)
    item.safety_stock["WH-1"] = 9  # changed after it was written: not what the text says
    found = cache.decoded(codec, StockItem, "stock", body)
    assert (0, StockItem("SKU-1", version=4)) == (codec.loaded, found)


def test_a_document_the_sqlite_store_wrote_is_read_back_equal_to_a_decoding(
    tmp_path: Path,
) -> None:
    store = SqliteStore(str(tmp_path / "shop.db"))
    store.migrate()
    with store.unit_of_work() as uow:
        uow.repository("stock").add(StockItem("SKU-1"))
        uow.commit()
    with store.unit_of_work() as uow:
        cached = uow.repository("stock").get("SKU-1")
    store.decoded = None  # type: ignore[assignment]
    with store.unit_of_work() as uow:
        decoded = uow.repository("stock").get("SKU-1")
    assert decoded == cached
