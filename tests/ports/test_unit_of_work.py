"""The unit-of-work port's optional capability: reading several rows ahead."""

from collections.abc import Sequence

from ordercore.memory import MemoryStore
from ordercore.ports.unit_of_work import ReadsAhead


class _Prefetching:
    def __init__(self) -> None:
        self.asked: list[tuple[str, list[str]]] = []

    def read_ahead(self, collection: str, keys: Sequence[str]) -> None:
        self.asked.append((collection, list(keys)))


def test_a_unit_of_work_with_read_ahead_offers_reading_ahead() -> None:
    assert isinstance(_Prefetching(), ReadsAhead)


def test_the_memory_stores_unit_of_work_reads_row_by_row() -> None:
    assert not isinstance(MemoryStore().unit_of_work(), ReadsAhead)
