from ordercore.memory import MemoryStore
from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract import TALLIES
from ordercore.testing.stateful import AdapterAgreementMachine


class MemoryAgainstMemory(AdapterAgreementMachine):
    def make_store(self) -> Store:
        return MemoryStore((TALLIES,))


TestTheMemoryAdapterAgreesWithTheOracle = MemoryAgainstMemory.TestCase
