"""What the database benchmarks share: timing works side by side, and measuring on a fresh
database of each kind in a child process (SQLite in a temporary directory; PostgreSQL in a
throwaway cluster from scripts/with_postgres.py, skipped where it is not installed).

Not a benchmark itself: `make bench` runs only the scripts whose names do not start with _.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHECKOUT = Path(__file__).resolve().parent.parent
BACKENDS = ("sqlite", "postgresql")


def side_by_side(works: list[Callable[[], Any]], runs: int) -> tuple[list[float], list[Any]]:
    """The median time of each work and what it returned, after one warm-up each. The
    works take turns, so that a busy moment of the machine slows them alike."""
    results = [work() for work in works]
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, spent in zip(works, times, strict=True):
            started = time.perf_counter()
            work()
            spent.append(time.perf_counter() - started)
    return [statistics.median(spent) for spent in times], results


def database_options(parser: argparse.ArgumentParser) -> None:
    """--sqlite-only, --postgresql-only, and --results (set for the child processes)."""
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    only.add_argument("--postgresql-only", action="store_true", help="skip SQLite")
    parser.add_argument("--results", help=argparse.SUPPRESS)


def backends_chosen(args: argparse.Namespace) -> list[str]:
    if args.sqlite_only:
        return ["sqlite"]
    if args.postgresql_only:
        return ["postgresql"]
    return list(BACKENDS)


def measure_on_each(script: str, backends: list[str], arguments: list[str]) -> list[dict[str, Any]]:
    """Run the script again on a fresh database of each kind, with the arguments; the
    results each child wrote (PostgreSQL left out where it is not available)."""
    measured = []
    with tempfile.TemporaryDirectory(prefix="earlyhelp-bench-") as workdir:
        for backend in backends:
            results = _run_on(script, backend, arguments, Path(workdir))
            if results is not None:
                measured.append(results)
    return measured


def _run_on(
    script: str, backend: str, arguments: list[str], workdir: Path
) -> dict[str, Any] | None:
    results = workdir / f"{backend}.json"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["EARLYHELP_DATA_DIR"] = str(workdir / backend)
    command = [sys.executable, str(Path(script).resolve()), *arguments, "--results", str(results)]
    if backend == "postgresql":
        command = [sys.executable, str(CHECKOUT / "scripts" / "with_postgres.py"), "--", *command]
    code = subprocess.run(command, env=env, cwd=CHECKOUT).returncode  # noqa: S603 - our own
    if backend == "postgresql" and code == 3:  # with_postgres.py has said why
        print("PostgreSQL is not available here: skipped")
        return None
    if code != 0:
        raise SystemExit(f"the {backend} run failed (exit {code})")
    return json.loads(results.read_text())
