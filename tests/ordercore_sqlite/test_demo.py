from pathlib import Path

import pytest

from ordercore.demo import run_demo
from ordercore_sqlite.__main__ import main


def test_the_demo_tells_the_same_story_on_sqlite_as_in_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "shop.db"
    assert 0 == main(["demo", "--db", str(database)])
    printed = capsys.readouterr().out.splitlines()
    assert [f"store: SQLite at {database}", *run_demo()] == printed
    assert database.exists()


def test_the_demo_refuses_a_database_that_already_exists(tmp_path: Path) -> None:
    database = tmp_path / "shop.db"
    database.write_text("")
    with pytest.raises(SystemExit):
        main(["demo", "--db", str(database)])
