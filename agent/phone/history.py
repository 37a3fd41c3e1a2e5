"""Call history in ``<SUFLER_HOME>/calls.sqlite`` (table ``calls``).

Thread rule: used only by the engine's main thread; each write is one short transaction.
A failing disk never stops a call: errors are reported to stderr and dropped.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import sqlite_utils

SCHEMA_VERSION = 1


class CallHistory:
    """Append one row per call when it ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite_utils.Database(path)
        self._migrate()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version < 1:
            with self.db.conn:
                self.db.table("calls").create(
                    {
                        "id": int,
                        "number": str,
                        "remote_uri": str,
                        "display_name": str,
                        "direction": str,
                        "started": float,
                        "answered": float,
                        "ended": float,
                        "code": int,
                        "result": str,
                    },
                    pk="id",
                    if_not_exists=True,
                )
                self.db.table("calls").create_index(["started"], if_not_exists=True)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def record(self, row: dict[str, Any]) -> None:
        try:
            with self.db.conn:
                self.db.table("calls").insert(row)
        except sqlite3.Error as exc:
            sys.stderr.write(f"phone engine: call history not written: {exc}\n")

    def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        return list(self.db.table("calls").rows_where(order_by="started desc", limit=limit))

    def close(self) -> None:
        self.db.close()
