from hypothesis import settings
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
