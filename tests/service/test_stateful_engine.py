from decimal import Decimal

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize

from ordercore.testing.stateful_engine import EngineMachine, order_lines

TestTheEngineKeepsOrdersStockAndMoneyConsistent = EngineMachine.TestCase
TestTheEngineKeepsOrdersStockAndMoneyConsistent.settings = settings(
    settings(), stateful_step_count=30
)


class ShippingMachine(EngineMachine):
    """The same machine, starting from an allocated B2B order, so shipments get going early."""

    @initialize(lines=order_lines())
    def an_allocated_order(self, lines: list[tuple[str, int]]) -> None:
        self.place_order(lines, False, 1)  # noqa: FBT003 - the rule's own argument
        self.confirm(0)
        self.allocate(0)


TestShipmentsKeepTheirUnitsInStepWithOrdersAndStock = ShippingMachine.TestCase
TestShipmentsKeepTheirUnitsInStepWithOrdersAndStock.settings = settings(
    settings(), stateful_step_count=30
)


class RetentionMachine(EngineMachine):
    """The same machine, starting from keyed authorisations a day old and messages delivered.

    So expiring keys and pruning drop something early, and a retry meets an expired key.
    """

    @initialize(lines=order_lines(), mask=st.integers(0, 2**12 - 1))
    def day_old_keys_and_delivered_messages(self, lines: list[tuple[str, int]], mask: int) -> None:
        self.place_order(lines, True, 1)  # noqa: FBT003 - the rule's own argument
        self.authorise_with_a_key(0, Decimal("0.5"))
        self.capture(0, Decimal("0.5"))
        self.time_passes(24)
        self.everything_adds_up()  # the check records the messages so far: the model's history
        self.deliver_messages(12, mask, False)  # noqa: FBT003 - the rule's own argument


TestRetentionKeepsEveryMessageAndRunsExpiredRetriesAgain = RetentionMachine.TestCase
TestRetentionKeepsEveryMessageAndRunsExpiredRetriesAgain.settings = settings(
    settings(), stateful_step_count=20
)
