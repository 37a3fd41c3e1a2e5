"""Opens one article in the real window and exits: run by the article safety tests under
strace, which record every file the desktop touches between the two marker paths.

    python -m tests.ui.render_probe SLUG LANG
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

MARK_START = "/sufler-probe-start"
MARK_END = "/sufler-probe-end"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from agent.settings import Settings
    from agent.ui.app import build_desktop, create_application

    app = create_application(sys.argv[:1])
    desktop = build_desktop(app, Settings.load(), start_phone=False)
    window, panel = desktop.window, desktop.window.kb_panel

    def wait(condition: Callable[[], bool], seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit("timed out")
            app.processEvents()
            time.sleep(0.005)

    def show(slug: str, lang: str) -> None:
        opened: list[object] = []
        panel.article_opened.connect(opened.append)
        panel.kb.load_article(slug, lang)
        wait(lambda: bool(opened) and panel.article_panel.body.is_complete())
        window.grab()  # paint everything once (pictures, tooltips' owners, cards)
        panel.article_opened.disconnect(opened.append)

    window.show()
    desktop.start()
    wait(lambda: desktop.kb.is_open)
    show("manager-contact", "ru")  # fonts, styles and plugins are loaded by now
    os.access(MARK_START, os.F_OK)
    show(sys.argv[1], sys.argv[2])
    os.access(MARK_END, os.F_OK)
    print("shown:", panel.article.slug if panel.article else None, flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
