"""The selling rules of :class:`~ordercore.testing.stateful_engine.EngineMachine` (issue #17).

A mixin (kept apart so each module stays small): checkouts hold, change and let go of stock;
orders are allocated all or nothing; damaged stock is written off and counted (lost units are
re-served elsewhere or backordered). Its checks, after every accepted step: a checkout holds
exactly what it last asked for (never the sum of its requests), and an all-or-nothing order is
either allocated in full or left as it was. Orders are made pickup orders (a store chosen, or
shipping chosen again); after every step a pickup order holds stock only at its store, on hand.

The leftovers of #17: an order is allocated while no location may backorder (it is served in
full or refused whole, its backorders never grow); backorders are filled for an all-or-nothing
order (every backordered unit, or none); checkouts preorder against incoming supply under the
clocks' preorder cap (a checkout still holds exactly what it last asked for, and the units
checkouts hold against incoming never exceed the cap); a checkout sometimes comes from a sales
channel (its hold is what it asked for less what the result says is short).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
import pendulum
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from ordercore.domain.allocation import PreorderCaps, RequestPolicies, RequestPolicy
from ordercore.domain.inventory import StockItem
from ordercore.domain.orders import Order
from ordercore.testing.stateful_store import read_stored

if TYPE_CHECKING:
    from ordercore.memory.store import StoreSnapshot
    from ordercore.service import Engine
    from ordercore.service.checkouts import CheckoutHold
    from ordercore.testing.stateful_store import MachineStore

__all__ = ["SellingRules"]

_SKUS = ("RETRO-CLOCK", "BLUE-VASE", "GREEN-LAMP")
_PLACES = ("WH-EAST", "WH-WEST")
_CARTS = ("cart-1", "cart-2")
_PREORDER_CAP = 4
_CAPS = PreorderCaps(per_sku={"RETRO-CLOCK": _PREORDER_CAP}, per_channel={"shopify": 2})
"""Clocks may be preordered (4 units against incoming supply, Shopify's carts while fewer than 2
are promised); vases and lamps may not."""


def _check(condition: bool, what: object) -> None:
    if not condition:
        raise AssertionError(str(what))


class SellingRules:
    """Checkout, all-or-nothing and shrinking rules with their checks, for the Engine machine."""

    engine: Engine
    store: MachineStore
    orders: list[str]
    supplies: list[tuple[str, str]]

    if TYPE_CHECKING:

        def snapshot(self) -> StoreSnapshot:
            """Everything the store holds (the machine's own)."""
            ...

        def attempt(self, command: Callable[[], Any]) -> bool:
            """Run a command; a refusal must change nothing (the machine's own)."""
            ...

        def attempt_keyed(self, name: str, *args: Any, **kwargs: Any) -> bool:
            """Run Engine command ``name`` with a key the machine retries (its own)."""
            ...

        def order(self, pick: int) -> Order | None:
            """The ``pick``-th order (the machine's own)."""
            ...

    def _waiting(self, pick: int, bucket: str) -> Order | None:
        """The ``pick``-th order (modulo) with units in ``bucket`` (``None`` when none has)."""
        found = [
            order
            for order_id in self.orders
            if isinstance(order := read_stored(self.store, "orders", order_id), Order)
            and any(getattr(line.ledger, bucket) for line in order.lines.values())
        ]
        return found[pick % len(found)] if found else None

    def _held(self, cart: str, sku: str) -> int:
        item = read_stored(self.store, "stock", sku)
        hold = item.checkout_hold(cart) if isinstance(item, StockItem) else None
        return 0 if hold is None else hold.quantity

    @rule(
        cart=st.sampled_from(_CARTS),
        sku=st.sampled_from(_SKUS),
        units=st.integers(0, 5),
        minutes=st.sampled_from([None, 30, 120]),
    )
    def hold_checkout(self, cart: str, sku: str, units: int, minutes: int | None) -> None:
        """A checkout asks for ``units``: its one hold becomes exactly that, or nothing changes."""
        before = self._held(cart, sku)
        ttl = None if minutes is None else pendulum.duration(minutes=minutes)
        if self.attempt(lambda: self.engine.hold_checkout(cart, {sku: units}, ttl=ttl)):
            _check(units == self._held(cart, sku), "a checkout holds what it last asked for")
        else:
            _check(before == self._held(cart, sku), "a refused hold changed the checkout's")

    @rule(cart=st.sampled_from(_CARTS))
    def release_checkout(self, cart: str) -> None:
        """A checkout is abandoned: every hold of it goes back."""
        self.attempt_keyed("release_checkout", cart, list(_SKUS))
        _check(all(not self._held(cart, sku) for sku in _SKUS), "a released checkout holds")

    @rule(pick=st.integers(0, 7))
    def allocate_all_or_nothing(self, pick: int) -> None:
        """An order asks all or nothing: allocated in full, or refused and untouched."""
        order = self.order(pick)
        if order is None:
            return
        whole = RequestPolicy.ALL_OR_NOTHING
        if self.attempt(lambda: self.engine.allocate_order(order.id, request_policy=whole)):
            after = self.order(pick)
            _check(
                after is not None
                and all(not line.ledger.unallocated for line in after.lines.values()),
                "an all-or-nothing order left units unallocated",
            )

    @rule(sku=st.sampled_from(_SKUS), place=st.sampled_from(_PLACES), units=st.integers(1, 3))
    def write_off(self, sku: str, place: str, units: int) -> None:
        """Damaged units are written off: lost reservations are re-served or backordered."""
        self.attempt_keyed("write_off", sku, place, units, "damaged")

    @rule(sku=st.sampled_from(_SKUS), place=st.sampled_from(_PLACES), counted=st.integers(0, 4))
    def count_stock(self, sku: str, place: str, counted: int) -> None:
        """A cycle count sets on hand: lost reservations are re-served or backordered."""
        self.attempt_keyed("count_stock", sku, place, counted)

    @rule(pick=st.integers(0, 7), store=st.sampled_from((None, *_PLACES)))
    def choose_pickup(self, pick: int, store: str | None) -> None:
        """An order is to be collected at ``store`` (or shipped): refused while it holds stock."""
        order = self.order(pick)
        if order is None:
            return
        if self.attempt(lambda: self.engine.choose_pickup(order.id, store)):
            after = self.order(pick)
            _check(after is not None and store == after.pickup_at, "the store was not kept")

    @rule(pick=st.integers(0, 7))
    def allocate_where_no_location_may_backorder(self, pick: int) -> None:
        """With every location's switch off, an order is served in full or refused whole."""
        order = self._waiting(pick, "unallocated")
        if order is None:
            return
        kept = self.engine.locations
        self.engine.locations = {
            name: attrs.evolve(place, backorders=False) for name, place in kept.items()
        }
        try:
            waiting = {k: ln.ledger.backordered for k, ln in order.lines.items()}
            if self.attempt(lambda: self.engine.allocate_order(order.id)):
                after = read_stored(self.store, "orders", order.id)
                _check(
                    isinstance(after, Order)
                    and waiting == {k: ln.ledger.backordered for k, ln in after.lines.items()},
                    "an order backordered where no location may backorder",
                )
        finally:
            self.engine.locations = kept

    @rule(pick=st.integers(0, 7))
    def fill_backorders_whole(self, pick: int) -> None:
        """An all-or-nothing order's backorders are filled whole (every SKU) or not at all."""
        order = self._waiting(pick, "backordered")
        if order is None:
            return
        sku = next(ln.sku for ln in order.lines.values() if ln.ledger.backordered)
        kept = self.engine.request_policies
        self.engine.request_policies = RequestPolicies(default=RequestPolicy.ALL_OR_NOTHING)
        try:
            waiting = {k: ln.ledger.backordered for k, ln in order.lines.items()}
            if self.attempt(lambda: self.engine.fill_backorders([sku], [order.id])):
                after = read_stored(self.store, "orders", order.id)
                now = (
                    {}
                    if not isinstance(after, Order)
                    else {k: ln.ledger.backordered for k, ln in after.lines.items()}
                )
                _check(
                    now in (waiting, dict.fromkeys(waiting, 0)),
                    f"an all-or-nothing fill left {order.id} half filled: {waiting} -> {now}",
                )
        finally:
            self.engine.request_policies = kept

    @rule(
        cart=st.sampled_from(_CARTS),
        units=st.integers(0, 10),
        channel=st.sampled_from([None, None, "web", "shopify"]),
    )
    def preorder_in_checkout(self, cart: str, units: int, channel: str | None) -> None:
        """A checkout holds clocks, against incoming supply too, under the preorder cap.

        From a sales channel (sometimes) it holds as that channel's orders are allocated: under
        the channel's cap, a short hold holding what is free (allocate and backorder) and
        saying the rest, or refused whole (all or nothing).
        """
        self.engine.preorders = _CAPS  # from the first preorder on, the shop sells under caps
        item = read_stored(self.store, "stock", "RETRO-CLOCK")
        if isinstance(item, StockItem) and not item.supplies.expected_lines():
            supply_id = f"PO-{len(self.supplies) + 1}"
            due = pendulum.date(2027, 1, 15)
            if self.attempt(
                lambda: self.engine.expect_stock("RETRO-CLOCK", supply_id, "WH-EAST", 3, due)
            ):
                self.supplies.append(("RETRO-CLOCK", supply_id))
        before = self._held(cart, "RETRO-CLOCK")
        ttl = pendulum.duration(minutes=30)
        results: list[CheckoutHold] = []

        def command() -> object:
            held = self.engine.hold_checkout(cart, {"RETRO-CLOCK": units}, ttl=ttl, channel=channel)
            results.append(held)
            return held

        if self.attempt(command):
            short = results[-1].short.get("RETRO-CLOCK", 0) if results else 0
            _check(
                units - short == self._held(cart, "RETRO-CLOCK"),
                "a preorder hold is its last ask, less what it says is short",
            )
            _check(channel is not None or not short, "a hold without a channel fell short")
        else:
            _check(before == self._held(cart, "RETRO-CLOCK"), "a refused preorder changed a hold")

    @invariant()
    def checkouts_hold_no_more_incoming_than_the_cap(self) -> None:
        """The units checkouts hold against incoming supply stay within the preorder cap."""
        item = read_stored(self.store, "stock", "RETRO-CLOCK")
        if not isinstance(item, StockItem):
            return
        incoming = sum(
            part.quantity
            for cart in _CARTS
            if (hold := item.checkout_hold(cart)) is not None
            for part in hold.allocations
            if part.supply is not None
        )
        _check(incoming <= _PREORDER_CAP, f"checkouts hold {incoming} incoming, over the cap")
        _check(item.available() >= 0, "free units went negative")

    @invariant()
    def a_pickup_order_holds_stock_only_at_its_store(self) -> None:
        """Every active reservation of a pickup order is at its store, on hand."""
        stores: dict[str, str] = {}
        for (collection, key), entity in self.snapshot().rows.items():
            if collection == "orders" and isinstance(entity, Order) and entity.pickup_at:
                stores[str(key)] = entity.pickup_at
        if not stores:
            return
        for sku in _SKUS:
            item = read_stored(self.store, "stock", sku)
            if not isinstance(item, StockItem):
                continue
            for held in item.reservations.values():
                store = stores.get(held.order_ref)
                if store is None or not held.is_active:
                    continue
                for part in held.allocations:
                    _check(
                        part.location == store and part.supply is None,
                        f"pickup order {held.order_ref} holds {sku} at {part}, not {store}",
                    )
