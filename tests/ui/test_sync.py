"""The desktop against a real hub process: notes go up, signed KB revisions come down and are
searchable in the open window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.notes.prior_pull import CACHE_FILE as PRIOR_CACHE_FILE
from tests.hub.servers import HubProcess
from tests.ui.helpers import type_text

ARTICLE = """---
slug: full-moon-caller
kind: difficult-case
lang: ru
title: Абонент звонит каждое полнолуние
tags: [полнолуние]
replies:
  - "Спасибо, что позвонили в {company}."
---
Выслушайте и вежливо завершите разговор.
"""


@pytest.fixture
def hub(tmp_path: Path) -> Any:
    server = HubProcess(tmp_path / "hub", f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite'}")
    yield server
    server.stop()


def test_notes_sync_and_kb_revisions_arrive(qtbot: Any, make_desktop: Any, hub: Any,
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    token = hub.add_user("operator1", "agent")
    folder = tmp_path / "publish"
    folder.mkdir()
    (folder / "full-moon-caller.ru.md").write_text(ARTICLE, encoding="utf-8")
    published = hub.cli("publish", str(folder))
    assert published.returncode == 0, published.stderr
    public_key = hub.cli("key").stdout.strip().splitlines()[-1]
    hub.start()
    monkeypatch.setenv("SUFLER_HUB_TOKEN", token)

    desktop = make_desktop({"ui.language": "ru", "hub.url": hub.url,
                            "hub.public_key": public_key, "hub.sync_interval_seconds": 5})
    reports: list[Any] = []
    desktop.sync.report_received.connect(reports.append)
    qtbot.waitUntil(lambda: any(r.finished and r.kb is not None and r.kb.applied
                                for r in reports), timeout=30000)
    status = desktop.window.status.sync_label.text()
    assert status and "Ошибка" not in status
    # The floor's search prior rides on the KB pull and is cached for the next start.
    pulled = next(r.kb for r in reports if r.finished and r.kb is not None and r.kb.applied)
    assert pulled.prior is not None and pulled.prior.error is None
    assert (desktop.home / PRIOR_CACHE_FILE).exists()

    panel = desktop.window.kb_panel
    type_text(panel.search_field, "полнолуние")
    qtbot.waitUntil(lambda: any(h.slug == "full-moon-caller"
                                for h in panel.results_model.hits), timeout=15000)

    # A note written here is uploaded and shown as synced.
    desktop.notes.create("00000000-0000-4000-8000-000000000001", "hub-test", "79160000000",
                         "in", None, text="проверка")
    qtbot.waitUntil(lambda: any(r.finished and r.counts.synced >= 1 and r.counts.pending == 0
                                for r in reports), timeout=30000)


def test_the_hubs_floor_profile_arrives_and_shows_locked(qtbot: Any, make_desktop: Any, hub: Any,
                                                         tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    token = hub.add_user("operator2", "agent")
    profile = tmp_path / "floor.toml"
    profile.write_text('[hold]\nwarn_seconds = 45\n\n[site]\ncompany = "Hub Company"\n'
                       'product = "Fiber 500"\n', encoding="utf-8")
    assert hub.cli("site", "set", str(profile)).returncode == 0
    public_key = hub.cli("key").stdout.strip().splitlines()[-1]
    hub.start()
    monkeypatch.setenv("SUFLER_HUB_TOKEN", token)

    desktop = make_desktop({"ui.language": "en", "hub.url": hub.url, "hold.warn_seconds": 20,
                            "hub.public_key": public_key, "hub.sync_interval_seconds": 5})
    settings = desktop.settings
    qtbot.waitUntil(lambda: settings.settings.floor_revision == 1, timeout=30000)
    assert settings.get("hold.warn_seconds") == 45
    assert settings.get("site.company") == "ВолнаТелеком"  # the desk's site file wins

    desktop.window.open_settings()
    dialog = desktop.window.settings_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)
    warn = dialog.editors["hold.warn_seconds"]
    assert not warn.isEnabled() and warn.value() == 45
    assert warn.toolTip() == "Set by your IT department"
    product = dialog.editors["site.product"]
    assert not product.isEnabled() and product.text() == "Fiber 500"
    assert dialog.editors["hold.alarm_seconds"].isEnabled()
    assert "hold.warn_seconds" not in dialog.changes()
    dialog.reject()
