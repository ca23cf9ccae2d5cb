import re
from pathlib import Path

from ordercore.domain.returns import FOLLOW_UP_LIFECYCLE, RMA_LIFECYCLE

PAGE = Path(__file__).resolve().parents[3] / "docs" / "returns.md"


def test_the_returns_page_draws_both_lifecycles_as_their_tables_render_them() -> None:
    blocks = re.findall(r"```mermaid\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    assert [RMA_LIFECYCLE.to_mermaid(), FOLLOW_UP_LIFECYCLE.to_mermaid()] == blocks
