"""Building the KB editors' window for the configured hub (on its own, or from the desktop).

The hub URL comes from the settings (``hub.url``); the token from ``SUFLER_HUB_TOKEN`` or the
keyring (the same entry the desktop uses), read on a worker thread. Thread rule: GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PyQt6.QtWidgets import QWidget

from agent.editor.hub_api import EditorHub
from agent.settings import Settings
from agent.ui.editor.service import EditorService
from agent.ui.editor.window import EditorWindow
from agent.ui.kb_service import KbService
from agent.ui.sync_service import hub_token


def departments(settings: Settings, language: str) -> list[tuple[str, str]]:
    found = []
    for item in settings.get("site.departments") or []:
        if isinstance(item, dict) and item.get("key"):
            label = item.get(f"label_{language}") or item.get("label_en") or item["key"]
            found.append((str(item["key"]), str(label)))
    return found


def sample_values(settings: Settings) -> dict[str, str]:
    return {"company": str(settings.get("site.company") or ""),
            "product": str(settings.get("site.product") or ""),
            "email": str(settings.get("site.offers_email") or "")}


def build_editor(settings: Settings, home: Path, language: str,
                 parent: QWidget | None = None, kb: Any = None) -> EditorWindow:
    """The editor window for the configured hub (not started: call ``start()`` after showing).

    ``kb`` may be the desktop's open :class:`KbService`; otherwise the editor opens its own.
    """
    hub_url = str(settings.get("hub.url") or "")
    hub = EditorHub(hub_url, lambda: hub_token(hub_url))
    service = EditorService(home, hub)
    window = EditorWindow(service, kb or KbService(home), language,
                          departments(settings, language), sample_values(settings), parent)
    service.setParent(window)
    return window
