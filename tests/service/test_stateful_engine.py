from hypothesis import settings

from ordercore.testing.stateful_engine import EngineMachine

TestTheEngineKeepsOrdersStockAndMoneyConsistent = EngineMachine.TestCase
TestTheEngineKeepsOrdersStockAndMoneyConsistent.settings = settings(
    settings(), stateful_step_count=30
)
