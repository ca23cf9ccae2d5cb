"""ordercore does no I/O: only the CLI may print, and nothing reads the wall clock or the world."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "ordercore"
ALLOWED_TO_PRINT = {"cli.py", "__main__.py"}
IO_MODULES = {
    "socket", "ssl", "http", "urllib", "requests", "httpx", "aiohttp", "sqlite3", "subprocess",
    "shutil", "tempfile", "glob", "pathlib", "io", "logging", "asyncio", "multiprocessing",
    "select", "selectors", "signal", "ftplib", "smtplib", "uuid", "secrets",
}  # fmt: skip
IO_CALLS = {"open", "print", "input", "breakpoint", "exec", "eval"}
CLOCK_CALLS = {
    ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
    ("pendulum", "now"), ("pendulum", "today"), ("pendulum", "yesterday"), ("pendulum", "tomorrow"),
    ("time", "time"), ("time", "time_ns"), ("time", "monotonic"), ("time", "perf_counter"),
    ("os", "getenv"), ("os", "urandom"), ("os", "system"), ("os", "popen"), ("os", "remove"),
}  # fmt: skip
SEEDED_RANDOM_ONLY = {"Random"}
# The contract kit hands pytest's tmp_path to an integrator's adapter factory; it opens nothing.
TEST_KIT_MAY_IMPORT = {"pathlib"}


def library_modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.name not in ALLOWED_TO_PRINT)


def offences(path: Path, root: Path = SRC.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    in_test_kit = "testing" in path.relative_to(root).parts
    allowed = TEST_KIT_MAY_IMPORT if in_test_kit else set()
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            found.extend(
                f"{where} imports {a.name}"
                for a in node.names
                if a.name.split(".")[0] in IO_MODULES - allowed
            )
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in IO_MODULES - allowed:
                found.append(f"{where} imports from {node.module}")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in IO_CALLS:
                found.append(f"{where} calls {func.id}()")
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                pair = (func.value.id, func.attr)
                if pair in CLOCK_CALLS:
                    found.append(f"{where} calls {func.value.id}.{func.attr}()")
                if func.value.id == "random" and func.attr not in SEEDED_RANDOM_ONLY:
                    found.append(f"{where} calls the unseeded random.{func.attr}()")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) == ("os", "environ")
        ):
            found.append(f"{where} reads os.environ")
    return found


def test_the_library_has_modules_to_check() -> None:
    assert len(library_modules()) >= 8


@pytest.mark.parametrize("path", library_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_but_the_cli_does_io_or_reads_the_clock(path: Path) -> None:
    assert [] == offences(path)


def test_the_checker_catches_what_it_claims_to(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import socket\nfrom urllib import request\nimport random\nimport os\n"
        "print(open('x'))\nrandom.random()\nrandom.Random(3)\nos.environ\n"
        "datetime.now()\npendulum.now()\ntime.time()\n",
        encoding="utf-8",
    )
    found = offences(bad, root=tmp_path)
    assert 9 == len(found), found
