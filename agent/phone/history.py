"""Call history in ``<SUFLER_HOME>/calls.sqlite`` (table ``calls``).

:class:`HistoryRecorder` subscribes to the end of calls and writes one row per call (not for PBX
queue code calls).

Thread rule: used only by the engine's main thread; each write is one short transaction.
A failing disk never stops a call: errors are reported to stderr and dropped.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import sqlite_utils

from agent.phone.lines import CallRecord
from agent.phone.protocol import Direction

SCHEMA_VERSION = 1


class CallHistory:
    """Append one row per call when it ends."""

    def __init__(self, path: Path) -> None:
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


def history_row(record: CallRecord) -> dict[str, Any]:
    """The ``calls`` row of an ended call; ``result`` says how it went, with its last code."""
    if record.answered is not None:
        result = "answered"
    elif record.direction is Direction.IN:
        result = "refused" if record.hidden else "missed"
    else:
        result = "failed"
    return {
        "number": record.caller_id,
        "remote_uri": record.remote_uri,
        "display_name": record.display_name,
        "direction": record.direction.value,
        "started": record.started,
        "answered": record.answered,
        "ended": record.ended,
        "code": record.code,
        "result": f"{result} {record.code} {record.reason}".strip(),
    }


class HistoryRecorder:
    """Writes each ended call into ``store`` (none yet, or none at all: nothing is written)."""

    def __init__(self, store: CallHistory | None = None) -> None:
        self.store = store

    def call_ended(self, record: CallRecord) -> None:
        """Bus (``REMOVED``): one row, unless it was a PBX queue code call."""
        if self.store is not None and not record.queue_action:
            self.store.record(history_row(record))

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
