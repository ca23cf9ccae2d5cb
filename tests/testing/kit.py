"""Run chosen contract-kit tests against a store, and say which of them failed."""

from collections.abc import Callable, Sequence

import pytest

from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract import ContractBase


def failures(
    contract: ContractBase, make_store: Callable[[], Store], names: Sequence[str]
) -> list[str]:
    """The names of the kit tests that failed (or raised) against a fresh store each."""
    failed: list[str] = []
    for name in names:
        store = make_store()
        try:
            getattr(contract, name)(store)
        except (Exception, pytest.fail.Exception):  # noqa: BLE001 - any failure is a rejection
            failed.append(name)
        finally:
            contract.close_store(store)
    return failed
