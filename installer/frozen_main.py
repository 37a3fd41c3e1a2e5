"""Entry point of the frozen build: ``sufler [phone|notes|kb|hub] ...`` like ``python -m agent``."""

from __future__ import annotations

import os
import sys


def main() -> int:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        os.environ.setdefault("SUFLER_ASSETS", os.path.join(bundle, "assets"))
    args = sys.argv[1:]
    if args[:1] == ["kb"]:
        from kb.__main__ import main as kb_main

        return int(kb_main(args[1:]) or 0)
    if args[:1] == ["hub"]:
        from kb.hub.cli import main as hub_main

        return int(hub_main(args[1:]) or 0)
    from agent.__main__ import main as agent_main

    return agent_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
