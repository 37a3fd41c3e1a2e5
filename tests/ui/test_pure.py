"""Pure pieces of the desktop: placeholders, dial text, Markdown safety, hold levels."""

from __future__ import annotations

import pytest

from agent.phone.protocol import Call, CallState, Direction, HoldState
from agent.ui.article_render import render_markdown
from agent.ui.hold_banner import hold_level
from agent.ui.lines_model import format_duration, time_text
from agent.ui.placeholders import fill, normalize_dial_text


def test_fill_uses_values_and_marks_the_missing_ones() -> None:
    reply = fill("{caller_name}, ответ придёт на {email} от {company}.",
                 {"company": "ВолнаТелеком", "caller_name": "  ", "email": ""})
    assert reply.text == "{caller_name}, ответ придёт на {email} от ВолнаТелеком."
    assert reply.missing == ("caller_name", "email")
    assert reply.html.count("background-color") == 2
    assert "<b>ВолнаТелеком</b>" in reply.html


def test_fill_escapes_html_in_values_and_template() -> None:
    reply = fill("<i>{caller_name}</i>", {"caller_name": "<script>x</script>"})
    assert "<script>" not in reply.html and "&lt;i&gt;" in reply.html
    assert reply.text == "<i><script>x</script></i>"


@pytest.mark.parametrize(("typed", "dialed"), [
    ("+7 (495) 123-45-67", "+74951234567"),
    (" 8 800 555 35 35 ", "88005553535"),
    ("sip:1001@pbx.example", "sip:1001@pbx.example"),
    ("1001@10.0.0.5", "1001@10.0.0.5"),
    ("*21#", "*21#"),
    ("support", "support"),
    ("", ""),
])
def test_dial_text_is_paste_friendly(typed: str, dialed: str) -> None:
    assert normalize_dial_text(typed) == dialed


def test_markdown_is_rendered_without_raw_html_or_scripts() -> None:
    html = render_markdown(
        "# Title\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) "
        "<img src=x onerror=alert(1)>\n\n![p](http://tracker.example/p.png)\n\n- **b**").html
    # Raw HTML stays visible as text (escaped), never as elements or attributes.
    assert "<script" not in html and "href=\"javascript" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "<h1>Title</h1>" in html and "<strong>b</strong>" in html


def test_hold_levels_and_durations() -> None:
    assert [hold_level(s, 30, 60) for s in (0, 29.9, 30, 59, 60, 600)] == [
        "normal", "normal", "warn", "warn", "alarm", "alarm"]
    assert format_duration(75) == "1:15" and format_duration(3700) == "1:01:40"


def test_time_column_keeps_the_whole_call_time_while_on_hold() -> None:
    talking = Call(call=1, state=CallState.CONFIRMED, direction=Direction.IN, remote_uri="sip:a@b",
                   caller_id="a", started=1000.0, answered=1010.0)
    assert time_text(talking, None, 1070.0) == "1:00"
    held = Call(call=1, state=CallState.CONFIRMED, direction=Direction.IN, remote_uri="sip:a@b",
                caller_id="a", started=1000.0, answered=1010.0, hold=HoldState.LOCAL,
                held_since=1300.0)
    assert time_text(held, None, 1340.0) == "0:40 / 5:30"
    ringing = Call(call=2, state=CallState.INCOMING, direction=Direction.IN, remote_uri="sip:c@d",
                   caller_id="c", started=1000.0)
    assert time_text(ringing, 1005.0, 1012.0) == "0:07"


@pytest.mark.parametrize(("cause", "agent_reason", "said"), [
    ("not-ready", "Lunch", "Turned away: you were Not ready (Lunch)"),
    ("not-ready", "", "Turned away: you were Not ready"),
    ("wrap-up", "", "Turned away: you were in Wrap-up"),
    ("dnd", "", "Turned away: Do not disturb was on"),
    ("lines-busy", "", "Turned away: all lines were busy"),
])
def test_a_refusal_is_told_by_the_cause_the_engine_sends(
        qtbot: object, cause: str, agent_reason: str, said: str) -> None:
    from agent.phone.protocol import AgentState, AgentStateEvent, Refusal, RefusedEvent
    from agent.ui.phone_state import PhoneState, RefusedCall, refusal_text

    phone = PhoneState(None)
    # The desk last saw Ready: the engine's cause counts, not the state seen before the call.
    phone.on_agent_state_changed(AgentStateEvent(state=AgentState.READY))
    heard: list[RefusedCall] = []
    phone.call_refused.connect(heard.append)
    phone.on_call_refused(RefusedEvent(remote_uri="sip:1001@10.0.0.9", caller_id="1001",
                                       code=486, reason="whatever the engine says",
                                       cause=Refusal(cause), agent_reason=agent_reason))
    [refused] = heard
    assert refused.cause.value == cause and refused.number == "1001"
    assert refusal_text(refused) == said
    # A call that bypassed the registrar is no caller of the operator's: only logged.
    phone.on_call_refused(RefusedEvent(remote_uri="sip:scan@10.0.0.66", caller_id="scan",
                                       code=403, reason="calls are accepted only through the "
                                       "registrar", cause=Refusal.NOT_VIA_PROXY))
    assert len(heard) == 1
