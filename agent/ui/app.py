"""Entry point of the agent desktop: ``main()`` builds the application and shows the window.

The window appears before the knowledge base, the notes store or the phone engine are ready; they
come up on workers and in a child process. Thread rule: GUI thread only.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Sequence

from agent import logs
from agent.ui import prewarm

prewarm.start()  # before the Qt imports below, so that both load at the same time

from PyQt6.QtCore import QCoreApplication, QTimer  # noqa: E402
from PyQt6.QtGui import QIcon  # noqa: E402
from PyQt6.QtWidgets import QApplication  # noqa: E402

from agent.settings import Settings, SettingsError  # noqa: E402
from agent.ui.desktop import Desktop  # noqa: E402
from agent.ui.i18n import choose_language, install_translators  # noqa: E402
from agent.ui.ring_notifier import TrayNotifier  # noqa: E402
from agent.ui.style import STYLESHEET  # noqa: E402
from kb.paths import assets_dir, data_dir  # noqa: E402

log = logging.getLogger(__name__)


def app_icon() -> QIcon:
    return QIcon(str(assets_dir() / "icons" / "sufler.svg"))


def load_settings() -> tuple[Settings, str]:
    """The layered settings (two small TOML files, read once before the window exists).

    A broken file is reported and the built-in defaults are used instead of refusing to start.
    """
    try:
        return Settings.load(), ""
    except SettingsError as exc:
        return Settings(user_path=data_dir() / "settings.toml"), str(exc)


GIL_SWITCH_INTERVAL_S = 0.002


def create_application(argv: Sequence[str]) -> QApplication:
    # Worker threads (search, notes, sync) are Python too: hand the GIL back to the GUI thread
    # sooner than the default 5 ms so that their bursts do not add up to visible stalls.
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv))
    app.setApplicationName("Sufler")
    app.setOrganizationName("Sufler")
    app.setDesktopFileName("sufler")
    app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)
    app.setWindowIcon(app_icon())
    return app


def build_desktop(app: QApplication, settings: Settings, start_phone: bool = True) -> Desktop:
    """The desktop with its translators installed (kept alive on the desktop object)."""
    language = choose_language(str(settings.get("ui.language")))
    translators = install_translators(app, language)
    desktop = Desktop(settings, data_dir(), language, start_phone=start_phone)
    desktop.translators = translators
    desktop.tray = TrayNotifier(app_icon(), desktop.window, desktop.phone,
                                lambda: desktop.settings.get("ui.raise_on_ring") != "off")
    return desktop


def close_on_signals(desktop: Desktop) -> None:
    """Ctrl+C or SIGTERM in a terminal close the window properly (notes flushed, engine told)."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_args: desktop.window.close())
    # Python runs signal handlers only when it gets control: wake it up now and then.
    wakeup = QTimer(desktop)
    wakeup.timeout.connect(lambda: None)
    wakeup.start(250)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop until the window closes; returns the exit code."""
    logs.setup("desktop")
    app = create_application(sys.argv if argv is None else ["sufler", *argv])
    settings, problem = load_settings()
    desktop = build_desktop(app, settings)
    desktop.window.show()
    desktop.start()
    close_on_signals(desktop)
    if problem:
        desktop.window.status.showMessage(
            QCoreApplication.translate("App", "Settings file ignored: %1").replace("%1", problem))
    code = app.exec()
    desktop.wait_for_engine_exit()
    return code


if __name__ == "__main__":
    sys.exit(main())
