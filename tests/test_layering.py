"""The import rules of the architecture, checked on the source text of every module.

- ``kb`` (library, hub and CLI) imports neither Qt, pjsua2 nor ``agent``.
- Only ``agent.phone`` imports ``pjsua2`` (the engine process).
- Only ``agent.ui`` imports ``PyQt6.QtWidgets`` / ``PyQt6.QtGui``.
- ``agent.notes`` and ``agent.phone`` core modules stay free of Qt widgets.
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


def test_phone_engine_has_no_qt() -> None:
    engine = [p for p in modules_under("agent/phone") if p.name != "client.py"]
    assert offending(engine, ("PyQt6",)) == []


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
            "agent.notes.hub_client, kb.wire.signing, kb.wire.notes, kb.wire.articles; "
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
