from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from ordercore.channels import (
    ExternalCustomer,
    ExternalRef,
    ExternalVersion,
    ImportedLine,
    ImportOrder,
    StatedTotal,
    TotalKind,
    TotalsDoNotReconcile,
    assemble_order,
)
from ordercore.channels.shopify import map_order
from ordercore.domain.orders import Address, Discount, OrderStatus, ShippingCharge, TaxLine
from ordercore.kernel.clock import FixedClock
from ordercore.kernel.ids import Sku
from ordercore.kernel.money import Money
from ordercore.memory import MemoryStore
from ordercore.service import Engine
from ordercore.testing.strategies_channels import shopify_order_payloads
from tests.channels.helpers import NOW, load

EUR = Money.zero("EUR").currency
HOME = Address(name="Ada", line1="1 Main St", city="Berlin", postal_code="10115", country="DE")


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


CLOCK_LINE = ImportedLine(
    external_line_id="1",
    sku=Sku("RETRO-CLOCK"),
    quantity=2,
    unit_price=eur("20.00"),
    discounts=(Discount(code_or_reason="line promo", amount=eur("1.00")),),
    tax_lines=(TaxLine(name="VAT", rate=Decimal("0.19"), amount=eur("7.03")),),
)


def imported(stated: tuple[StatedTotal, ...] = (), *, strict: bool = False) -> ImportOrder:
    return assemble_order(
        ref=ExternalRef("webshop", "eu", "A-1"),
        version=ExternalVersion.at(NOW),
        number="A-1",
        placed_at=NOW,
        currency=EUR,
        customer=ExternalCustomer(email="ada@example.com"),
        ship_to=HOME,
        bill_to=None,
        lines=(CLOCK_LINE,),
        discounts=(Discount(code_or_reason="WELCOME", amount=eur("2.00")),),
        shipping=(ShippingCharge(method="DHL", amount=eur("4.90"), tax=eur("0.93")),),
        stated=stated,
        strict=strict,
    )


def test_the_computed_totals_count_line_and_order_discounts_and_shipping_tax() -> None:
    totals = imported().totals
    assert (eur("40.00"), eur("3.00"), eur("37.00"), eur("4.90"), eur("7.96"), eur("49.86")) == (
        totals.line_items,
        totals.discounts,
        totals.subtotal,
        totals.shipping,
        totals.tax,
        totals.total,
    )


def test_the_draft_totals_agree_with_the_import() -> None:
    order = imported()
    draft = order.draft(order_id="order-1", customer_id="ada", now=NOW)
    assert order.totals.total == draft.total


def test_an_assembly_with_stated_totals_carries_their_checks() -> None:
    stated = (StatedTotal(kind=TotalKind.TOTAL, field="grand_total", amount=eur("49.86")),)
    assert (1, True) == (
        len(imported(stated).reconciliation.checks),
        imported(stated).reconciliation.reconciles,
    )


def test_a_strict_assembly_refuses_a_wrong_total() -> None:
    stated = (StatedTotal(kind=TotalKind.TOTAL, field="grand_total", amount=eur("50.00")),)
    with pytest.raises(TotalsDoNotReconcile) as caught:
        imported(stated, strict=True)
    assert ("grand_total",) == caught.value.fields["fields"]


def test_the_engine_places_the_draft_of_the_real_shopify_order() -> None:
    store = MemoryStore()
    engine = Engine(store, FixedClock(NOW), payment_first=False)
    draft = map_order(load("shopify", "order.json"), account="apple").draft(
        order_id="order-1", customer_id="bob", now=NOW
    )
    engine.place_order(draft)
    placed = store.read("orders", "order-1")
    assert placed is not None
    assert (OrderStatus.PLACED, "450789469") == (
        placed.status,
        placed.channel.external_id if placed.channel else None,
    )


@given(shopify_order_payloads())
def test_every_imported_line_becomes_a_draft_line_with_its_sku_quantity_and_price(
    payload: dict[str, Any],
) -> None:
    order = map_order(payload, account="retro-shop")
    draft = order.draft(order_id="order-1", customer_id="ada", now=NOW)
    assert [(li.sku, li.quantity, li.unit_price) for li in order.lines] == [
        (li.sku, li.quantity, li.unit_price) for li in draft.lines.values()
    ]
