"""``python -m agent editor``: the KB editors' window as an application of its own.

Thread rule: GUI thread.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PyQt6.QtWidgets import QApplication

from agent import logs
from agent.ui.app import create_application, load_settings
from agent.ui.editor.app import build_editor
from agent.ui.i18n import choose_language, install_translators
from kb.paths import data_dir


def main(argv: Sequence[str] | None = None) -> int:
    logs.setup("editor")
    app = create_application(["sufler-editor", *(argv or [])])
    assert isinstance(app, QApplication)
    settings, problem = load_settings()
    language = choose_language(str(settings.get("ui.language")))
    translators = install_translators(app, language)
    window = build_editor(settings, data_dir(), language)
    window.translators = translators  # type: ignore[attr-defined]
    window.show()
    window.start()
    if problem:
        window.show_status(problem, error=True)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
