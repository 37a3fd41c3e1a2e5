"""The hub's Alembic migrations upgrade a database in place, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from kb.hub import db
from tests.hub.conftest import BACKENDS, database_url

OLD_NOTES = {
    # uuid: (payload of a note from a desktop before caller_name, the name the upgrade finds)
    "00000000-0000-4000-8000-000000000001": (
        {"number": "+7 1", "direction": "in", "complaint": {"caller_name": "Ирина"}}, "Ирина"),
    "00000000-0000-4000-8000-000000000002": (
        {"number": "+7 2", "direction": "in", "callback": {"caller_name": "Олег", "at": 1}},
        "Олег"),
    "00000000-0000-4000-8000-000000000003": (
        {"number": "+7 3", "direction": "out", "complaint": {"caller_name": 5}}, ""),
    "00000000-0000-4000-8000-000000000004": ({"number": "+7 4", "direction": "in"}, ""),
}


def _upgrade(engine: sa.Engine, target: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_of_the_first_schema_upgrades_and_keeps_its_notes(
        backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    engine = db.create_hub_engine(database_url(backend, tmp_path, request), pool_size=1)
    try:
        (tmp_path / "hub").mkdir(exist_ok=True)
        _upgrade(engine, "0001")
        old_notes = sa.table("notes", *(sa.column(c) for c in (
            "uuid", "revision", "number", "direction", "wrap_up_code", "completed", "payload",
            "uploaded_by", "received_at")))
        with engine.begin() as conn:
            conn.execute(old_notes.insert(), [
                {"uuid": uuid, "revision": 2, "number": payload["number"],
                 "direction": payload["direction"], "wrap_up_code": "", "completed": False,
                 "payload": json.dumps(payload, ensure_ascii=False), "uploaded_by": "ws-1",
                 "received_at": 1.0}
                for uuid, (payload, _name) in OLD_NOTES.items()])

        db.migrate(engine)  # what `serve` and `migrate` run
        db.migrate(engine)  # and again: nothing left to do

        with engine.connect() as conn:
            rows = {r.uuid: r for r in conn.execute(sa.select(db.notes))}
        assert {uuid: row.caller_name for uuid, row in rows.items()} == {
            uuid: name for uuid, (_payload, name) in OLD_NOTES.items()}
        assert all(row.revision == 2 and row.uploaded_by == "ws-1" for row in rows.values())
        assert {uuid: json.loads(row.payload) for uuid, row in rows.items()} == {
            uuid: payload for uuid, (payload, _name) in OLD_NOTES.items()}
    finally:
        engine.dispose()
