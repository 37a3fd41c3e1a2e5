"""``python -m agent`` (``sufler`` when installed): the desktop, or a sub-command.

Sub-commands are imported lazily so that the phone engine never loads Qt and the desktop never
loads pjsua2 in its own process; ``--help``, ``--version`` and the IT commands work without a
display.

Thread rule: a command-line entry point; runs on the main thread.
"""

from __future__ import annotations

import os
import sys

USAGE = """\
usage: sufler [COMMAND] [ARGS...]

Without a command, starts the agent desktop.

commands:
  doctor [--json]        check this desk: keyring, audio, SIP, hub, KB, disk, versions
                         (--bundle FILE.zip: the report and redacted logs for a ticket)
  enroll HUB_URL         redeem a one-time enrollment code from IT (the code is asked for)
  phone ...              the SIP engine (JSON lines on stdin/stdout)
  notes ...              call notes and the sync with the hub
  kb ...                 the local knowledge base (search, stats, import)
  editor                 the KB editor window
  supervisor             the supervisor's floor window
  hub ...                the floor hub server: serve, migrate, user, enroll, backup ...
                         (the installed `sufler`; `python -m kb.hub` from a source tree)

options:
  -h, --help             show this help and exit
  --version              print the version and exit

Each command has its own --help. Logs: see `sufler doctor` (last line) or docs/it-deployment.md.
"""


def _has_display() -> bool:
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else ""
    rest = args[1:]
    if command in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0
    if command in ("--version", "-V", "version"):
        from kb.version import version

        print(f"sufler {version()}")
        return 0
    if command == "phone":
        from agent.phone.cli import main as phone_main

        return phone_main(rest)
    if command == "notes":
        from agent.notes.cli import main as notes_main

        return int(notes_main(rest) or 0)
    if command == "doctor":
        from agent.doctor.cli import main as doctor_main

        return doctor_main(rest)
    if command == "enroll":
        from agent.enroll import main as enroll_main

        return enroll_main(rest)
    if command == "kb":
        from kb.__main__ import main as kb_main

        return int(kb_main(rest) or 0)
    if command.startswith("-") and command not in ("-style", "-platform", "-reverse"):
        print(f"sufler: unknown option {command}\n", file=sys.stderr)
        print(USAGE, end="", file=sys.stderr)
        return 2
    if not _has_display():
        print("sufler: no display (neither DISPLAY nor WAYLAND_DISPLAY is set). Start the desktop "
              "from a graphical session, or run `sufler --help` for the commands that need none.",
              file=sys.stderr)
        return 2
    if command == "editor":
        from agent.ui.editor.main import main as editor_main

        return int(editor_main(rest) or 0)
    if command == "supervisor":
        from agent.ui.supervisor.app import main as supervisor_main

        return int(supervisor_main(rest) or 0)
    from agent.ui.app import main as ui_main

    return int(ui_main(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
