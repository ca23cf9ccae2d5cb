"""Box choice and label data for a shipment through the Engine (issue #15).

Both commands only read: nothing is stored but their idempotency record, so a keyed repeat
returns its first result (the same boxes, the same SSCCs) and a new call issues new SSCCs.

=============================  ==============================================================
command                         what it returns
=============================  ==============================================================
:func:`choose_shipment_boxes`   the boxes for the shipment's picked units, chosen from the
                                host's box catalogue with the catalogue port's sizes and
                                weights; items that fit no box are reported, never dropped
:func:`shipment_labels`         for a packed shipment: one label per chosen box (ship-from,
                                ship-to, weight = items + tare, box dimensions, service,
                                references, an SSCC-18 from the injected sequence)
=============================  ==============================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ordercore.domain.catalogue import Product
from ordercore.domain.fulfilment import Shipment, ShipmentStatus
from ordercore.domain.orders.values import Address
from ordercore.domain.warehouse import (
    Box,
    Cartonization,
    Item,
    Label,
    SsccIssuer,
    choose_boxes,
    label_for,
)
from ordercore.kernel.errors import ValidationError
from ordercore.ports.catalogue import Catalogue
from ordercore.service import shipping
from ordercore.service.session import Session

__all__ = ["choose_shipment_boxes", "items_of", "shipment_labels"]

_PICKED = (ShipmentStatus.PICKING, ShipmentStatus.PICKED, ShipmentStatus.PACKED)


def _product(catalogue: Catalogue | None, sku: str) -> Product:
    product = None if catalogue is None else catalogue.get(sku)
    if product is None:
        rule = "box choice reads each SKU's size and weight from the Engine's catalogue"
        raise ValidationError("sku", sku, rule)
    return product


def items_of(shipment: Shipment, catalogue: Catalogue | None) -> list[Item]:
    """One :class:`Item` per picked unit of ``shipment``, sized and weighed by ``catalogue``.

    A SKU the catalogue does not know, or knows without a size or weight, is refused by name.
    """
    items: list[Item] = []
    for line_id in sorted(shipment.lines):
        line = shipment.lines[line_id]
        units = sum(pick.units for pick in line.picks)
        if units:
            item = Item.from_product(_product(catalogue, line.sku))
            items.extend([item] * units)
    return items


def choose_shipment_boxes(
    session: Session,
    shipment_id: str,
    boxes: Sequence[Box],
    catalogue: Catalogue | None,
) -> Cartonization:
    """Choose boxes for the units the shipment picked (the domain's :func:`choose_boxes`).

    Refused for a shipment with nothing picked yet and for one gone (shipped, cancelled).
    """
    shipment = shipping.shipment_of(session, shipment_id)
    if shipment.status not in _PICKED:
        rule = (
            f"boxes for shipment {shipment.id!r} are chosen for picked units, "
            "before the shipment ships"
        )
        raise ValidationError("status", str(shipment.status), rule)
    items = items_of(shipment, catalogue)
    if not items:
        raise ValidationError("shipment_id", shipment_id, "boxes are chosen for picked units")
    return choose_boxes(items, boxes)


def shipment_labels(
    session: Session,
    shipment_id: str,
    boxes: Sequence[Box],
    catalogue: Catalogue | None,
    issuer: SsccIssuer | None,
    ship_from: Address,
    service: str,
    references: Iterable[str] = (),
) -> list[Label]:
    """The labels of a packed shipment: one per box chosen for its units, each with an SSCC.

    ``references`` are printed after the order's and the shipment's ids. Refused when the
    shipment is not packed, when the Engine has no SSCC issuer, and when an item fits no box
    (the label data would leave it out).
    """
    shipment = shipping.shipment_of(session, shipment_id)
    if shipment.status is not ShipmentStatus.PACKED:
        raise ValidationError(
            "status", str(shipment.status), "labels are made for a packed shipment"
        )
    if shipment.ship_to is None:
        raise ValidationError("ship_to", None, "a label needs the shipment's ship-to address")
    if issuer is None:
        rule = "labels need the Engine's sscc issuer (company prefix and serial sequence)"
        raise ValidationError("sscc", None, rule)
    chosen = choose_boxes(items_of(shipment, catalogue), boxes)
    if chosen.unfit:
        skus = sorted({unfit.item.sku for unfit in chosen.unfit})
        raise ValidationError("unfit", skus, "every item is in a box before labels are made")
    refs = [
        shipment.order_id,
        shipment.id,
        *(r for r in references if r not in {shipment.order_id, shipment.id}),
    ]
    ship_to = shipment.ship_to
    return [
        label_for(
            package,
            issuer.next(),
            ship_from=ship_from,
            ship_to=ship_to,
            service=service,
            references=refs,
        )
        for package in chosen.packages
    ]
