from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize

from ordercore.domain.warehouse import PickMethod
from ordercore.testing.stateful_engine import EngineMachine, order_lines


class FloorMachine(EngineMachine):
    """The Engine machine, starting from a shipment on a pick list, so the floor gets going."""

    @initialize(lines=order_lines(), method=st.sampled_from([None, PickMethod.WAVE]))
    def a_listed_shipment(self, lines: list[tuple[str, int]], method: PickMethod | None) -> None:
        self.place_order(lines, False, 1)  # noqa: FBT003 - the rule's own argument
        self.confirm(0)
        self.allocate(0)
        self.open_shipment(0, 0, 1, "WH-EAST", True)  # noqa: FBT003 - the rule's own argument
        self.create_pick_lists([0], method, 0)


TestTheFloorKeepsPickListsShipmentsAndStockInStep = FloorMachine.TestCase
TestTheFloorKeepsPickListsShipmentsAndStockInStep.settings = settings(
    settings(), stateful_step_count=40
)
