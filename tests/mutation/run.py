"""Mutation testing of the core modules: ``make mutation [MODULE=kb/analysis.py]``.

For each module in ``modules.toml`` (or the ones named on the command line) this prepares a
staging folder ``.mutmut/<module>/`` (links to the sources and tests, and a ``pyproject.toml``
with the mutmut settings for that module alone), runs mutmut there from scratch through
``session.py``, and prints the module's survivors and score; at the end, the table of all
modules. Mutants marked in ``equivalents.toml`` are taken out of the score.

    python -m tests.mutation.run [MODULE ...] [--jobs N] [--fail-under PERCENT] [--report-only]

Run it inside ``tests/run.sh --exec`` (as ``make mutation`` does) so the tests get their private
HOME, D-Bus and keyring. Single-threaded; one mutmut run at a time, each using ``--jobs`` cores.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from tests.mutation.report import (
    ModuleReport,
    Mutant,
    build_reports,
    format_survivor,
    format_table,
    load_equivalents,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
STAGING = ROOT / ".mutmut"
LINKED = ("agent", "kb", "tests", "assets")
SITECUSTOMIZE = "from tests.mutation.hits import install_recorder\n\ninstall_recorder()\n"


def load_table(path: Path) -> tuple[dict[str, list[str]], list[str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return data["modules"], data.get("skip_marks", [])


def select(table: dict[str, list[str]], wanted: list[str]) -> dict[str, list[str]]:
    """What to mutate and with which tests: every row, or the rows named, or single files of a
    glob row (``kb/wire/notes.py`` of ``kb/wire/*.py``) with that row's tests."""
    if not wanted:
        return table
    chosen: dict[str, list[str]] = {}
    for name in wanted:
        rows = [key for key in table if key == name] or [
            key for key in table if fnmatch.fnmatch(name, key)]
        if not rows:
            known = "\n  ".join(table)
            raise SystemExit(f"{name} is not in tests/mutation/modules.toml; add a line for it "
                             f"there, or name one of:\n  {known}")
        chosen[name] = table[rows[0]]
    return chosen


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(item) for item in items) + "]"


def staging_folder(key: str) -> Path:
    return STAGING / key.replace("/", "_").replace("*", "all")


def prepare(key: str, tests: list[str], skip_marks: list[str]) -> Path:
    """A fresh staging folder for one table row."""
    files = sorted(str(path.relative_to(ROOT)) for path in ROOT.glob(key) if path.is_file())
    if not files:
        raise SystemExit(f"{key} (tests/mutation/modules.toml) matches no file")
    missing = [test for test in tests if not (ROOT / test).exists()]
    if missing:
        raise SystemExit(f"{key}: no such tests: {', '.join(missing)}")
    folder = staging_folder(key)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in LINKED:
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    pytest_args = ["-p", "no:cacheprovider", "-p", "tests.mutation.hits", "--timeout", "120"]
    if skip_marks:
        pytest_args += ["-m", " and ".join(f"not {mark}" for mark in skip_marks)]
    settings = "\n".join([
        "", "[tool.mutmut]",
        'source_paths = ["agent", "kb"]',
        f"only_mutate = {toml_list(files)}",
        'also_copy = ["assets", "sitecustomize.py"]',
        f"pytest_add_cli_args = {toml_list(pytest_args)}",
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}",
        "use_git_change_detection = false",
        "",
    ])
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (folder / "pyproject.toml").write_text(project + settings, encoding="utf-8")
    return folder


def run_mutmut(folder: Path, jobs: int) -> bool:
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    env["SUFLER_MUTATION_HITS"] = str(folder / "hits.txt")
    done = subprocess.run([sys.executable, str(HERE / "session.py"), str(jobs)], cwd=folder,
                          env=env, check=False)
    return done.returncode == 0 and (folder / "results.json").exists()


def read_mutants(folder: Path) -> list[Mutant]:
    data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return [Mutant.from_json(entry) for entry in data]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="source files from modules.toml (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2,
                        help="mutants tested at once (default: all cores)")
    parser.add_argument("--fail-under", type=float, default=None, metavar="PERCENT",
                        help="exit 1 when a module scores lower after marked equivalents")
    parser.add_argument("--report-only", action="store_true",
                        help="print the last run's results again (after editing equivalents.toml)")
    args = parser.parse_args()

    table, skip_marks = load_table(HERE / "modules.toml")
    marks = load_equivalents(HERE / "equivalents.toml")
    rows: list[tuple[ModuleReport, float | None]] = []
    failed: list[str] = []
    for key, tests in select(table, args.modules).items():
        if args.report_only:
            folder = staging_folder(key)
            if not (folder / "results.json").exists():
                failed.append(key)
                print(f"\n{key} has no finished run to report: run it first")
                continue
        else:
            print(f"\n=== {key}: mutants tested against {' '.join(tests)}", flush=True)
            folder = prepare(key, tests, skip_marks)
            started = time.monotonic()
            if not run_mutmut(folder, args.jobs):
                failed.append(key)
                print(f"mutmut did not finish for {key}: see its output above (set debug = true "
                      f"in {folder.relative_to(ROOT)}/pyproject.toml and rerun mutmut there)")
                continue
            (folder / "seconds").write_text(f"{time.monotonic() - started:.0f}\n")
        seconds = float((folder / "seconds").read_text()) if (folder / "seconds").exists() else None
        reports, stale = build_reports(read_mutants(folder), marks)
        for report in reports:
            rows.append((report, seconds if len(reports) == 1 else None))
            print_module(report)
        for mark in stale:
            print(f"\nequivalents.toml: no mutant of {mark.module} in {mark.function} is "
                  f"{' / '.join(mark.change)} any more: remove or update that entry")
        if seconds is not None:
            print(f"\n{key}: {seconds / 60:.1f} min", flush=True)

    if rows:
        print("\nMutation scores (detected / (mutants - marked equivalents)):\n")
        print(format_table(rows))
    if failed:
        print(f"\nNo result for: {', '.join(failed)}")
        return 1
    if args.fail_under is not None:
        low = [report.file for report, _ in rows if report.score(True) < args.fail_under]
        if low:
            print(f"\nBelow {args.fail_under:g} %: {', '.join(low)}")
            return 1
    return 0


def print_module(report: ModuleReport) -> None:
    survivors = report.survivors
    print(f"\n--- {report.file}: {len(survivors)} undetected mutants (behaviour no test asserts)")
    for mutant in sorted(survivors, key=lambda mutant: (mutant.line, mutant.number)):
        print(format_survivor(mutant))
    for mutant, mark in report.wrongly_marked:
        print(f"\nequivalents.toml marks {mutant.file}:{mutant.line} {mutant.function} "
              f"{' / '.join(mark.change)} as equivalent, but a test detects it: remove the mark")
    if report.mutants and report.count({"no tests"}) == len(report.mutants):
        print(f"No test called the mutated copy of {report.file}: check modules.toml, and that "
              "no test puts another copy of the code first on sys.path or PYTHONPATH")
    if report.unclear:
        print(f"{report.unclear} mutants mutmut could not judge (suspicious or not checked)")


if __name__ == "__main__":
    sys.exit(main())
