"""Loading channel fixtures exactly (amounts as Decimal) for the channel tests."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum

FIXTURES = Path(__file__).parent / "fixtures"
NOW = pendulum.datetime(2026, 11, 26, 9, 0, tz="UTC")


def load(channel: str, name: str) -> Any:
    """The fixture ``fixtures/<channel>/<name>`` parsed with ``parse_float=Decimal``."""
    return json.loads((FIXTURES / channel / name).read_text(encoding="utf-8"), parse_float=Decimal)
