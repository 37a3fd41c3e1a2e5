"""One mutmut run in a prepared staging folder, then its results as JSON.

Started by ``run.py`` as ``python tests/mutation/session.py MAX_CHILDREN`` with the staging
folder as the working directory (mutmut reads its configuration from ``./pyproject.toml`` and
writes ``./mutants/``). Writes ``results.json`` there: one entry per mutant with its status, the
function, the line in the source file and the changed lines.

It makes the mutated copy the code that runs: mutmut puts ``mutants/`` first on ``sys.path`` (ahead
of the shared venv's editable install, whose finder comes after the path), and this script also
exports it as ``PYTHONPATH`` so Python processes started by tests import the mutants as well.

It is the subreaper of everything the tests start, and at the end ends the processes (by id)
that a killed test worker left behind, such as a hub whose test timed out.
Single-threaded; Linux only (as is mutmut).
"""

from __future__ import annotations

import ast
import ctypes
import json
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any

PR_SET_CHILD_SUBREAPER = 36
HUNK_RE = re.compile(r"^@@ -(\d+)")


def become_subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def end_leftover_children() -> None:
    """SIGKILL the processes re-parented to us (their test worker died before stopping them)."""
    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            pid = int(stat.parent.name)
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def export_mutants_path() -> None:
    """Wrap mutmut's path setup so child Pythons also import the mutated copy."""
    import mutmut.__main__ as mutmut_main

    setup = mutmut_main.setup_source_paths

    def setup_and_export() -> None:
        setup()
        os.environ["PYTHONPATH"] = str(Path("mutants").resolve())

    mutmut_main.setup_source_paths = setup_and_export


def cheapest_tests_first(tests: list[str]) -> list[str]:
    """A mutant's tests, cheapest file first and cheapest test first within a file.

    Tests stop at the first failure, so a mutant the quick tests detect costs little; the order
    is also the same on every run. A file's tests stay together (module fixtures start once).
    """
    from mutmut.state import state

    seconds = state().duration_by_test
    by_file: dict[str, list[str]] = {}
    for test in tests:
        by_file.setdefault(test.split("::", 1)[0], []).append(test)
    files = sorted(by_file.items(), key=lambda item: (sum(seconds.get(t, 0.0) for t in item[1]),
                                                      item[0]))
    return [test for _, group in files
            for test in sorted(group, key=lambda t: (seconds.get(t, 0.0), t))]


def order_tests() -> None:
    """Wrap mutmut's runner so every mutant runs its tests in :func:`cheapest_tests_first` order."""
    import mutmut.__main__ as mutmut_main

    make_runner = mutmut_main.get_mutant_runner

    def make_ordered_runner(max_workers: int = 1) -> Any:
        runner = make_runner(max_workers)
        submit = runner.submit

        def submit_ordered(mutant_name: str, tests: list[str], cpu_time_limit: int,
                           estimated_time: float) -> None:
            submit(mutant_name, cheapest_tests_first(tests), cpu_time_limit, estimated_time)

        runner.submit = submit_ordered  # type: ignore[method-assign]
        return runner

    mutmut_main.get_mutant_runner = make_ordered_runner


def function_lines(source: str) -> dict[str, int]:
    """Line of each function's ``def``, by ``name`` or ``Class.name``."""
    lines: dict[str, int] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines[node.name] = node.lineno
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines[f"{node.name}.{item.name}"] = item.lineno
    return lines


def describe(name: str, path: str, def_lines: dict[str, int]) -> dict[str, Any]:
    """Function, source line and changed lines of one mutant."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.utils.format_utils import orig_function_and_class_names_from_key

    function, class_name = orig_function_and_class_names_from_key(name)
    qualname = f"{class_name}.{function}" if class_name else function
    diff = get_diff_for_mutant(name, path=path).splitlines()[2:]  # no ---/+++ header
    removed = [line[1:] for line in diff if line.startswith("-")]
    added = [line[1:] for line in diff if line.startswith("+")]
    line = def_lines.get(qualname, 0)
    hunk = HUNK_RE.match(diff[0]) if diff else None
    if hunk and line:
        # The diff numbers lines from the start of the function's text (decorators and comments
        # above the def included), so count from the def line instead.
        first_changed = int(hunk.group(1)) + _context_before(diff)
        line += first_changed - _def_offset(name, path, function)
    return {
        "name": name,
        "function": qualname,
        "line": line,
        "removed": removed,
        "added": added,
    }


def _context_before(diff: list[str]) -> int:
    """How many unchanged lines the first hunk shows before its first change."""
    count = 0
    for text in diff[1:]:
        if text.startswith(("-", "+")):
            break
        count += 1
    return count


_def_offsets: dict[str, int] = {}


def _def_offset(name: str, path: str, function: str) -> int:
    """1-based line of ``def function`` within the function's text as mutmut diffs it (the same
    for every mutant of a function, so worked out once per function)."""
    import libcst as cst
    from mutmut.mutation.diff_apply import read_functions_from_index
    from mutmut.utils.format_utils import mangled_name_from_mutant_name

    key = mangled_name_from_mutant_name(name)
    if key not in _def_offsets:
        functions = read_functions_from_index(name, path)
        code = cst.Module([functions[0]]).code.strip().splitlines() if functions else []
        pattern = re.compile(rf"^\s*(async\s+)?def\s+{re.escape(function)}\b")
        _def_offsets[key] = next((i + 1 for i, text in enumerate(code) if pattern.match(text)), 1)
    return _def_offsets[key]


def write_results() -> None:
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    results: list[dict[str, Any]] = []
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        def_lines = function_lines(Path(path).read_text(encoding="utf-8"))
        for name, exit_code in sorted(data.exit_code_by_key.items()):
            entry = describe(name, str(path), def_lines)
            entry.update(file=str(path), status=status_by_exit_code[exit_code])
            results.append(entry)
    Path("results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1),
                                    encoding="utf-8")


def main(argv: list[str]) -> int:
    import mutmut.__main__ as mutmut_main

    become_subreaper()
    export_mutants_path()
    order_tests()
    try:
        mutmut_main.cli.main(["run", "--max-children", argv[0]], standalone_mode=False)
    except SystemExit as stop:
        if stop.code:
            return int(stop.code) if isinstance(stop.code, int) else 1
    finally:
        end_leftover_children()
    write_results()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
