"""The floor's part of the hub's OpenAPI description (``/floor/...``), next to its endpoints.

Pure data; safe from any thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kb.wire.floor import (
    MAX_ALERT_TEXT,
    MAX_EVENTS_PER_BATCH,
    MAX_KEY,
    AckKind,
    AgentStatus,
    AlertState,
    CallbackOutcome,
    CallbackState,
    CallLeg,
    CallPhase,
    CallResult,
    EventKind,
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _enum(kind: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [m.value for m in kind]}


_TIME = {"type": "number", "minimum": 0, "description": "seconds since 1970 (workstation clock)"}
_SECONDS = {"type": "number", "minimum": 0}
_UUID = {"type": "string", "format": "uuid"}

SCHEMAS: dict[str, Any] = {
    "FloorEvent": {
        "type": "object", "required": ["uuid", "seq", "at", "kind"],
        "description": "One presence or call event. No audio, caller number or name travels. "
                       "Fields by kind: state {state, reason}; call {call, phase, direction, "
                       "leg, started_at, answered_at, ended_at, held_since, hold_s, warn_s, "
                       "alarm_s, transfer, result, talk_s, hold_total_s, holds, "
                       "longest_hold_s, holds_over_alarm, code}; waiting {count}; alert {text, "
                       "article, call, call_s, on_hold, held_since}; callback {callback, "
                       "outcome, call}. Unknown fields are refused.",
        "properties": {
            "uuid": _UUID, "seq": {"type": "integer", "minimum": 0}, "at": _TIME,
            "kind": _enum(EventKind), "state": _enum(AgentStatus),
            "reason": {"type": "string", "maxLength": 100},
            "call": {"type": "string", "maxLength": MAX_KEY},
            "phase": _enum(CallPhase), "direction": {"type": "string", "enum": ["in", "out"]},
            "leg": _enum(CallLeg), "result": _enum(CallResult),
            "started_at": _TIME, "answered_at": _TIME, "ended_at": _TIME, "held_since": _TIME,
            "hold_s": _SECONDS, "talk_s": _SECONDS, "hold_total_s": _SECONDS,
            "longest_hold_s": _SECONDS, "warn_s": {"type": "integer"},
            "alarm_s": {"type": "integer"}, "holds": {"type": "integer"},
            "holds_over_alarm": {"type": "integer"}, "count": {"type": "integer"},
            "text": {"type": "string", "maxLength": MAX_ALERT_TEXT},
            "article": {"type": "string"}, "call_s": _SECONDS, "on_hold": {"type": "boolean"},
            "callback": _UUID, "outcome": _enum(CallbackOutcome),
        },
    },
    "FloorEventBatch": {
        "type": "object", "required": ["station", "sent_at", "events"],
        "properties": {"station": {"type": "string", "maxLength": MAX_KEY}, "sent_at": _TIME,
                       "events": {"type": "array", "maxItems": MAX_EVENTS_PER_BATCH,
                                  "items": _ref("FloorEvent")}},
    },
    "FloorEventsStored": {
        "type": "object", "required": ["received", "stored", "now"],
        "properties": {"received": {"type": "integer"},
                       "stored": {"type": "integer", "description": "new to the hub"},
                       "now": {"type": "number", "description": "the hub's clock"}},
    },
    "Presence": {
        "type": "object",
        "properties": {
            "operator": {"type": "string"}, "group": {"type": "string"},
            "station": {"type": "string"}, "state": _enum(AgentStatus),
            "reason": {"type": "string"}, "state_since": _TIME, "waiting": {"type": "integer"},
            "last_seen": _TIME, "seq": {"type": "integer",
                                        "description": "the newest event applied"},
            "calls": {"type": "array", "items": {"type": "object", "properties": {
                "key": {"type": "string"}, "direction": {"type": "string"},
                "leg": _enum(CallLeg), "started": _TIME, "answered": _TIME,
                "held_since": _TIME, "warn_s": {"type": "integer"},
                "alarm_s": {"type": "integer"}}}},
        },
    },
    "Alert": {
        "type": "object",
        "properties": {"id": _UUID, "operator": {"type": "string"}, "raised_at": _TIME,
                       "text": {"type": "string"}, "article": {"type": "string"},
                       "call": {"type": "string"}, "call_s": _SECONDS,
                       "on_hold": {"type": "boolean"}, "held_since": _TIME,
                       "state": _enum(AlertState), "ack_kind": _enum(AckKind),
                       "ack_line": {"type": "string"}, "ack_by": {"type": "string"},
                       "ack_at": _TIME, "closed_by": {"type": "string"}, "closed_at": _TIME},
    },
    "Acknowledgement": {
        "type": "object", "required": ["kind"],
        "properties": {"kind": _enum(AckKind),
                       "line": {"type": "string", "maxLength": 80,
                                "description": "required unless kind is coming"}},
    },
    "Callback": {
        "type": "object",
        "properties": {"id": _UUID, "number": {"type": "string"}, "due_at": _TIME,
                       "comment": {"type": "string"}, "promised_by": {"type": "string"},
                       "assigned_to": {"type": "string", "nullable": True},
                       "state": _enum(CallbackState), "outcome": _enum(CallbackOutcome),
                       "attempts": {"type": "integer"}, "last_attempt_at": _TIME,
                       "closed_by": {"type": "string"}, "closed_at": _TIME,
                       "promised_at": _TIME},
    },
    "Board": {
        "type": "object", "required": ["now", "operators", "alerts", "callbacks"],
        "properties": {"now": _TIME,
                       "operators": {"type": "array", "items": _ref("Presence")},
                       "alerts": {"type": "array", "items": _ref("Alert")},
                       "callbacks": {"type": "array", "items": _ref("Callback")}},
    },
}

Op = Callable[..., dict[str, Any]]
Json = Callable[[dict[str, Any], str], dict[str, Any]]
Query = Callable[[str, dict[str, Any], str], dict[str, Any]]


def floor_paths(op: Op, json_body: Json, query: Query) -> dict[str, Any]:
    """The ``/floor/...`` paths, built with the hub's own helpers."""
    item_id = {"name": "id", "in": "path", "required": True, "schema": _UUID}
    report_params = [
        query("group", {"type": "string"}, "only this group's operators"),
        query("format", {"type": "string", "enum": ["json", "csv", "html", "svg"]},
              "json (default), csv, a printable html page or one svg chart"),
        query("chart", {"type": "string", "enum": ["calls", "times", "articles", "days"]},
              "with format=svg"),
        query("lang", {"type": "string", "enum": ["en", "ru"]}, "labels of html and svg"),
    ]
    report_answer = {"200": {"description": "The report", "content": {
        "application/json": {"schema": {"type": "object"}},
        "text/csv": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
        "image/svg+xml": {"schema": {"type": "string"}}}}}
    return {
        "/floor/events": {"post": op(
            "Upload presence and call events, raised hands and callback outcomes "
            "(idempotent by uuid; an empty batch is a heartbeat)", "agent",
            {"200": json_body(_ref("FloorEventsStored"), "Stored")}, body="FloorEventBatch")},
        "/floor/stream": {"get": op(
            "Live changes as Server-Sent Events: supervisors get `board` then `presence`, "
            "`alert` and `callback`; agents get `mine` then their own `alert` and `callback`",
            "agent", {"200": {"description": "text/event-stream",
                              "content": {"text/event-stream": {"schema":
                                                                {"type": "string"}}}}})},
        "/floor/board": {"get": op("Every operator, open alerts and callbacks", "supervisor",
                                   {"200": json_body(_ref("Board"), "The board")})},
        "/floor/mine": {"get": op("The caller's own open alerts and due callbacks", "agent",
                                  {"200": json_body({"type": "object"}, "Mine")})},
        "/floor/alerts": {"get": op(
            "Raised hands, newest first", "supervisor",
            {"200": json_body({"type": "object", "properties": {"alerts": {
                "type": "array", "items": _ref("Alert")}}}, "Alerts")},
            parameters=[query("state", _enum(AlertState), "only this state"),
                        query("since", {"type": "number"}, "raised at or after")])},
        "/floor/alerts/{id}/ack": {"post": op(
            "Answer a raised hand: coming, call me on line X, or join the call", "supervisor",
            {"200": json_body(_ref("Alert"), "Answered"),
             "404": json_body(_ref("Error"), "No such alert"),
             "409": json_body(_ref("Error"), "Already closed")},
            body="Acknowledgement", parameters=[item_id])},
        "/floor/alerts/{id}/close": {"post": op(
            "Close a raised hand", "supervisor",
            {"200": json_body(_ref("Alert"), "Closed"),
             "409": json_body(_ref("Error"), "Already closed")}, parameters=[item_id])},
        "/floor/callbacks": {"get": op(
            "The due list (agents: their own and unclaimed ones)", "agent",
            {"200": json_body({"type": "object", "properties": {"callbacks": {
                "type": "array", "items": _ref("Callback")}}}, "Callbacks")},
            parameters=[query("state", {"type": "string", "enum": [
                *(s.value for s in CallbackState), "all"]}, "default open"),
                query("operator", {"type": "string"}, "assigned to (supervisors)"),
                query("due_before", {"type": "number"}, "overdue as of this time")])},
        "/floor/callbacks/{id}/assign": {"post": op(
            "Give a callback to an operator, or to nobody (`to: null`)", "supervisor",
            {"200": json_body(_ref("Callback"), "Assigned"),
             "404": json_body(_ref("Error"), "No such callback or user")},
            parameters=[item_id])},
        "/floor/callbacks/{id}/claim": {"post": op(
            "Take an unclaimed callback", "agent",
            {"200": json_body(_ref("Callback"), "Claimed"),
             "409": json_body(_ref("Error"), "Someone else's")}, parameters=[item_id])},
        "/floor/groups": {"get": op("Operators and their groups", "supervisor",
                                    {"200": json_body({"type": "object"}, "Groups")})},
        "/floor/groups/{operator}": {"put": op(
            "Put an operator in a group (`{\"group\": \"…\"}`; empty: none)", "admin",
            {"200": json_body({"type": "object"}, "Set")},
            parameters=[{"name": "operator", "in": "path", "required": True,
                         "schema": {"type": "string"}}])},
        "/floor/settings": {
            "get": op("The floor's time zone", "supervisor",
                      {"200": json_body({"type": "object"}, "Settings")}),
            "put": op("Set the floor's time zone (`{\"timezone\": \"Europe/Moscow\"}`)",
                      "admin", {"200": json_body({"type": "object"}, "Set")})},
        "/floor/reports/daily": {"get": op(
            "The manager's report of one day in the floor's time zone", "supervisor",
            report_answer, parameters=[query("date", {"type": "string", "format": "date"},
                                             "default: today"), *report_params])},
        "/floor/reports/range": {"get": op(
            "The manager's report of several days (a row per day)", "supervisor",
            report_answer, parameters=[
                query("from", {"type": "string", "format": "date"}, "first day"),
                query("to", {"type": "string", "format": "date"}, "last day"),
                *report_params])},
    }
