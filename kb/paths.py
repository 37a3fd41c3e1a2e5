"""Where Sufler keeps per-user data.

``SUFLER_HOME`` overrides the platform data dir for every command (tests and diagnostics use it).
Pure functions; safe from any thread.
"""

from __future__ import annotations

import contextlib
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
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """Create the file ``path`` (and missing parent directories, mode 0700) readable by its
    owner only, mode 0600: call notes, call events, searches and drafts are personal data on a
    shared workstation. An existing file keeps its mode. Returns ``path``."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def replace_file(path: Path, text: str, private: bool = False) -> None:
    """Write ``text`` to ``path`` atomically: a crash leaves the old file or the new one, never
    half of one (a temporary file beside it, flushed to disk, then renamed over it). With
    ``private`` both are readable by their owner only (:func:`private_file`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    if private:
        private_file(path)
        private_file(tmp)
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def assets_dir() -> Path:
    """The bundled ``assets/`` folder (default KB, sounds, translations, icons)."""
    frozen = os.environ.get("SUFLER_ASSETS")
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent / "assets"
