"""Command dispatch: one protocol line in, its handler run, every failure an ``error`` event.

Thread rule: main thread only (the loop calls :func:`handle_line` between ``libHandleEvents``);
the ``reply_to`` of every event a command causes is the command's ``id``.
"""

from __future__ import annotations

from collections.abc import Callable

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.accounts import Accounts
from agent.phone.calls import CallControl
from agent.phone.lines import AgentStateMachine
from agent.phone.media import Media
from agent.phone.protocol import AgentState, Command, CommandError, Problem
from agent.phone.reporter import Reporter
from agent.phone.transfers import Transfers

Handler = Callable[[Command], None]


def handlers(calls: CallControl, transfers: Transfers, media: Media, accounts: Accounts,
             agent: AgentStateMachine, reporter: Reporter,
             stop: Callable[[], None]) -> dict[str, Handler]:
    """Command name → handler; the names are exactly those of :data:`protocol.COMMANDS`."""

    def state(command: Command) -> None:
        agent.set(AgentState(command.args["state"]), command.args.get("reason", ""))
        reporter.emit_agent_state()

    def dnd(command: Command) -> None:
        agent.dnd = bool(command.args.get("on", True))
        reporter.emit_agent_state()

    def status(command: Command) -> None:
        reporter.emit_agent_state()
        reporter.emit_lines()
        accounts.emit_status()
        media.emit_audio()

    return {
        "dial": calls.cmd_dial,
        "answer": calls.cmd_answer,
        "reject": calls.cmd_reject,
        "hangup": calls.cmd_hangup,
        "hold": calls.cmd_hold,
        "resume": calls.cmd_resume,
        "swap": calls.cmd_swap,
        "conference": calls.cmd_conference,
        "dnd": dnd,
        "mute": calls.cmd_mute,
        "dtmf": calls.cmd_dtmf,
        "queue": calls.cmd_queue,
        "transfer": transfers.cmd_transfer,
        "consult": transfers.cmd_consult,
        "complete": transfers.cmd_complete,
        "cancel": transfers.cmd_cancel,
        "play": media.cmd_play,
        "record": media.cmd_record,
        "audio": media.cmd_audio,
        "account": accounts.cmd_account,
        "unregister": accounts.cmd_unregister,
        "state": state,
        "status": status,
        "quit": lambda command: stop(),
    }


def handle_line(reporter: Reporter, table: dict[str, Handler], line: str) -> None:
    """Parse and run one command line; every failure becomes an ``error`` event."""
    try:
        command = proto.parse_command(line)
    except proto.ProtocolError as exc:
        reporter.reply_to = exc.request_id
        first = line.strip().split(None, 1)[0][:40] if line.strip() else ""
        reporter.error(exc.message, "" if first.startswith("{") else first, exc.problem,
                       exc.params)
        reporter.reply_to = None
        return
    if command is None:
        return
    reporter.reply_to = command.id
    try:
        table[command.name](command)
    except CommandError as exc:
        reporter.refused(exc, command.name)
    except pj.Error as exc:
        detail = exc.reason or exc.info()
        reporter.error(f"{command.name} failed: {detail}", command.name, Problem.SIP_FAILED,
                       {"command": command.name, "detail": detail})
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}"
        reporter.error(f"{command.name} failed: {detail}", command.name, Problem.INTERNAL,
                       {"detail": detail})
    finally:
        reporter.reply_to = None
