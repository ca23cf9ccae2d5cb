"""The contract kit: every test an adapter must pass, as pytest-native base classes.

Subclass :class:`AdapterContract` (or one of the narrower ``*Contract`` classes) in your test
suite, give the subclass a ``Test`` name, and implement ``make_store``:

.. code-block:: python

    from ordercore.testing.contract import AdapterContract

    class TestMyAdapter(AdapterContract):
        def make_store(self, tmp_path):
            return MyStore(dsn=...)

pytest then runs the repository, unit-of-work, outbox, idempotency and concurrency tests
against your adapter. A store that implements :mod:`ordercore.ports.retention` adds
``RetentionContract`` to the bases (it is not part of ``AdapterContract``). ``specimens()``
says which aggregates to store (the kit's ``Tally`` by default); ``ordercore.testing.stateful``
adds a machine that compares your adapter with ``ordercore.memory`` after every step of random
command sequences.
"""

from __future__ import annotations

from ordercore.testing.contract_atomicity import AtomicityContract
from ordercore.testing.contract_base import (
    ContractBase,
    add_committed,
    change_committed,
    expect,
    save_and_commit,
)
from ordercore.testing.contract_concurrency import ConcurrencyContract
from ordercore.testing.contract_idempotency import IdempotencyContract
from ordercore.testing.contract_isolation import IsolationContract, ReadCheckContract
from ordercore.testing.contract_ledger import LedgerContract
from ordercore.testing.contract_outbox import OutboxContract
from ordercore.testing.contract_queries import QueryContract
from ordercore.testing.contract_races import RaceContract
from ordercore.testing.contract_repositories import RepositoryContract
from ordercore.testing.contract_retention import RetentionContract
from ordercore.testing.contract_sequences import SequenceContract
from ordercore.testing.contract_specimens import (
    KIT_NOW,
    TALLIES,
    Specimen,
    Tally,
    TallyBumped,
    TallyOpened,
    tally_specimen,
)
from ordercore.testing.contract_units import UnitOfWorkContract

__all__ = [
    "KIT_NOW",
    "TALLIES",
    "AdapterContract",
    "AtomicityContract",
    "ConcurrencyContract",
    "ContractBase",
    "IdempotencyContract",
    "IsolationContract",
    "OutboxContract",
    "QueryContract",
    "RaceContract",
    "ReadCheckContract",
    "RepositoryContract",
    "RetentionContract",
    "SequenceContract",
    "Specimen",
    "Tally",
    "TallyBumped",
    "TallyOpened",
    "UnitOfWorkContract",
    "add_committed",
    "change_committed",
    "expect",
    "save_and_commit",
    "tally_specimen",
]


class AdapterContract(
    RepositoryContract,
    UnitOfWorkContract,
    OutboxContract,
    IdempotencyContract,
    ConcurrencyContract,
    AtomicityContract,
    IsolationContract,
    QueryContract,
    SequenceContract,
    RaceContract,
    LedgerContract,
    ReadCheckContract,
):
    """Every contract test at once: what ``ordercore.memory`` and the SQLite example pass."""
