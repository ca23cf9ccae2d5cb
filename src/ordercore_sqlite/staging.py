"""Names re-exported for the code that imported them from here.

The classes the SQL stores decode documents as (``ORDERCORE_TYPES``) are defined once in
:mod:`ordercore.ports.documents`; the staging (staged rows, read set, events, keys, numbers,
movements) in :mod:`ordercore.ports.staging`. Both have no I/O and are shared by every store.
"""

from __future__ import annotations

from ordercore.ports.documents import ORDERCORE_TYPES
from ordercore.ports.staging import (
    StagedRow,
    Staging,
    aggregate_key,
    aggregate_version,
    outbox_rows,
    sort_key,
)

__all__ = [
    "ORDERCORE_TYPES",
    "StagedRow",
    "Staging",
    "aggregate_key",
    "aggregate_version",
    "outbox_rows",
    "sort_key",
]
