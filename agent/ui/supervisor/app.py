"""``python -m agent supervisor``: the Supervisor window for tokens with the supervisor role.

The hub URL comes from the settings (``hub.url``); the token from ``SUFLER_HUB_TOKEN`` or the
keyring (the same entry the desktop uses), read on the stream's and the workers' threads.
The supervisor's own phone line (``hub.supervisor_line``) is what "call me on my line" and
"join the call" give the operator.

Thread rule: GUI thread.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from PyQt6.QtWidgets import QApplication

from agent import logs
from agent.settings import Settings
from agent.ui.supervisor.service import SupervisorService
from agent.ui.supervisor.window import SupervisorWindow
from agent.ui.sync_service import hub_token

LINE_SETTING = "hub.supervisor_line"


def build_supervisor(settings: Settings, language: str,
                     token: str | Callable[[], str | None] | None = None
                     ) -> SupervisorWindow:
    """The window for the configured hub (not started: call ``start()`` after showing)."""
    from agent.ui.app import app_icon

    hub_url = str(settings.get("hub.url") or "")
    service = SupervisorService(hub_url, token if token is not None
                                else (lambda: hub_token(hub_url)))
    window = SupervisorWindow(service, language, str(settings.get(LINE_SETTING) or ""),
                              app_icon())
    service.setParent(window)

    def keep_line(line: str) -> None:
        if line != settings.get(LINE_SETTING):
            settings.user[LINE_SETTING] = line
            service.workers.submit(settings.save)

    window.alerts.line_changed.connect(keep_line)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    from agent.ui.app import create_application, load_settings
    from agent.ui.i18n import choose_language, install_translators

    logs.setup("supervisor")
    app = create_application(["sufler-supervisor", *(argv or [])])
    assert isinstance(app, QApplication)
    settings, problem = load_settings()
    language = choose_language(str(settings.get("ui.language")))
    translators = install_translators(app, language)
    window = build_supervisor(settings, language)
    window.translators = translators  # type: ignore[attr-defined]
    window.show()
    window.start()
    status = window.statusBar()
    if problem and status is not None:
        status.showMessage(problem, 15000)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
