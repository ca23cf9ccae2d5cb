from pathlib import Path

import pytest

from ordercore.cli import main
from ordercore.lifecycles import catalogue


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert 0 == exited.value.code
    out = capsys.readouterr().out
    for command in ("diagram", "lifecycles", "demo"):
        assert command in out


def test_diagram_prints_the_mermaid_of_every_registered_lifecycle(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, lifecycle in catalogue().items():
        assert 0 == main(["diagram", name])
        assert lifecycle.to_mermaid() == capsys.readouterr().out


def test_an_unknown_diagram_name_is_an_error_that_lists_the_known_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert 2 == main(["diagram", "no-such-lifecycle"])
    assert "unknown lifecycle 'no-such-lifecycle'" in capsys.readouterr().err


def test_diagram_all_prints_markdown_sections(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["diagram", "--all"])
    out = capsys.readouterr().out
    assert len(catalogue()) == out.count("```mermaid")


def test_the_demo_runs_and_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["demo"])
    first = capsys.readouterr().out
    assert 0 == main(["demo"])
    assert first == capsys.readouterr().out
    assert first.startswith("ordercore demo")


def test_docs_lifecycles_page_is_generated_from_the_tables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert 0 == main(["diagram", "--all"])
    page = Path(__file__).resolve().parents[1] / "docs" / "lifecycles.md"
    assert capsys.readouterr().out == page.read_text(encoding="utf-8"), (
        "docs/lifecycles.md is stale: python -m ordercore diagram --all > docs/lifecycles.md"
    )


def test_report_prints_the_demo_shops_tables_and_a_bar_chart_of_best_sellers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert 0 == main(["report"])
    out = capsys.readouterr().out
    assert "  fill rate          76.9%  20/26" in out
    assert "  1004   2026-11-28  2          1" in out
    assert "  TEAK-TRAY    ############################## 12" in out
    assert "  RETRO-CLOCK  ############ 5" in out
    assert "  cust-bob  77.50 EUR" in out
