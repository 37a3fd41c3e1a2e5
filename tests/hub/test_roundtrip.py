"""Notes and KB revisions through a real hub process, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path

import httpx
import sqlalchemy as sa

from agent.notes.kb_pull import KbPuller
from agent.notes.store import NotesStore
from agent.notes.syncer import ONLINE, Syncer
from kb.hub import db
from kb.knowledge_base import KnowledgeBase
from tests.hub.conftest import RunningHub
from tests.hub.servers import run_cli, with_bases


def api(hub: RunningHub, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=f"{hub.url}/api/v1", headers=headers, timeout=30)


def exported(hub: RunningHub) -> list[dict[str, str]]:
    with api(hub, hub.editor) as client:
        response = client.get("/notes/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))


def upload(hub: RunningHub, items: list[dict]) -> httpx.Response:
    with api(hub, hub.agent) as client:
        return client.post("/notes", json={"notes": items})


def wire(note_uuid: str, revision: int, text: str = "") -> dict:
    return {"uuid": note_uuid, "revision": revision,
            "note": {"number": "+7 495 000", "direction": "in", "text": text}}


def test_health_and_openapi(hub: RunningHub) -> None:
    with api(hub) as client:
        health = client.get("/health").json()
        schema = client.get("/openapi.json").json()
    assert health["status"] == "ok"
    assert schema["openapi"].startswith("3.")
    assert {"/notes", "/kb/changes", "/kb/articles", "/users"} <= set(schema["paths"])
    caller_name = schema["components"]["schemas"]["NoteContent"]["properties"]["caller_name"]
    assert caller_name["type"] == "string" and caller_name["maxLength"] == 200


def stored_caller_names(hub: RunningHub) -> dict[str, str]:
    """The hub database's own ``caller_name`` column (not the payload), per note uuid."""
    engine = db.create_hub_engine(hub.process.db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(db.notes.c.uuid, db.notes.c.caller_name))
            return {row.uuid: row.caller_name for row in rows}
    finally:
        engine.dispose()


def test_syncer_uploads_everything_and_the_hub_confirms(hub: RunningHub, tmp_path: Path) -> None:
    store = NotesStore.open(tmp_path / "notes.sqlite")
    made = [store.create(f"call-{i}", f"+7 900 {i:04d}", "in" if i % 2 else "out",
                         started_at=1_700_000_000 + i, text=f"заметка {i}",
                         caller_name=f"Абонент {i}" if i % 3 == 0 else "",
                         complaint={"product": "router"} if i % 7 == 0 else {},
                         articles=["manager-contact"] if i % 5 == 0 else [])
            for i in range(230)]
    heard = []
    syncer = Syncer(store, hub.url, hub.agent, batch_size=100)
    syncer.add_listener(heard.append)
    report = syncer.sync_once()
    assert report.state == ONLINE and report.error is None
    assert report.confirmed == 230 and report.counts.pending == 0
    assert [r.finished for r in heard][-1] is True
    assert [r.confirmed for r in heard if not r.finished] == [100, 200, 230]

    # An edit after syncing goes up again as revision 2.
    store.update(made[3].uuid, text="исправлено", completed=True, caller_name="=Ольга")
    assert syncer.sync_once().confirmed == 1
    rows = {r["uuid"]: r for r in exported(hub)}
    assert {n.uuid for n in made} <= set(rows)
    assert rows[made[6].uuid]["caller_name"] == "Абонент 6"
    assert rows[made[1].uuid]["caller_name"] == ""
    assert rows[made[3].uuid]["caller_name"] == "'=Ольга"  # no formula in a spreadsheet
    names = stored_caller_names(hub)
    assert names[made[6].uuid] == "Абонент 6" and names[made[3].uuid] == "=Ольга"
    assert names[made[1].uuid] == ""
    assert rows[made[3].uuid]["revision"] == "2"
    assert rows[made[3].uuid]["text"] == "исправлено"
    assert rows[made[3].uuid]["completed"] == "yes"
    assert rows[made[0].uuid]["articles"] == "manager-contact"
    assert all(n.sync_state == "synced" for n in store.all())
    store.close()


def test_same_revision_twice_stores_once_and_answers_the_same(hub: RunningHub) -> None:
    note_uuid = str(uuid.uuid4())
    first = upload(hub, [wire(note_uuid, 1, "a")])
    second = upload(hub, [wire(note_uuid, 1, "a")])
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() == {"results": [{"uuid": note_uuid, "revision": 1,
                                                          "matches": True}]}
    assert [r["uuid"] for r in exported(hub)].count(note_uuid) == 1


def test_an_older_revision_never_overwrites_a_newer_one(hub: RunningHub) -> None:
    note_uuid = str(uuid.uuid4())
    assert upload(hub, [wire(note_uuid, 3, "newest")]).json()["results"][0]["revision"] == 3
    answer = upload(hub, [wire(note_uuid, 2, "older")]).json()
    assert answer == {"results": [{"uuid": note_uuid, "revision": 3, "matches": False}]}
    # Two revisions of one note in one batch: the newer wins.
    both = upload(hub, [wire(note_uuid, 5, "five"), wire(note_uuid, 4, "four")]).json()
    assert [(r["revision"], r["matches"]) for r in both["results"]] == [(5, True), (5, False)]
    row = next(r for r in exported(hub) if r["uuid"] == note_uuid)
    assert (row["revision"], row["text"]) == ("5", "five")


def test_cli_add_list_and_sync(hub: RunningHub, tmp_path: Path) -> None:
    home = tmp_path / "ws"
    notes = [{"call_id": "c1", "number": "+7 812 555", "direction": "in", "text": "первый",
              "caller_name": "Мария Ивановна"},
             {"call_id": "c2", "number": "+7 812 556", "direction": "out",
              "callback": {"when": "2026-12-01T10:00", "reason": "счёт"}}]
    added = run_cli(["-m", "agent", "notes", "add"], home, stdin=json.dumps(notes))
    assert added.returncode == 0, added.stderr
    uuids = added.stdout.split()
    assert len(uuids) == 2
    listed = run_cli(["-m", "agent", "notes", "list", "--json"], home)
    states = {json.loads(line)["uuid"]: json.loads(line)["sync_state"]
              for line in listed.stdout.splitlines()}
    assert states == dict.fromkeys(uuids, "pending")
    synced = run_cli(["-m", "agent", "notes", "sync", "--hub", hub.url], home,
                     SUFLER_HUB_TOKEN=hub.agent)
    assert synced.returncode == 0, synced.stderr
    assert hub.agent not in synced.stdout + synced.stderr
    listed = run_cli(["-m", "agent", "notes", "list"], home)
    assert listed.stdout.count("synced") == 2
    assert "Мария Ивановна" in listed.stdout
    found = run_cli(["-m", "agent", "notes", "list", "--json", "--query", "МАРИЯ"], home)
    assert [json.loads(line)["caller_name"] for line in found.stdout.splitlines()] == [
        "Мария Ивановна"]
    rows = {r["uuid"]: r for r in exported(hub)}
    assert json.loads(rows[uuids[1]]["callback"])["reason"] == "счёт"
    assert (rows[uuids[0]]["caller_name"], rows[uuids[1]]["caller_name"]) == (
        "Мария Ивановна", "")
    assert stored_caller_names(hub)[uuids[0]] == "Мария Ивановна"


def test_the_hub_serves_with_uvloop_and_httptools(hub: RunningHub) -> None:
    """uvicorn's "auto" picks the fast event loop and HTTP parser when they are installed."""
    assert "uvloop + httptools" in hub.process.log.read_text(encoding="utf-8")
    assert hub.process.proc is not None
    maps = Path(f"/proc/{hub.process.proc.pid}/maps")
    if maps.exists():  # Linux: the compiled modules are really loaded in the serving process
        loaded = maps.read_text(encoding="utf-8", errors="replace")
        assert "uvloop/loop." in loaded and "httptools/parser/parser." in loaded


def _article(slug: str, body: str, lang: str = "ru") -> dict:
    return {"slug": slug, "kind": "procedure", "lang": lang, "title": f"Статья {slug}",
            "body": body, "tags": ["тест"], "replies": ["Минуту, пожалуйста"],
            "actions": [{"type": "hold"}], "extra": {"owner": "quality"}}


def publish(hub: RunningHub, upserts: list[dict], deletions: list[dict] | None = None) -> int:
    with api(hub, hub.editor) as client:
        response = client.post("/kb/articles",
                               json={"upserts": with_bases(hub.url, hub.editor, upserts),
                                     "deletions": with_bases(hub.url, hub.editor,
                                                             deletions or [])})
    assert response.status_code == 201, response.text
    return int(response.json()["revision"])


def public_key(hub: RunningHub) -> str:
    with api(hub, hub.agent) as client:
        return client.get("/kb/public-key").json()["public_key"]


def test_kb_revisions_are_pulled_verified_and_applied(hub: RunningHub, tmp_path: Path) -> None:
    base = publish(hub, [_article("hub-a", "Первая версия"), _article("hub-b", "Б")])
    publish(hub, [_article("hub-a", "Вторая версия", lang="en")])
    for i in range(4):
        publish(hub, [_article("hub-counter", f"шаг {i}")])
    last = publish(hub, [_article("hub-a", "Третья версия")], [{"slug": "hub-b", "lang": "ru"}])

    kb = KnowledgeBase.open(tmp_path / "kb", seed=False)
    try:
        puller = KbPuller(kb, public_key(hub), page_size=2)
        syncer = Syncer(NotesStore.open(tmp_path / "notes.sqlite"), hub.url, hub.agent,
                        kb_puller=puller)
        report = syncer.sync_once()
        assert report.ok, report.error
        assert report.kb.to_revision == last >= base + 6
        assert kb.revision == last
        assert kb.get("hub-a", "ru").body == "Третья версия"
        assert kb.get("hub-a", "en").body == "Вторая версия"
        assert kb.get("hub-a", "ru").extra == {"owner": "quality"}
        assert kb.get("hub-b", "ru") is None
        assert kb.get("hub-counter", "ru").body == "шаг 3"
        # Nothing new: a pull is a no-op.
        assert syncer.sync_once().kb.applied == []
    finally:
        kb.close()


def test_publish_folder_from_the_command_line(hub: RunningHub, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "cli-one.ru.md").write_text(
        "---\nslug: cli-one\nkind: procedure\nlang: ru\ntitle: Из папки\n---\nТекст\n",
        encoding="utf-8")
    result = hub.process.cli("publish", str(folder))
    assert result.returncode == 0, result.stderr
    assert "published revision" in result.stdout
    again = hub.process.cli("publish", str(folder))
    assert "nothing changed" in again.stdout
    # Edited synonyms are a change of their own, and reach the workstations.
    (folder / "synonyms.yaml").write_text("- [папка, каталог]\n", encoding="utf-8")
    with_synonyms = hub.process.cli("publish", str(folder))
    assert "1 synonym set(s)" in with_synonyms.stdout, with_synonyms.stdout + with_synonyms.stderr
    assert "nothing changed" in hub.process.cli("publish", str(folder)).stdout
    kb = KnowledgeBase.open(tmp_path / "kb", seed=False)
    try:
        with api(hub, hub.agent) as client:
            report = KbPuller(kb, public_key(hub)).pull(client)
        assert report.ok, report.error
        assert kb.get("cli-one", "ru").title == "Из папки"
        assert ["папка", "каталог"] in kb.synonym_sets()
    finally:
        kb.close()


def test_admin_manages_users_and_tokens(hub: RunningHub) -> None:
    with api(hub, hub.admin) as admin:
        created = admin.post("/users", json={"name": "operator7", "role": "agent"})
        assert created.status_code == 201
        token = created.json()["token"]
        assert admin.post("/users", json={"name": "operator7", "role": "agent"}).status_code \
            == 409
        names = {u["name"]: u for u in admin.get("/users").json()["users"]}
        assert names["operator7"]["role"] == "agent"
        with api(hub, token) as operator:
            assert operator.get("/kb/changes").status_code == 200
            assert operator.get("/users").status_code == 403
            revoked = admin.delete("/users/operator7/tokens")
            assert revoked.json()["revoked"] == 1
            assert operator.get("/kb/changes").status_code == 401
        assert admin.post("/users/nobody-here/tokens").status_code == 404


def test_user_add_cli_prints_the_token_last(hub: RunningHub) -> None:
    result = hub.process.cli("user", "add", "cli-made", "--role", "editor")
    assert result.returncode == 0, result.stderr
    token = result.stdout.split()[-1]
    with api(hub, token) as client:
        assert client.get("/notes/export.csv").status_code == 200
    assert hub.process.cli("user", "add", "cli-made", "--role", "agent").returncode == 1


def test_cli_sync_pulls_the_kb_with_the_pinned_key(hub: RunningHub, tmp_path: Path) -> None:
    home = tmp_path / "ws"
    home.mkdir()
    last = publish(hub, [_article("cli-pulled", "Через командную строку")])
    (home / "settings.toml").write_text(
        f'[hub]\nurl = "{hub.url}"\npublic_key = "{public_key(hub)}"\n', encoding="utf-8")
    synced = run_cli(["-m", "agent", "notes", "sync", "--kb"], home,
                     SUFLER_HUB_TOKEN=hub.agent, SUFLER_SITE_FILE=str(tmp_path / "none.toml"))
    assert synced.returncode == 0, synced.stderr
    assert f"-> {last}" in synced.stdout
    kb = KnowledgeBase.open(home, seed=False)
    try:
        assert kb.revision == last and kb.get("cli-pulled", "ru") is not None
    finally:
        kb.close()


def test_cli_sync_exit_codes(hub: RunningHub, tmp_path: Path) -> None:
    home = tmp_path / "ws"
    note = json.dumps({"number": "1", "direction": "in"})
    assert run_cli(["-m", "agent", "notes", "add"], home, stdin=note).returncode == 0
    offline = run_cli(["-m", "agent", "notes", "sync", "--hub", "http://127.0.0.1:9"], home,
                      SUFLER_HUB_TOKEN=hub.agent)
    assert offline.returncode == 2 and "offline" in offline.stderr
    refused = run_cli(["-m", "agent", "notes", "sync", "--hub", hub.url], home,
                      SUFLER_HUB_TOKEN="sfh_wrong")
    assert refused.returncode == 1 and "new token" in refused.stderr
    bad = run_cli(["-m", "agent", "notes", "add"], home, stdin="{nope")
    assert bad.returncode == 1 and "not valid JSON" in bad.stderr
