"""The errors the allocation engine raises when its input is malformed.

A shortfall is never an error: it becomes a backordered (or unfilled) quantity in the plan. These
errors are for input that cannot be planned at all, and each names the field, the value and the
rule, carrying them as structured fields too.
"""

from __future__ import annotations

from ordercore.kernel.errors import OrdercoreError

__all__ = ["DuplicateDemand", "DuplicateSupply", "LineNotInPlan"]


class DuplicateDemand(OrdercoreError, ValueError):
    """The same order (in a batch) or the same line (in an order) was given twice."""

    def __init__(self, field: str, value: object, scope: str) -> None:
        super().__init__(
            f"{field}={value!r} was refused: it appears twice in {scope}; "
            "each order and each line is planned once",
            field=field,
            value=value,
            scope=scope,
        )
        self.field = field
        self.value = value
        self.scope = scope


class DuplicateSupply(OrdercoreError, ValueError):
    """Two supply rows of a snapshot share one (sku, location, lot, supply id) key."""

    def __init__(self, key: tuple[str, str, str | None, str | None]) -> None:
        super().__init__(
            f"supply={key!r} was refused: a snapshot holds one row per "
            "(sku, location, lot, supply id); sum the rows before building it",
            field="supply",
            value=key,
            rule="one row per (sku, location, lot, supply id)",
        )
        self.key = key


class LineNotInPlan(OrdercoreError, LookupError):
    """A plan was asked about an (order, line) it does not hold."""

    def __init__(self, order_id: str, line_id: str) -> None:
        super().__init__(
            f"line=({order_id!r}, {line_id!r}) was not found: the plan holds no such order line",
            field="line",
            value=(order_id, line_id),
            rule="ask only for lines that were part of the demand",
        )
        self.order_id = order_id
        self.line_id = line_id
