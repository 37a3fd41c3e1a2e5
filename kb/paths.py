"""Where Sufler keeps per-user data.

``SUFLER_HOME`` overrides the platform data dir for every command (tests and diagnostics use it).
Pure functions; safe from any thread.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Sufler"


def data_dir() -> Path:
    """The per-user data dir (created if missing): ``kb.sqlite``, ``index/``, ``notes.sqlite``..."""
    override = os.environ.get("SUFLER_HOME")
    if override:
        path = Path(override)
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def assets_dir() -> Path:
    """The bundled ``assets/`` folder (default KB, sounds, translations, icons)."""
    frozen = os.environ.get("SUFLER_ASSETS")
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent / "assets"
