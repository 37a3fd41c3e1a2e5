"""Log files: one rotating file per program and user, secrets redacted.

Where: ``SUFLER_LOG_DIR`` if set, else ``$SUFLER_HOME/log`` when ``SUFLER_HOME`` is set, else
the platform's per-user log directory (``~/.local/state/Sufler/log`` on Linux,
``%LOCALAPPDATA%\\Sufler\\Logs`` on Windows). Files:
``desktop.log``, ``engine.log``, ``hub.log``, ``editor.log``, ``supervisor.log``; each rotates at
5 MB and keeps 5 old copies. Level: ``SUFLER_LOG`` (``INFO`` by default, ``DEBUG`` for more).

Thread rule: :func:`setup` runs once on the main thread before other threads start; the handlers
are thread-safe.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
from pathlib import Path

import platformdirs

LOG_DIR_ENV = "SUFLER_LOG_DIR"
LEVEL_ENV = "SUFLER_LOG"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# Hub tokens, enrollment codes, bearer headers, password=... pairs, and SIP digest responses.
_SECRET_PATTERNS = (
    re.compile(r"sfh_[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)(authorization:\s*bearer\s+)\S+"),
    re.compile(r"(?i)((?:password|passwd|token|secret|code)\s*[=:]\s*)[^\s,;&\"']+"),
    re.compile(r"(?i)(response=\")[0-9a-f]+"),
)


def redact(text: str) -> str:
    """``text`` with anything that looks like a secret replaced by ``***``."""
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "***", text)
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter whose output never carries a token or password."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    home = os.environ.get("SUFLER_HOME")
    if home:
        return Path(home) / "log"
    return Path(platformdirs.user_log_dir("Sufler", appauthor=False))


def log_file(program: str) -> Path:
    return log_dir() / f"{program}.log"


def setup(program: str, stderr: bool = True, level: str | None = None,
          stderr_level: int = logging.NOTSET) -> Path | None:
    """Send the root logger to ``<log dir>/<program>.log`` (and stderr); returns the file, or
    None when the directory cannot be written (then stderr only, with a warning)."""
    root = logging.getLogger()
    root.setLevel((level or os.environ.get(LEVEL_ENV) or "INFO").upper())
    formatter = RedactingFormatter(FORMAT)
    for handler in list(root.handlers):
        if getattr(handler, "_sufler", False):
            root.removeHandler(handler)
    if stderr:
        err = logging.StreamHandler(sys.stderr)
        err.setFormatter(formatter)
        err.setLevel(stderr_level)
        err._sufler = True  # type: ignore[attr-defined]
        root.addHandler(err)
    path = log_file(program)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES,
                                                       backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        logging.getLogger("sufler").warning("no log file (%s): %s", path, exc)
        return None
    handler.setFormatter(formatter)
    handler._sufler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
