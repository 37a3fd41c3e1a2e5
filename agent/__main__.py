"""``python -m agent``: the desktop, or a sub-command (``phone``, ``notes``, ``editor``).

Sub-commands are imported lazily so that the phone engine never loads Qt and the desktop never
loads pjsua2 in its own process.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "phone":
        from agent.phone.cli import main as phone_main

        return phone_main(args[1:])
    if args and args[0] == "editor":
        from agent.ui.editor.main import main as editor_main

        return int(editor_main(args[1:]) or 0)
    if args and args[0] == "notes":
        from agent.notes.cli import main as notes_main

        return int(notes_main(args[1:]) or 0)
    from agent.ui.app import main as ui_main

    return int(ui_main(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
