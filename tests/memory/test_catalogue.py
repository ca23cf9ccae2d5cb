"""The in-memory catalogue: products by SKU and barcode, one product per barcode."""

import pytest

from ordercore.domain.catalogue import Product
from ordercore.kernel.errors import ValidationError, WrongType
from ordercore.memory.catalogue import MemoryCatalogue
from ordercore.ports.catalogue import Catalogue
from ordercore.ports.errors import DuplicateEntity

CLOCK = Product("RETRO-CLOCK", "Retro clock", barcodes=("4006381333931", "RC-1"))


def test_finds_a_product_by_sku_and_by_any_of_its_barcodes() -> None:
    catalogue: Catalogue = MemoryCatalogue([CLOCK])
    assert CLOCK == catalogue.get("RETRO-CLOCK")
    assert CLOCK == catalogue.by_barcode("RC-1")
    assert (None, None) == (catalogue.get("MOON-ROCK"), catalogue.by_barcode("000"))


def test_adding_a_sku_twice_is_refused() -> None:
    catalogue = MemoryCatalogue([CLOCK])
    with pytest.raises(DuplicateEntity):
        catalogue.add(Product("RETRO-CLOCK", "Another clock"))
    assert CLOCK == catalogue.get("RETRO-CLOCK")


def test_a_barcode_names_one_product_and_a_refused_add_changes_nothing() -> None:
    catalogue = MemoryCatalogue([CLOCK])
    with pytest.raises(ValidationError) as caught:
        catalogue.add(Product("BLUE-VASE", "Vase", barcodes=("VASE-1", "RC-1")))
    assert ("barcodes", "RC-1") == (caught.value.field, caught.value.value)
    assert (None, None, 1) == (
        catalogue.get("BLUE-VASE"),
        catalogue.by_barcode("VASE-1"),
        len(catalogue),
    )


def test_replacing_a_product_moves_its_barcodes() -> None:
    catalogue = MemoryCatalogue([CLOCK])
    renamed = Product("RETRO-CLOCK", "Retro clock, red", barcodes=("RC-2",), sellable=False)
    catalogue.replace(renamed)
    assert (renamed, None, renamed) == (
        catalogue.get("RETRO-CLOCK"),
        catalogue.by_barcode("RC-1"),
        catalogue.by_barcode("RC-2"),
    )


def test_only_products_are_held() -> None:
    with pytest.raises(WrongType):
        MemoryCatalogue().add("RETRO-CLOCK")  # type: ignore[arg-type]
