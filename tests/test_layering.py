"""The import rules of the architecture, checked on the source text of every module.

- ``kb`` (library, hub and CLI) imports neither Qt, pjsua2 nor ``agent``.
- Only ``agent.phone`` imports ``pjsua2`` (the engine process).
- Only ``agent.ui`` imports ``PyQt6.QtWidgets`` / ``PyQt6.QtGui``.
- ``agent.notes`` and ``agent.phone`` core modules stay free of Qt widgets.
- No import cycle inside ``agent.ui`` or ``agent.phone``: every import counts, at module level,
  inside a function or under ``TYPE_CHECKING`` (a module that needs another only for a type
  still knows it).
- Nothing outside ``kb.hub`` imports ``kb.hub``: the workstation and the hub share the contract
  in ``kb.wire``, which imports neither the hub, ``agent`` nor Qt. (The frozen build's entry
  point in ``installer/`` dispatches to the hub's command line, which is what it is for.)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules_under(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def offending(paths: list[Path], banned: tuple[str, ...]) -> list[str]:
    bad = []
    for path in paths:
        for name in imported_modules(path):
            if any(name == b or name.startswith(b + ".") for b in banned):
                bad.append(f"{path.name} imports {name}")
    return bad


def test_kb_imports_no_qt_no_pjsua2_no_agent() -> None:
    assert offending(modules_under("kb"), ("PyQt6", "pjsua2", "agent")) == []


def test_only_agent_phone_imports_pjsua2() -> None:
    others = [p for p in modules_under("agent") if "phone" not in p.relative_to(ROOT).parts[:2]]
    assert offending(others, ("pjsua2",)) == []


def test_only_agent_ui_imports_widgets() -> None:
    outside_ui = [
        p for p in modules_under("agent") + modules_under("kb")
        if p.relative_to(ROOT).parts[:2] != ("agent", "ui")
    ]
    assert offending(outside_ui, ("PyQt6.QtWidgets", "PyQt6.QtGui")) == []


def test_the_floor_core_has_no_qt() -> None:
    assert offending(modules_under("agent/floor"), ("PyQt6",)) == []


def test_phone_engine_has_no_qt() -> None:
    engine = [p for p in modules_under("agent/phone") if p.name != "client.py"]
    assert offending(engine, ("PyQt6",)) == []


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_imports(package: str, root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the modules of the same package it imports (relative imports resolved)."""
    paths = {module_name(p, root): p for p in sorted((root / package.replace(".", "/"))
                                                     .rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        is_package = path.name == "__init__.py"
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
        graph[name] = {m for m in found if m in paths and m not in (name, package)}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk, each as ``[a, b, …, a]``."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                cycles.append([*path[path.index(other):], other])
            elif other not in state:
                visit(other)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return cycles


def test_no_import_cycle_in_the_desktop() -> None:
    graph = package_imports("agent.ui")
    assert "agent.ui.main_window" in graph["agent.ui.desktop"]  # the graph is really measured
    assert import_cycles(graph) == []


def test_no_import_cycle_in_the_phone_engine() -> None:
    graph = package_imports("agent.phone")
    assert "agent.phone.protocol" in graph["agent.phone.client"]
    assert import_cycles(graph) == []


def test_cycle_finder_sees_cycles_through_functions_and_type_checking(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("def f():\n    from pkg import b\n", encoding="utf-8")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    from .c import C\n", encoding="utf-8")
    (package / "c.py").write_text("from . import a\n", encoding="utf-8")
    (package / "d.py").write_text("import pkg.a\n", encoding="utf-8")
    graph = package_imports("pkg", tmp_path)
    assert graph["pkg.d"] == {"pkg.a"}
    assert import_cycles(graph) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]


def protocol_values() -> set[str]:
    """The wire values of the phone protocol's state enums (``confirmed``, ``local``...)."""
    from agent.phone import protocol

    enums = (protocol.CallState, protocol.Direction, protocol.HoldState, protocol.MediaStatus,
             protocol.RegistrationState, protocol.AgentState, protocol.Mode, protocol.AudioMode,
             protocol.TransferKind, protocol.QueueAction)
    return {member.value for enum in enums for member in enum}


def string_comparisons(path: Path, values: set[str]) -> list[str]:
    """``x == "confirmed"``, ``x in ("ready", "wrap-up")``… with a protocol value as a literal."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        literals = [c.value for o in operands
                    for c in ([o] if isinstance(o, ast.Constant) else
                              o.elts if isinstance(o, ast.Tuple | ast.List | ast.Set) else [])
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)]
        hits = sorted(v for v in literals if v in values)
        if hits:
            found.append(f"{path.name}:{node.lineno} compares with {', '.join(hits)}")
    return found


def test_desktop_compares_phone_states_as_enums_never_strings() -> None:
    values = protocol_values()
    assert {"confirmed", "local", "wrap-up", "registered"} <= values
    assert [hit for p in modules_under("agent/ui") for hit in string_comparisons(p, values)] == []


def test_string_comparison_finder(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('a = x == "confirmed"\nb = y in ("x", "wrap-up")\nc = z is State.READY\n',
                      encoding="utf-8")
    assert string_comparisons(module, {"confirmed", "wrap-up", "ready"}) == [
        "m.py:1 compares with confirmed", "m.py:2 compares with wrap-up"]
def test_nothing_outside_the_hub_imports_it() -> None:
    outside = [p for p in modules_under("agent") + modules_under("kb")
               if p.relative_to(ROOT).parts[:2] != ("kb", "hub")]
    assert offending(outside, ("kb.hub",)) == []


def test_the_wire_contract_imports_neither_hub_agent_nor_qt() -> None:
    assert offending(modules_under("kb/wire"), ("kb.hub", "agent", "PyQt6", "pjsua2")) == []


def test_the_workstation_sync_loads_no_hub_module() -> None:
    """Measured, not read: import every workstation module that talks to the hub and list
    which ``kb.hub`` modules ended up loaded (none may)."""
    code = ("import sys, agent.notes.cli, agent.notes.syncer, agent.notes.kb_pull, "
            "agent.notes.hub_client, kb.wire.signing, kb.wire.notes, kb.wire.articles, "
            "agent.floor.outbox, agent.floor.recorder, agent.floor.link, agent.floor.api, "
            "kb.wire.floor; "
            "print(sorted(m for m in sys.modules if m == 'kb.hub' or m.startswith('kb.hub.')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("banned", ["PyQt6.QtWidgets", "pjsua2"])
def test_rule_checker_detects_violations(tmp_path: Path, banned: str) -> None:
    module = tmp_path / "m.py"
    module.write_text(f"import os\nfrom {banned} import Something\n", encoding="utf-8")
    assert offending([module], (banned.split(".")[0],)) != []
