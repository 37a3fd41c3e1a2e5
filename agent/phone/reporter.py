"""The engine's events out: one protocol event per call of :meth:`Reporter.emit`, each stamped
with the ``reply_to`` of the command being handled.

Thread rule: main thread only. The reporter only builds events; ``send`` (the engine's writer
queue) is what crosses to the writer thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.phone import protocol as proto
from agent.phone.lines import AgentStateMachine, CallRecord, Lines
from agent.phone.protocol import CommandError, EventName, Params, Problem


class Reporter:
    """Emits events: plain ones, and the snapshots of a call, the lines and the agent state."""

    def __init__(self, send: Callable[[dict[str, Any]], None], lines: Lines,
                 agent: AgentStateMachine) -> None:
        self.send = send
        self.lines = lines
        self.agent = agent
        self.reply_to: str | int | None = None  # the id of the command being handled

    def emit(self, name: str, **fields: Any) -> None:
        event = proto.make_event(name, **fields)
        if self.reply_to is not None:
            event["reply_to"] = self.reply_to
        self.send(event)

    def error(self, message: str, command: str, problem: Problem,
              params: Params | None = None) -> None:
        """An ``error`` event: the English ``message`` for logs, ``problem`` and ``params`` for
        the desk's own sentence (see :class:`~agent.phone.protocol.Problem`)."""
        self.emit(EventName.ERROR, message=message, command=command, problem=problem.value,
                  params=dict(params or {}))

    def refused(self, exc: CommandError, command: str) -> None:
        """The ``error`` event of a command that could not apply."""
        self.error(str(exc), command, exc.problem, exc.params)

    def emit_call(self, record: CallRecord) -> None:
        """The call's snapshot; a hidden call (a PBX queue code, a refused call) has none."""
        if not record.hidden:
            self.emit(EventName.CALL, **record.snapshot())

    def emit_lines(self) -> None:
        self.emit(EventName.LINES, **self.lines.payload())

    def emit_agent_state(self) -> None:
        self.emit(EventName.AGENT_STATE, **self.agent.payload())
