"""The installed Sufler version, in a source tree and in the frozen bundle alike.

The frozen build carries a ``VERSION`` file next to this module (written by the PyInstaller spec
from ``pyproject.toml``); a source tree reads ``pyproject.toml`` itself. Pure; any thread.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def version() -> str:
    """``"0.1.0"``-style version, or ``"unknown"`` when nothing says it."""
    bundled = _HERE / "VERSION"
    if bundled.is_file():
        return bundled.read_text(encoding="utf-8").strip()
    pyproject = _HERE.parent / "pyproject.toml"
    if pyproject.is_file():
        with pyproject.open("rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    try:
        return metadata.version("sufler")
    except metadata.PackageNotFoundError:
        return "unknown"
