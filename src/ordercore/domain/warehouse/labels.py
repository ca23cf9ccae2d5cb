"""Label data: what a shipping label says, as a plain value the host renders and prints.

ordercore makes no PDF and calls no carrier: :func:`label_for` gathers ship-from, ship-to, the
package's weight and dimensions (from :mod:`.cartonization`), the carrier service, references
(order, shipment...) and the package's SSCC (:mod:`.sscc`) with its GS1-128 element string.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ordercore.domain.catalogue.product import Dimensions
from ordercore.domain.orders.values import Address, require_text
from ordercore.domain.warehouse.cartonization import Package
from ordercore.domain.warehouse.sscc import Sscc
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = ["Label", "label_for"]


@attrs.frozen
class Label:
    """Everything a shipping label prints for one package."""

    ship_from: Address
    ship_to: Address
    weight_g: int
    dimensions: Dimensions
    service: str
    references: tuple[str, ...]
    sscc: Sscc

    @property
    def element_string(self) -> str:
        """The SSCC's GS1-128 element string, ``(00)`` and 18 digits."""
        return self.sscc.element_string


def label_for(
    package: Package,
    sscc: Sscc,
    *,
    ship_from: Address,
    ship_to: Address,
    service: str,
    references: Iterable[str] = (),
) -> Label:
    """The label of ``package``: its weight (items and tare) and box dimensions, and ``sscc``."""
    if not isinstance(package, Package):
        raise WrongType("package", package, "a label is made for a Package")
    if not isinstance(sscc, Sscc):
        raise WrongType("sscc", sscc, "a label carries an Sscc")
    for field, address in (("ship_from", ship_from), ("ship_to", ship_to)):
        if not isinstance(address, Address):
            raise WrongType(field, address, "an address is an Address value")
    require_text("service", service)
    if isinstance(references, str) or not isinstance(references, Iterable):
        raise WrongType("references", references, "references are a list of strings")
    refs = tuple(references)
    for ref in refs:
        require_text("references", ref)
    if len(set(refs)) != len(refs):
        raise ValidationError("references", list(refs), "each reference is given once")
    return Label(ship_from, ship_to, package.weight_g, package.dimensions, service, refs, sscc)
