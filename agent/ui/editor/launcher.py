"""Knowledge base → Edit… in the desktop, for users whose hub token has the editor or admin role.

The role is asked of the hub once (on the desktop's worker pool); the menu appears only when it
allows editing. The editor window shares the desktop's process and settings but keeps its own
KB reader and drafts. Thread rule: GUI thread; the role check runs on a worker.
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QObject
from PyQt6.QtGui import QAction

from agent.editor.hub_api import EDITOR_ROLES, EditorHub
from agent.ui.sync_service import hub_token


class EditorLauncher(QObject):
    """Adds the menu to the desktop's window when the token may edit; opens one editor."""

    def __init__(self, desktop: Any) -> None:
        super().__init__(desktop)
        self.desktop = desktop
        self.editor: Any = None
        self.action: QAction | None = None
        self.role = ""  # the token's role, once the hub said

    def check(self) -> None:
        url = str(self.desktop.settings.get("hub.url") or "")
        if not url or self.action is not None:
            return
        hub = EditorHub(url, lambda: hub_token(url))
        self.desktop.workers.submit(hub.role, on_done=self.on_role,
                                    on_error=lambda _exc: None)  # no hub, no menu

    def on_role(self, role: tuple[str, str]) -> None:
        self.role = role[1]
        if role[1] not in EDITOR_ROLES or self.action is not None:
            return
        bar = self.desktop.window.menuBar()
        menu = bar.addMenu(self.tr("&Knowledge base"))
        self.action = QAction(self.tr("&Edit…"), self.desktop.window)
        self.action.triggered.connect(self.open_editor)
        menu.addAction(self.action)

    def open_editor(self) -> None:
        from agent.ui.editor.app import build_editor

        if self.editor is None or self.editor.isHidden():
            d = self.desktop
            self.editor = build_editor(d.settings.settings, d.home, d.language)
            self.editor.show()
            self.editor.start()
        self.editor.raise_()
        self.editor.activateWindow()
