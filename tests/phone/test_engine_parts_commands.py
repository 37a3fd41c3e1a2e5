"""Command dispatch against fakes: each failure becomes one ``error`` event that answers the
command's id, and the events a command causes carry that id."""

from __future__ import annotations

from typing import Any

import pytest

from agent.phone.commands import handle_line
from agent.phone.protocol import Command, CommandError, Problem
from tests.phone.engine_fakes import Rig, pj_error


@pytest.fixture
def rig() -> Rig:
    return Rig()


def table(rig: Rig, failure: Exception | None = None) -> dict[str, Any]:
    def hold(command: Command) -> None:
        rig.reporter.emit("call", call=command.call)
        if failure is not None:
            raise failure

    return {"hold": hold}


def test_the_events_of_a_command_answer_its_id_and_only_those(rig: Rig) -> None:
    handle_line(rig.reporter, table(rig), '{"cmd": "hold", "call": 2, "id": "h1"}')
    rig.reporter.emit("lines")
    assert [(e["event"], e.get("reply_to")) for e in rig.events] == [("call", "h1"),
                                                                     ("lines", None)]
    assert rig.events[0]["call"] == 2


@pytest.mark.parametrize(("failure", "message", "problem", "params"), [
    (CommandError("call 2 is not connected", Problem.CALL_NOT_CONNECTED, call=2),
     "call 2 is not connected", "call-not-connected", {"call": "2"}),
    (pj_error(reason="bad state"), "hold failed: bad state", "sip-failed",
     {"command": "hold", "detail": "bad state"}),
    (KeyError("x"), "hold failed: KeyError: 'x'", "internal", {"detail": "KeyError: 'x'"}),
])
def test_every_failure_is_one_error_event_for_the_command(
        rig: Rig, failure: Exception, message: str, problem: str,
        params: dict[str, str]) -> None:
    handle_line(rig.reporter, table(rig, failure), '{"cmd": "hold", "id": 7}')
    error = rig.events[-1]
    assert (error["event"], error["message"], error["command"], error["reply_to"]) == (
        "error", message, "hold", 7)
    assert (error["problem"], error["params"]) == (problem, params)
    assert rig.reporter.reply_to is None


def test_a_pjsua_error_without_a_reason_says_what_pjsua_said(rig: Rig) -> None:
    failure = pj_error(reason="")
    handle_line(rig.reporter, table(rig, failure), "hold")
    assert rig.events[-1]["message"] == f"hold failed: {failure.info()}"


@pytest.mark.parametrize(("line", "command"), [
    ('{"cmd": "fly", "id": "x1"}', ""),
    ("fly away", "fly"),
])
def test_a_line_that_is_not_a_command_is_refused_with_its_id(
        rig: Rig, line: str, command: str) -> None:
    handle_line(rig.reporter, table(rig), line)
    assert [e["event"] for e in rig.events] == ["error"]
    assert rig.events[0]["command"] == command
    assert rig.events[0]["problem"] == "bad-command" and rig.events[0]["params"]["detail"]
    assert rig.events[0].get("reply_to") == ("x1" if line.startswith("{") else None)
    assert rig.reporter.reply_to is None


def test_blank_lines_and_comments_do_nothing(rig: Rig) -> None:
    for line in ("", "   ", "# a comment"):
        handle_line(rig.reporter, table(rig), line)
    assert rig.events == []
