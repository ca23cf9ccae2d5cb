"""A host loop against a mirror of Shopify: stock commands, at-least-once delivery, levels agree.

The machine runs random stock commands on two SKUs, keeps their events in an outbox, and routes
random batches of it (sometimes delivering a batch twice, as an at-least-once outbox does). The
"channel" applies each level message it has not seen (by idempotency key). Whenever the outbox is
drained, the channel shows exactly the feed's rule applied to what is available now.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ordercore.channels.levels import level_messages
from ordercore.channels.router import route
from ordercore.channels.routing import AvailableToSell, Routing, StockFeed
from ordercore.domain.inventory import Allocation, StockItem
from ordercore.kernel.errors import OrdercoreError
from ordercore.ports.outbox import OutboxMessage, message_id
from ordercore.testing.strategies_outbound import LOCATIONS, T

SKUS = ("RETRO-CLOCK", "BLUE-VASE")
FEED = StockFeed(
    channel="shopify",
    account="retro-shop",
    items={"RETRO-CLOCK": "808950810", "BLUE-VASE": "39072856"},
    locations={"WH-EAST": "1", "WH-WEST": "2", "STORE-1": "2"},
    rule=AvailableToSell(held_back=1),
)
ROUTING = Routing(feeds=[FEED])


class ChannelMirror(RuleBasedStateMachine):
    """Stock commands, an outbox, and a channel that applies level messages once each."""

    def __init__(self) -> None:
        super().__init__()
        self.items = {sku: StockItem(sku) for sku in SKUS}
        self.outbox: list[OutboxMessage] = []
        self.sequence = 0
        self.sent: set[str] = set()
        self.channel: dict[tuple[str, str], int] = {}
        self.reservations = 0

    def _collect(self, item: StockItem) -> None:
        for index, event in enumerate(item.pull_events()):
            self.sequence += 1
            key = f"{message_id(event, index)}#{self.sequence}"
            self.outbox.append(OutboxMessage(id=key, sequence=self.sequence, event=event))

    def _run(self, sku: str, command: str, location: str, other: str, units: int) -> None:
        item = self.items[sku]
        try:
            if command == "receive":
                item.receive(location, units, T)
            elif command == "adjust":
                item.adjust(location, -units, "damaged", T)
            elif command == "transfer":
                item.transfer(location, other, units, T)
            elif command == "reserve":
                self.reservations += 1
                item.reserve(
                    f"res-{self.reservations}",
                    order_ref="order-1",
                    line_ref="line-1",
                    allocations=[Allocation(location, units)],
                    now=T,
                    hard=True,
                )
            else:
                live = [r.id for r in item.reservations.values() if r.is_active]
                if live:
                    item.release_all(live[0], T)
        except OrdercoreError:
            pass
        self._collect(item)

    @rule(
        sku=st.sampled_from(SKUS),
        command=st.sampled_from(["receive", "adjust", "transfer", "reserve", "release"]),
        location=st.sampled_from(LOCATIONS),
        other=st.sampled_from(LOCATIONS),
        units=st.integers(1, 8),
    )
    def stock_command(self, sku: str, command: str, location: str, other: str, units: int) -> None:
        """Run one stock command (a refused one changes nothing and emits nothing)."""
        self._run(sku, command, location, other, units)

    def _deliver(self, batch: list[OutboxMessage]) -> None:
        outbound = route(batch, ROUTING)
        for change in outbound.levels:
            for message in level_messages(self.items[change.sku], change, ROUTING).messages:
                if message.idempotency_key in self.sent:
                    continue
                self.sent.add(message.idempotency_key)
                self.channel[(message.target, change.sku)] = message.body["available"]

    @precondition(lambda self: bool(self.outbox))
    @rule(size=st.integers(1, 5), again=st.booleans())
    def deliver_some(self, size: int, again: bool) -> None:
        """Route the oldest ``size`` messages; maybe deliver them again before marking them."""
        batch = self.outbox[:size]
        self._deliver(batch)
        if again:
            self._deliver(batch)
        del self.outbox[:size]

    @invariant()
    def a_drained_outbox_leaves_the_channel_showing_what_is_available(self) -> None:
        """With nothing pending, every level the channel shows is the rule of what is free now."""
        if self.outbox:
            return
        for (target, sku), shown in self.channel.items():
            location = target.split("@")[1]
            available = sum(
                self.items[sku].available(o) for o, c in FEED.locations.items() if c == location
            )
            assert FEED.rule.level(available) == shown


TestChannelMirror = ChannelMirror.TestCase
