import pytest

from ordercore.channels import ChannelPayloadError
from ordercore.channels.shopify import map_inventory_level, map_inventory_levels, map_location
from ordercore.domain.inventory import Location
from tests.channels.helpers import load

SHOP = "apple.myshopify.com"


def test_stock_levels_keep_item_location_units_and_version() -> None:
    level = map_inventory_level(load("shopify", "inventory_level.json"))
    assert ("808950810", "905684977", 6, "2018-05-07T15:51:26-04:00") == (
        level.inventory_item_id,
        level.location_id,
        level.available,
        level.version.text,
    )


def test_a_page_of_stock_levels_maps_every_level() -> None:
    levels = map_inventory_levels(load("shopify", "inventory_levels.json"))
    assert [27, 1, 9, 3] == [level.available for level in levels]


def test_refuses_a_float_stock_level_naming_its_path() -> None:
    payload = load("shopify", "inventory_levels.json")
    payload["inventory_levels"][2]["available"] = 9.0
    with pytest.raises(ChannelPayloadError) as caught:
        map_inventory_levels(payload)
    assert "inventory_levels[2].available" == caught.value.path


def test_a_location_becomes_an_inventory_location() -> None:
    location = map_location(load("shopify", "location.json"), account=SHOP)
    assert ("Fifth Avenue AppleStore", True, Location(id="487838322", priority=0, region="US")) == (
        location.name,
        location.active,
        location.to_location(),
    )
