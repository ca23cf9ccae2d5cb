"""The errors the allocation engine raises when its input is malformed.

A shortfall is never an error: it becomes a backordered (or unfilled) quantity in the plan. These
errors are for input that cannot be planned at all, and each names the field, the value and the
rule, carrying them as structured fields too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ordercore.kernel.errors import OrdercoreError, fact

__all__ = ["DuplicateDemand", "DuplicateSupply", "LineNotInPlan", "ShortRequest"]


class DuplicateDemand(OrdercoreError, ValueError):
    """The same order (in a batch) or the same line (in an order) was given twice."""

    template = (
        "{field}={value!r} was refused: it appears twice in {scope}; "
        "each order and each line is planned once"
    )
    field: str
    value: object
    scope: str


class DuplicateSupply(OrdercoreError, ValueError):
    """Two supply rows of a snapshot share one (sku, location, lot, supply id) key."""

    template = (
        "supply={key!r} was refused: a snapshot holds one row per "
        "(sku, location, lot, supply id); sum the rows before building it"
    )
    key: tuple[str, str, str | None, str | None] = fact(listed=False)

    def _more_fields(self) -> Mapping[str, Any]:
        rule = "one row per (sku, location, lot, supply id)"
        return {"field": "supply", "value": self.key, "rule": rule}


class LineNotInPlan(OrdercoreError, LookupError):
    """A plan was asked about an (order, line) it does not hold."""

    template = "line=({order_id!r}, {line_id!r}) was not found: the plan holds no such order line"
    order_id: str = fact(listed=False)
    line_id: str = fact(listed=False)

    def _more_fields(self) -> Mapping[str, Any]:
        rule = "ask only for lines that were part of the demand"
        return {"field": "line", "value": (self.order_id, self.line_id), "rule": rule}


class ShortRequest(OrdercoreError, ValueError):
    """An all-or-nothing request was refused whole: stock cannot serve every unit it asks for.

    ``shortages`` names each short SKU with the units asked (summed over the request's lines)
    and the units free to it (after the policy's filters and channel buffers). Nothing changed.
    """

    template = (
        "request={request!r} was refused whole: {_short}; the rule is all or nothing "
        "(every unit of every line is reserved, or nothing is)"
    )
    request: str
    shortages: tuple[Any, ...] = fact(converter=tuple)

    @property
    def _short(self) -> str:
        return ", ".join(f"{s.sku} asked {s.asked}, {s.free} free" for s in self.shortages)

    def _more_fields(self) -> Mapping[str, Any]:
        return {"field": "request", "value": self.request, "rule": "all or nothing"}
