"""Run chosen contract-kit tests against a store, and say which of them failed."""

from collections.abc import Callable, Sequence

import pytest

from ordercore.ports.unit_of_work import Store
from ordercore.testing.contract import ContractBase


def failures(
    contract: ContractBase,
    make_store: Callable[[], Store],
    names: Sequence[str],
    attempts: int = 1,
) -> list[str]:
    """The names of the kit tests that failed (or raised) against a fresh store each.

    A race may need several tries to show a fault: a test counts as failed if any of
    ``attempts`` runs failed.
    """
    failed: list[str] = []
    for name in names:
        for _ in range(attempts):
            store = make_store()
            try:
                getattr(contract, name)(store)
            except (Exception, pytest.fail.Exception):  # noqa: BLE001 - any failure rejects
                failed.append(name)
                break
            finally:
                contract.close_store(store)
    return failed
