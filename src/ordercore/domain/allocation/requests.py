"""Request policies: what happens to a request that stock cannot serve in full.

* :attr:`RequestPolicy.ALLOCATE_AND_BACKORDER` (today's rule, the default): reserve what there
  is and backorder the rest (as the allocation policy's ``shortfall`` says);
* :attr:`RequestPolicy.ALL_OR_NOTHING`: refuse the request whole with :class:`ShortRequest`,
  naming each short SKU with the units asked and the units free, and change nothing.

:class:`RequestPolicies` chooses one per channel (with a default); a host may also name one per
request. :func:`shortages` reads a plan's short SKUs and :func:`require_whole` refuses a plan
that leaves anything short. Plan the request with :func:`whole_policy` (a partial shortfall), so
that what a ship-complete or one-location policy would have undone still counts as free.

>>> policies = RequestPolicies(channels={"b2b": RequestPolicy.ALL_OR_NOTHING})
>>> str(policies.for_channel("b2b")), str(policies.for_channel("shopify"))
('all_or_nothing', 'allocate_and_backorder')
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from ordercore.domain.allocation.errors import ShortRequest
from ordercore.domain.allocation.plan import Plan
from ordercore.domain.allocation.policy import Policy, Shortfall
from ordercore.kernel.errors import ValidationError, WrongType

__all__ = [
    "RequestPolicies",
    "RequestPolicy",
    "Shortage",
    "require_whole",
    "shortages",
    "whole_policy",
]


class RequestPolicy(enum.StrEnum):
    """Whether a request that stock cannot serve in full is served in part or refused whole."""

    ALLOCATE_AND_BACKORDER = "allocate_and_backorder"
    """Reserve what there is; the rest follows the allocation policy's shortfall rule."""
    ALL_OR_NOTHING = "all_or_nothing"
    """Reserve every unit of every line, or refuse the request whole and change nothing."""


def _request_policy(value: object) -> RequestPolicy:
    try:
        return RequestPolicy(str(value))
    except ValueError:
        rule = f"one of {', '.join(p.value for p in RequestPolicy)}"
        raise ValidationError("request_policy", value, rule) from None


def _channels(value: object) -> dict[str, RequestPolicy]:
    if not isinstance(value, Mapping):
        raise WrongType("channels", value, "a mapping of channel name to RequestPolicy")
    return {str(channel): _request_policy(policy) for channel, policy in value.items()}


@attrs.frozen
class RequestPolicies:
    """The request policy per sales channel, and the ``default`` for every other channel."""

    default: RequestPolicy = attrs.field(
        default=RequestPolicy.ALLOCATE_AND_BACKORDER, converter=_request_policy
    )
    channels: Mapping[str, RequestPolicy] = attrs.field(factory=dict, converter=_channels)

    def for_channel(self, channel: str | None) -> RequestPolicy:
        """The policy of ``channel`` (``None``: an order with no channel gets the default)."""
        if channel is None:
            return self.default
        return self.channels.get(channel, self.default)


@attrs.frozen
class Shortage:
    """One SKU a request cannot get in full: ``asked`` units, ``free`` to it."""

    sku: str
    asked: int
    free: int


def shortages(plan: Plan) -> tuple[Shortage, ...]:
    """The SKUs ``plan`` could not serve in full, sorted by SKU (empty when it serves all).

    ``asked`` sums the SKU's lines; ``free`` is what the plan could reserve of it.
    """
    asked: dict[str, int] = {}
    served: dict[str, int] = {}
    for line in plan.lines:
        sku = str(line.sku)
        asked[sku] = asked.get(sku, 0) + line.quantity
        served[sku] = served.get(sku, 0) + line.allocated
    return tuple(
        Shortage(sku, asked[sku], served[sku]) for sku in sorted(asked) if served[sku] < asked[sku]
    )


def require_whole(plan: Plan, request: str) -> None:
    """Refuse ``plan`` with :class:`ShortRequest` unless it serves every unit it was asked for."""
    short = shortages(plan)
    if short:
        raise ShortRequest(request, short)


def whole_policy(policy: Policy) -> Policy:
    """``policy`` planning an all-or-nothing request: short lines stay visible (partial).

    A ship-complete policy would undo a short order's picks and report nothing free; planning
    with a partial shortfall keeps what is free to the request in the plan, and a request that
    is served in full gets the same picks either way.
    """
    return policy.with_shortfall(Shortfall.PARTIAL)
