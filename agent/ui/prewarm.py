"""Start loading the knowledge-base engine (whoosh, numpy, stemmers) on a background thread
while the GUI toolkit is still being imported: the two overlap, and the search box becomes
usable sooner. Thread rule: call once, first thing, from the entry module.
"""

from __future__ import annotations

import threading


def _import_kb() -> None:
    try:
        import kb.knowledge_base  # noqa: F401 - imported for its side effect (module cache)
    except Exception:  # the real open on the KB worker reports any problem properly
        return


def start() -> None:
    threading.Thread(target=_import_kb, name="sufler-prewarm", daemon=True).start()
