"""Allocation policies: a pipeline of small steps, filter → rank → allocate → split.

* **filter** - :class:`MinShelfLife`, :class:`OnHandOnly`, :class:`IncomingWithin` refuse supply
  rows (each refusal has a reason); :class:`SafetyBuffers` holds units back per sales channel.
* **rank** - :class:`OnHandFirst`, :class:`LocationPriority`, :class:`MostAvailable`,
  :class:`Closest`, :class:`Fefo`, :class:`Fifo`, :class:`Lifo`, compared in the order given.
* **allocate** - :class:`AllocationRule`: take from the ranked sources in turn (``GREEDY``) or
  from one lot per line (``ONE_LOT_PER_LINE``); ``fewest_shipments`` first tries to serve a whole
  order from one location.
* **split** - :class:`Shortfall`: backorder the rest, allow a partial (rest unfilled), or ship
  complete (all lines of an order or nothing).

A :class:`Policy` is a value; its named constructors build the common pipelines and its
``with_*`` methods return changed copies. Custom steps follow the :class:`RowFilter` and
:class:`RankStep` protocols.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import NamedTuple

import attrs
import pendulum

from ordercore.domain.allocation.filters import MinShelfLife, RowFilter, SafetyBuffers
from ordercore.domain.allocation.ranking import (
    Closest,
    DistanceFunction,
    Fefo,
    Fifo,
    Lifo,
    LocationPriority,
    MostAvailable,
    OnHandFirst,
    RankStep,
)
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = [
    "ROW_MEMO_LIMIT",
    "AllocationRule",
    "Policy",
    "Shortfall",
    "Traits",
    "traits_of",
]


class AllocationRule(enum.StrEnum):
    """How a line takes from its ranked sources."""

    GREEDY = "greedy"
    """Take from each ranked source in turn until the line is served."""
    ONE_LOT_PER_LINE = "one_lot_per_line"
    """Serve the line from a single source: the first that holds it all, else the first with any."""


class Shortfall(enum.StrEnum):
    """What happens to the part of an order that stock cannot serve."""

    BACKORDER = "backorder"
    """Allocate what there is; the rest is backordered and filled when stock arrives."""
    PARTIAL = "partial"
    """Allocate what there is; the rest is left unfilled (not queued)."""
    SHIP_COMPLETE = "ship_complete"
    """All lines of the order in full, or nothing allocated and everything backordered."""


def _filters(value: object) -> tuple[RowFilter, ...]:
    steps = tuple(value) if isinstance(value, list | tuple) else (value,)
    for step in steps:
        if not callable(getattr(step, "refusal", None)):
            raise WrongType("filters", step, "a filter step has a refusal(row, today) method")
    return steps  # checked structurally above


def _ranking(value: object) -> tuple[RankStep, ...]:
    steps = tuple(value) if isinstance(value, list | tuple) else (value,)
    for step in steps:
        if not callable(getattr(step, "key", None)) or not callable(getattr(step, "phrase", None)):
            raise WrongType("ranking", step, "a rank step has key() and phrase() methods")
    return steps  # checked structurally above


def _timezone(value: object) -> str:
    if not isinstance(value, str):
        raise WrongType("timezone", value, "a timezone is an IANA name such as 'UTC'")
    try:
        pendulum.timezone(value)
    except ValueError:
        raise ValidationError("timezone", value, "an IANA timezone name such as 'UTC'") from None
    return value


def _allocation(value: object) -> AllocationRule:
    try:
        return AllocationRule(str(value))
    except ValueError:
        rule = f"one of {', '.join(a.value for a in AllocationRule)}"
        raise ValidationError("allocation", value, rule) from None


def _shortfall(value: object) -> Shortfall:
    try:
        return Shortfall(str(value))
    except ValueError:
        rule = f"one of {', '.join(s.value for s in Shortfall)}"
        raise ValidationError("shortfall", value, rule) from None


_DEFAULT_RANKING: tuple[RankStep, ...] = (OnHandFirst(), LocationPriority(), Fefo(), Fifo())

_BUILT_IN_STATIC = (OnHandFirst, LocationPriority, Fefo, Fifo, Lifo)

ROW_MEMO_LIMIT = 4_096
"""The most entries ``Policy.row_memo`` holds; it is emptied when full."""


class Traits(NamedTuple):
    """What a planning run reads of its policy's shape, derived once when the policy is built.

    Every ``allocate`` call reads these; deriving them per run cost about 15% of a one-order plan.
    """

    static: bool
    """Every rank step is static (reads the row alone): rows are ranked once per run."""
    memo: bool
    """Every rank step is a built-in static one: rows agreeing on what they read share keys."""
    dynamic: tuple[tuple[int, RankStep], ...]
    """The dynamic rank steps and their places in the ranking."""
    phrased_once: bool
    """A row's reason text is the same for every order (no step phrases the ship-to)."""
    shelf_life_only: bool
    """Every filter is a :class:`MinShelfLife`: it never refuses a row without expiry."""
    fast: bool
    """Static ranking, greedy, no fewest shipments, no ship complete: the greedy fast path."""


def traits_of(policy: Policy) -> Traits:
    """The :class:`Traits` of ``policy`` (``Policy.traits`` holds them)."""
    ranking = policy.ranking
    static = all(step.static for step in ranking)
    return Traits(
        static=static,
        memo=all(type(step) in _BUILT_IN_STATIC for step in ranking),
        dynamic=tuple((n, step) for n, step in enumerate(ranking) if not step.static),
        phrased_once=all(
            type(step) in _BUILT_IN_STATIC or type(step) is MostAvailable for step in ranking
        ),
        shelf_life_only=all(type(step) is MinShelfLife for step in policy.filters),
        fast=(
            static
            and policy.allocation is AllocationRule.GREEDY
            and not policy.fewest_shipments
            and policy.shortfall is not Shortfall.SHIP_COMPLETE
        ),
    )


@attrs.frozen
class Policy:
    """A named allocation pipeline: filters, ranking, allocation rule, shortfall rule.

    ``timezone`` decides "today" for shelf-life and ETA filters: the date of ``now`` there.
    """

    name: str = "default"
    filters: tuple[RowFilter, ...] = attrs.field(default=(MinShelfLife(0),), converter=_filters)
    ranking: tuple[RankStep, ...] = attrs.field(default=_DEFAULT_RANKING, converter=_ranking)
    allocation: AllocationRule = attrs.field(default=AllocationRule.GREEDY, converter=_allocation)
    fewest_shipments: bool = False
    shortfall: Shortfall = attrs.field(default=Shortfall.BACKORDER, converter=_shortfall)
    buffers: SafetyBuffers = attrs.field(factory=SafetyBuffers)
    timezone: str = attrs.field(default="UTC", converter=_timezone)
    traits: Traits = attrs.field(init=False, eq=False, repr=False)
    """The policy's shape as a planning run reads it (:func:`traits_of`), derived once."""
    row_memo: dict[object, tuple[tuple[float, ...], tuple[str, str]]] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )
    """Under built-in static steps, a row's rank keys and reason text by what the steps read.

    Filled by planning runs (``SupplyRun.of``) and kept across them, so a row seen before
    costs a look-up (about a quarter of a one-order plan); at most :data:`ROW_MEMO_LIMIT` entries.
    """

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "traits", traits_of(self))

    @classmethod
    def default(cls) -> Policy:
        """On hand before incoming, then location priority, FEFO, FIFO; no expired lots."""
        return cls()

    @classmethod
    def fefo(cls, min_shelf_life_days: int = 0) -> Policy:
        """On hand first, then the lot that expires first, refusing short-dated lots."""
        return cls(
            name="fefo",
            filters=(MinShelfLife(min_shelf_life_days),),
            ranking=(OnHandFirst(), Fefo(), LocationPriority(), Fifo()),
        )

    @classmethod
    def fifo(cls) -> Policy:
        """On hand first, then the lot received first."""
        return cls(name="fifo", ranking=(OnHandFirst(), Fifo(), LocationPriority()))

    @classmethod
    def lifo(cls) -> Policy:
        """On hand first, then the lot received last."""
        return cls(name="lifo", ranking=(OnHandFirst(), Lifo(), LocationPriority()))

    @classmethod
    def location_priority(cls) -> Policy:
        """On hand first, then location priority (the default without lot rules)."""
        return cls(name="location_priority", ranking=(OnHandFirst(), LocationPriority()))

    @classmethod
    def most_available(cls) -> Policy:
        """On hand first, then the location with the most free units, then priority."""
        return cls(
            name="most_available", ranking=(OnHandFirst(), MostAvailable(), LocationPriority())
        )

    @classmethod
    def closest(cls, distance: DistanceFunction) -> Policy:
        """On hand first, then the location closest to the ship-to, then priority."""
        return cls(name="closest", ranking=(OnHandFirst(), Closest(distance), LocationPriority()))

    @classmethod
    def fewest_shipments_first(cls) -> Policy:
        """The default ranking, serving a whole order from one location when one can."""
        return cls(name="fewest_shipments", fewest_shipments=True)

    def with_filters(self, *steps: RowFilter) -> Policy:
        """A copy whose filter steps are ``steps``."""
        return attrs.evolve(self, filters=steps)

    def ranked_by(self, *steps: RankStep) -> Policy:
        """A copy whose rank steps are ``steps`` (compared in that order)."""
        return attrs.evolve(self, ranking=steps)

    def with_shortfall(self, shortfall: Shortfall) -> Policy:
        """A copy with another shortfall rule."""
        return attrs.evolve(self, shortfall=shortfall)

    def with_allocation(self, allocation: AllocationRule) -> Policy:
        """A copy with another allocation rule."""
        return attrs.evolve(self, allocation=allocation)

    def with_fewest_shipments(self, fewest_shipments: bool = True) -> Policy:
        """A copy that does (or does not) try one location per order first."""
        return attrs.evolve(self, fewest_shipments=fewest_shipments)

    def with_safety_buffers(self, units: Mapping[str, int]) -> Policy:
        """A copy holding ``units[channel]`` units per SKU and location back from each channel."""
        return attrs.evolve(self, buffers=SafetyBuffers(dict(units)))

    def named(self, name: str) -> Policy:
        """A copy called ``name`` (the plan records the policy's name)."""
        return attrs.evolve(self, name=name)
