"""Scores and survivors of a mutation run, after removing the mutants marked equivalent.

A mutant is *detected* when a test failed (or hung, or crashed) with it in place; it *survived*
when every test passed, and had *no tests* when none of the module's tests calls the mutated
function. Survivors and untested mutants both count against the score:

    score = detected / (mutants - marked equivalents)

Mutants mutmut could not judge (a run cut short, a suspicious result) are left out of both sides
and counted in a column of their own.

An equivalent mutant changes the code without changing any behaviour, so no test can detect it.
Each one is listed in ``equivalents.toml`` by module, function and the changed lines (not by
mutmut's numbered id, which shifts whenever the function changes), with the reason it is
equivalent. An entry that matches no mutant any more, or matches one that a test detects, is
reported so the list stays true. Pure functions; no thread rules.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DETECTED = {"killed", "timeout", "segfault"}
UNDETECTED = {"survived", "no tests"}


@dataclass(frozen=True)
class Mutant:
    """One mutant of a source file, as the run left it."""

    name: str
    file: str
    function: str
    line: int
    removed: tuple[str, ...]
    added: tuple[str, ...]
    status: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mutant:
        return cls(data["name"], data["file"], data["function"], int(data["line"]),
                   tuple(data["removed"]), tuple(data["added"]), data["status"])

    @property
    def number(self) -> int:
        """mutmut's number of this mutant within its function."""
        return int(self.name.rsplit("__mutmut_", 1)[1])

    def change(self) -> tuple[str, ...]:
        """The changed lines as ``equivalents.toml`` writes them: ``- old`` and ``+ new``."""
        return tuple([f"- {text.strip()}" for text in self.removed]
                     + [f"+ {text.strip()}" for text in self.added])


@dataclass(frozen=True)
class Equivalent:
    """A mutant marked as equivalent, and why."""

    module: str
    function: str
    change: tuple[str, ...]
    reason: str

    def matches(self, mutant: Mutant) -> bool:
        return (mutant.file == self.module and mutant.function == self.function
                and mutant.change() == self.change)


def load_equivalents(path: Path) -> list[Equivalent]:
    """Read ``equivalents.toml``: each entry has a module, a function, a mutation and a reason."""
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    marks = []
    for number, entry in enumerate(data.get("equivalent", []), 1):
        missing = [key for key in ("module", "function", "mutation", "reason")
                   if not str(entry.get(key, "")).strip()]
        if missing:
            raise ValueError(f"{path}: equivalent #{number} needs {', '.join(missing)}")
        change = tuple(line.strip() for line in entry["mutation"].splitlines() if line.strip())
        if not change or any(line[0] not in "+-" for line in change):
            raise ValueError(f"{path}: equivalent #{number}: the mutation is lines that start "
                             "with '- ' (the original) or '+ ' (the mutant)")
        marks.append(Equivalent(entry["module"], entry["function"],
                                tuple(_normalized(line) for line in change), entry["reason"]))
    return marks


def _normalized(line: str) -> str:
    """``-  foo(x)`` and ``- foo(x)`` are the same change: one space after the sign."""
    return f"{line[0]} {line[1:].strip()}"


@dataclass
class ModuleReport:
    """The outcome for one source file."""

    file: str
    mutants: list[Mutant]
    equivalent: list[Mutant] = field(default_factory=list)
    wrongly_marked: list[tuple[Mutant, Equivalent]] = field(default_factory=list)

    def count(self, statuses: Iterable[str]) -> int:
        wanted = set(statuses)
        return sum(1 for mutant in self.mutants if mutant.status in wanted)

    @property
    def detected(self) -> int:
        return self.count(DETECTED)

    @property
    def survivors(self) -> list[Mutant]:
        marked = {mutant.name for mutant in self.equivalent}
        return [mutant for mutant in self.mutants
                if mutant.status in UNDETECTED and mutant.name not in marked]

    @property
    def unclear(self) -> int:
        """Mutants mutmut could not judge (suspicious, interrupted, not checked)."""
        return len(self.mutants) - self.count(DETECTED | UNDETECTED)

    def score(self, without_equivalents: bool) -> float:
        """Detected share of the judged mutants (all of them, unless a run was cut short)."""
        judged = self.count(DETECTED | UNDETECTED)
        total = judged - (len(self.equivalent) if without_equivalents else 0)
        return 100.0 * self.detected / total if total else 100.0


def build_reports(mutants: Iterable[Mutant], marks: list[Equivalent]
                  ) -> tuple[list[ModuleReport], list[Equivalent]]:
    """Group the mutants by file and apply the marks; also return the marks that matched nothing."""
    reports: dict[str, ModuleReport] = {}
    for mutant in mutants:
        reports.setdefault(mutant.file, ModuleReport(mutant.file, [])).mutants.append(mutant)
    used: set[int] = set()
    for report in reports.values():
        for mutant in report.mutants:
            for index, mark in enumerate(marks):
                if not mark.matches(mutant):
                    continue
                used.add(index)
                if mutant.status in UNDETECTED:
                    report.equivalent.append(mutant)
                elif mutant.status in DETECTED:
                    report.wrongly_marked.append((mutant, mark))
                break
    stale = [mark for index, mark in enumerate(marks)
             if index not in used and mark.module in reports]
    return sorted(reports.values(), key=lambda report: report.file), stale


def format_survivor(mutant: Mutant) -> str:
    """``file:line  function  (id)`` and the changed lines, ready to paste as a mutation."""
    head = f"{mutant.file}:{mutant.line}  {mutant.function}"
    tag = "  [no test calls this function]" if mutant.status == "no tests" else ""
    lines = [f"{head}{tag}  ({mutant.name.rsplit('.', 1)[-1]})"]
    lines += [f"    {change}" for change in mutant.change()]
    return "\n".join(lines)


def format_table(rows: list[tuple[ModuleReport, float | None]]) -> str:
    """The per-module table (Markdown, so it can be pasted into an issue or a note)."""
    out = ["| module | mutants | detected | survived | no tests | marked equivalent "
           "| not judged | score | after equivalents | time |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for report, seconds in rows:
        time = f"{seconds / 60:.1f} min" if seconds is not None else "—"
        out.append(
            f"| `{report.file}` | {len(report.mutants)} | {report.detected} "
            f"| {report.count({'survived'}) - _marked(report, 'survived')} "
            f"| {report.count({'no tests'}) - _marked(report, 'no tests')} "
            f"| {len(report.equivalent)} | {report.unclear} | {_percent(report, False)} "
            f"| {_percent(report, True)} | {time} |")
    return "\n".join(out)


def _percent(report: ModuleReport, without_equivalents: bool) -> str:
    if not report.count(DETECTED | UNDETECTED):
        return "—"  # nothing judged yet
    return f"{report.score(without_equivalents):.1f} %"


def _marked(report: ModuleReport, status: str) -> int:
    return sum(1 for mutant in report.equivalent if mutant.status == status)
