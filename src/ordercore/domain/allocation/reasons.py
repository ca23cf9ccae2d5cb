"""The reason strings of a plan, built once per row, location or location set where they can be.

A pick's reason is ``"<location>: <location phrases>, <n> available; <lot phrases>"``; the text
around ``<n>`` comes from the policy's rank steps and is shared by every pick of one row. A line's
reason says what was allocated, and what is backordered or unfilled and why.
"""

from __future__ import annotations

from collections.abc import Sequence

from ordercore.domain.allocation.inputs import DemandLine, Supply
from ordercore.domain.allocation.plan import Pick
from ordercore.domain.allocation.policy import AllocationRule, Policy, Shortfall

__all__ = ["FULL_FROM", "WHERE", "line_reason", "pick_phrasing"]


def pick_phrasing(row: Supply, policy: Policy, ship_to: object) -> tuple[str, str]:
    """A pick reason's text before and after its available count, from the rank steps."""
    where = [s.phrase(row, ship_to) for s in policy.ranking if s.level != "lot"]
    lot = [s.phrase(row, ship_to) for s in policy.ranking if s.level == "lot"]
    head = ", ".join(p for p in where if p)
    lots = "; ".join(p for p in lot if p)
    return (
        f"{row.location}: {head}, " if head else f"{row.location}: ",
        f" available; {lots}" if lots else " available",
    )


class _FullFrom(dict[str, str]):
    """``"allocated in full from LOC"`` strings, built once per location and shared."""

    def __missing__(self, location: str) -> str:
        text = self[location] = f"allocated in full from {location}"
        return text


FULL_FROM = _FullFrom()
"""``FULL_FROM[location]`` is ``"allocated in full from <location>"``, one shared string."""


class _Where(dict[tuple[str, ...], str]):
    """``"WH-EAST and WH-WEST"`` for the locations of several picks, built once and shared."""

    def __missing__(self, locations: tuple[str, ...]) -> str:
        text = self[locations] = " and ".join(dict.fromkeys(locations))
        return text


WHERE = _Where()
"""``WHERE[locations]`` joins the distinct locations with "and", one shared string."""


def line_reason(
    line: DemandLine,
    picks: Sequence[Pick],
    policy: Policy,
    *,
    held: int = 0,
    single: bool = False,
    known: bool = True,
) -> tuple[int, int, str]:
    """``(backordered, unfilled, reason)`` for a line served by ``picks`` under ``policy``.

    ``held`` is the channel's safety buffer, ``single`` says the whole order ships from one
    location, ``known`` whether the snapshot had any row of the SKU at all.
    """
    count = len(picks)
    where: str
    if count == 1:  # no sum or join over one pick (or none): most short lines have one
        allocated, where = picks[0].quantity, picks[0].source.location
    elif not count:
        allocated, where = 0, ""
    else:
        allocated = sum(p.quantity for p in picks)
        where = WHERE[tuple([p.source.location for p in picks])]
    short = line.quantity - allocated
    if not short:
        if single:
            return 0, 0, f"allocated in full from {where}, the one location serving the whole order"
        return 0, 0, FULL_FROM[where]
    got = f"{allocated} of {line.quantity} allocated from {where}" if picks else "nothing allocated"
    if not known:
        why = f"no stock of {line.sku} in the snapshot"
    else:
        why = f"no more {line.sku} that the policy {policy.name!r} may use"
        if policy.allocation is AllocationRule.ONE_LOT_PER_LINE and picks:
            why = f"one lot per line, and no single lot holds {line.quantity}"
        if held:
            why += f" ({held} per location held back from this channel)"
    if policy.shortfall is Shortfall.PARTIAL:
        return 0, short, f"{got}; {short} left unfilled (partial allowed): {why}"
    return short, 0, f"{got}; {short} backordered: {why}"
