"""The mutation report: what counts against the score, and how equivalent mutants are marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mutation.report import (
    Mutant,
    build_reports,
    format_survivor,
    format_table,
    load_equivalents,
)
from tests.mutation.run import HERE, ROOT, load_table, select


def mutant(number: int, status: str, removed: str = "if a == b:", added: str = "if a != b:",
           function: str = "osa_distance", file: str = "kb/analysis.py") -> Mutant:
    return Mutant(f"kb.analysis.x_{function}__mutmut_{number}", file, function, 10 + number,
                  (f"        {removed}",), (f"        {added}",), status)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "equivalents.toml"
    path.write_text(text, encoding="utf-8")
    return path


MARK = '''
[[equivalent]]
module = "kb/analysis.py"
function = "osa_distance"
mutation = """
-   if a == b:
+ if a != b:
"""
reason = "both branches return the same value"
'''


def test_survivors_and_untested_mutants_count_against_the_score() -> None:
    mutants = [mutant(1, "killed"), mutant(2, "timeout"), mutant(3, "survived"),
               mutant(4, "no tests"), mutant(5, "killed", added="if b == a:"),
               mutant(6, "not checked")]
    [report], stale = build_reports(mutants, [])
    assert report.detected == 3
    assert [m.name for m in report.survivors] == [mutants[2].name, mutants[3].name]
    assert report.unclear == 1
    assert report.score(True) == pytest.approx(60.0), "unjudged mutants count on neither side"
    assert stale == []


def test_a_marked_equivalent_leaves_the_score_by_its_change_not_its_number(tmp_path: Path
                                                                           ) -> None:
    marks = load_equivalents(write(tmp_path, MARK))
    mutants = [mutant(1, "killed", added="if a is b:"), mutant(7, "survived"),
               mutant(8, "survived", function="edits1")]
    [report], stale = build_reports(mutants, marks)
    assert [m.name for m in report.equivalent] == [mutants[1].name]
    assert [m.name for m in report.survivors] == [mutants[2].name]
    assert report.score(False) == pytest.approx(100 / 3)
    assert report.score(True) == pytest.approx(50.0)
    assert stale == []


def test_a_mark_on_a_detected_mutant_is_reported_and_not_taken_out(tmp_path: Path) -> None:
    marks = load_equivalents(write(tmp_path, MARK))
    [report], _ = build_reports([mutant(1, "killed"), mutant(2, "survived", added="if b:")],
                                marks)
    assert report.equivalent == []
    assert [(m.name, mark.reason) for m, mark in report.wrongly_marked] == [
        ("kb.analysis.x_osa_distance__mutmut_1", "both branches return the same value")]
    assert report.score(True) == pytest.approx(50.0)


def test_a_mark_that_matches_nothing_any_more_is_reported(tmp_path: Path) -> None:
    marks = load_equivalents(write(tmp_path, MARK))
    _, stale = build_reports([mutant(1, "survived", removed="if a is b:")], marks)
    assert stale == marks
    _, elsewhere = build_reports([mutant(1, "survived", file="kb/search.py")], marks)
    assert elsewhere == [], "a mark is only stale when its module was run"


@pytest.mark.parametrize("entry, problem", [
    (MARK.replace('reason = "both branches return the same value"', 'reason = " "'), "reason"),
    (MARK.replace('function = "osa_distance"', ""), "function"),
    (MARK.replace("+ if a != b:", "if a != b:"), "start with"),
])
def test_every_mark_needs_a_reason_and_a_readable_change(tmp_path: Path, entry: str,
                                                         problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        load_equivalents(write(tmp_path, entry))


def test_a_survivor_prints_its_place_and_a_change_that_can_be_pasted_as_a_mark(
        tmp_path: Path) -> None:
    printed = format_survivor(mutant(7, "survived"))
    assert printed.splitlines() == ["kb/analysis.py:17  osa_distance  (x_osa_distance__mutmut_7)",
                                    "    - if a == b:", "    + if a != b:"]
    pasted = MARK.replace("-   if a == b:\n+ if a != b:", "\n".join(printed.splitlines()[1:]))
    [mark] = load_equivalents(write(tmp_path, pasted))
    assert mark.matches(mutant(7, "survived"))


def test_the_checked_in_tables_name_real_files() -> None:
    table, _ = load_table(HERE / "modules.toml")
    for module, tests in table.items():
        assert list(ROOT.glob(module)), module
        assert all((ROOT / test).exists() for test in tests), module
    for mark in load_equivalents(HERE / "equivalents.toml"):
        assert any(ROOT.glob(mark.module)) and mark.reason.strip(), mark


def test_one_module_or_one_file_of_a_package_row_can_be_run_alone() -> None:
    table = {"kb/analysis.py": ["tests/kb"], "kb/wire/*.py": ["tests/notes", "tests/hub"]}
    assert select(table, []) == table
    assert select(table, ["kb/wire/notes.py"]) == {"kb/wire/notes.py": ["tests/notes", "tests/hub"]}
    assert select(table, ["kb/analysis.py"]) == {"kb/analysis.py": ["tests/kb"]}
    with pytest.raises(SystemExit, match=r"kb/search\.py is not in tests/mutation/modules\.toml"):
        select(table, ["kb/search.py"])


def test_the_table_says_when_a_run_was_cut_short_before_judging_a_module() -> None:
    reports, _ = build_reports([mutant(1, "not checked"), mutant(2, "killed", file="kb/search.py")],
                               [])
    rows = format_table([(report, None) for report in reports]).splitlines()[2:]
    assert rows[0].startswith("| `kb/analysis.py` | 1 | 0 |") and rows[0].endswith("| — | — | — |")
    assert rows[1].endswith("| 100.0 % | 100.0 % | — |")
