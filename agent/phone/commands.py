"""Command dispatch: one protocol line in, its handler run, every failure an ``error`` event.

Thread rule: main thread only (the loop calls :func:`handle_line` between ``libHandleEvents``);
the ``reply_to`` of every event a command causes is the command's ``id``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pjsua2 as pj

from agent.phone import protocol as proto
from agent.phone.protocol import AgentState, Command, CommandError

if TYPE_CHECKING:
    from agent.phone.engine import PhoneEngine

Handler = Callable[[Command], None]


def handlers(engine: PhoneEngine) -> dict[str, Handler]:
    """Command name → handler; the names are exactly those of :data:`protocol.COMMANDS`."""
    calls, transfers = engine.call_control, engine.transfers
    media, accounts = engine.media, engine.accounts
    return {
        "dial": calls.cmd_dial,
        "answer": calls.cmd_answer,
        "reject": calls.cmd_reject,
        "hangup": calls.cmd_hangup,
        "hold": calls.cmd_hold,
        "resume": calls.cmd_resume,
        "swap": calls.cmd_swap,
        "conference": calls.cmd_conference,
        "dnd": lambda command: _dnd(engine, command),
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
        "state": lambda command: _state(engine, command),
        "status": lambda command: _status(engine),
        "quit": lambda command: engine.stop(),
    }


def handle_line(engine: PhoneEngine, table: dict[str, Handler], line: str) -> None:
    """Parse and run one command line; every failure becomes an ``error`` event."""
    try:
        command = proto.parse_command(line)
    except proto.ProtocolError as exc:
        engine.reply_to = exc.request_id
        first = line.strip().split(None, 1)[0][:40] if line.strip() else ""
        engine.error(exc.message, "" if first.startswith("{") else first)
        engine.reply_to = None
        return
    if command is None:
        return
    engine.reply_to = command.id
    try:
        table[command.name](command)
    except CommandError as exc:
        engine.error(str(exc), command.name)
    except pj.Error as exc:
        engine.error(f"{command.name} failed: {exc.reason or exc.info()}", command.name)
    except Exception as exc:
        engine.error(f"{command.name} failed: {type(exc).__name__}: {exc}", command.name)
    finally:
        engine.reply_to = None


def _state(engine: PhoneEngine, command: Command) -> None:
    state = AgentState(command.args["state"])
    engine.agent.set(state, command.args.get("reason", ""))
    engine.emit_agent_state()


def _dnd(engine: PhoneEngine, command: Command) -> None:
    engine.agent.dnd = bool(command.args.get("on", True))
    engine.emit_agent_state()


def _status(engine: PhoneEngine) -> None:
    engine.emit_agent_state()
    engine.emit_lines()
    engine.accounts.emit_status()
    engine.media.emit_audio()
