"""Entry point of the frozen build: ``sufler [COMMAND] ...`` like ``python -m agent``;
``sufler hub ...`` is ``python -m kb.hub ...``."""

from __future__ import annotations

import os
import sys


def main() -> int:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        os.environ.setdefault("SUFLER_ASSETS", os.path.join(bundle, "assets"))
    if sys.argv[1:2] == ["hub"]:
        from kb.hub.cli import main as hub_main

        return int(hub_main(sys.argv[2:]) or 0)
    from agent.__main__ import main as agent_main

    return agent_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
