"""The manager's reports: per day (or a range of days), per operator, group and the whole floor.

Figures come from what the hub already holds: the ``ended`` call events (direction, answered or
not, talk and hold times, holds over the alarm threshold), the agent-state events (the wrap-up
after each answered call, which with talk and hold makes the handle time), the notes (wrap-up
codes, complaints, KB articles used), the callbacks (promised, done, overdue) and, when the hub
records searches, the searches that found nothing. A call belongs to the day it started, in
the floor's time zone. A day with no data is a report with zeros and ``empty`` set.

Thread rule: :func:`build_report` opens its own connection (a worker thread or the CLI).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kb.hub import db
from kb.hub import floor_tables as ft
from kb.wire.floor import AgentStatus, CallbackState, CallLeg, CallPhase, EventKind

MAX_DAYS = 366
WRAP_LINK_SECONDS = 10.0  # a wrap-up that starts this soon after a call ended belongs to it
MAX_WRAP_SECONDS = 3600.0  # a wrap-up never closed (a crash) counts at most this long
TOP = 10
NO_GROUP = ""


@dataclass
class Figures:
    """The figures of one operator, one group or the floor over the report's days."""

    name: str
    group: str = NO_GROUP
    calls_in: int = 0
    answered: int = 0
    missed: int = 0
    calls_out: int = 0
    out_answered: int = 0
    handled: int = 0  # answered calls, in and out
    talk_s: float = 0.0
    wrap_s: float = 0.0
    holds: int = 0
    hold_s: float = 0.0
    longest_hold_s: float = 0.0
    holds_over_alarm: int = 0
    complaints: int = 0
    callbacks_promised: int = 0
    callbacks_done: int = 0
    callbacks_overdue: int = 0
    wrap_up_codes: Counter[str] = field(default_factory=Counter)
    articles: Counter[str] = field(default_factory=Counter)

    @property
    def aht_s(self) -> float:
        """Average handle time: talk + hold + wrap-up, per answered call."""
        return (self.talk_s + self.hold_s + self.wrap_s) / self.handled if self.handled else 0.0

    @property
    def avg_hold_s(self) -> float:
        return self.hold_s / self.holds if self.holds else 0.0

    @property
    def has_data(self) -> bool:
        return bool(self.calls_in or self.calls_out or self.complaints or self.wrap_up_codes
                    or self.callbacks_promised or self.callbacks_done
                    or self.callbacks_overdue or self.articles)

    def add(self, other: Figures) -> None:
        for name in ("calls_in", "answered", "missed", "calls_out", "out_answered", "handled",
                     "talk_s", "wrap_s", "holds", "hold_s", "holds_over_alarm", "complaints",
                     "callbacks_promised", "callbacks_done", "callbacks_overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.longest_hold_s = max(self.longest_hold_s, other.longest_hold_s)
        self.wrap_up_codes.update(other.wrap_up_codes)
        self.articles.update(other.articles)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "group": self.group, "calls_in": self.calls_in,
            "answered": self.answered, "missed": self.missed, "calls_out": self.calls_out,
            "out_answered": self.out_answered, "handled": self.handled,
            "aht_s": round(self.aht_s, 1), "talk_s": round(self.talk_s, 1),
            "wrap_s": round(self.wrap_s, 1), "holds": self.holds,
            "avg_hold_s": round(self.avg_hold_s, 1),
            "longest_hold_s": round(self.longest_hold_s, 1),
            "holds_over_alarm": self.holds_over_alarm, "complaints": self.complaints,
            "callbacks_promised": self.callbacks_promised,
            "callbacks_done": self.callbacks_done, "callbacks_overdue": self.callbacks_overdue,
            "wrap_up_codes": dict(sorted(self.wrap_up_codes.items())),
            "top_articles": [[slug, n] for slug, n in _top(self.articles)],
        }


def _top(counter: Counter[str], n: int = TOP) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:n]


@dataclass
class Report:
    """A report over ``first``..``last`` (inclusive local dates) in ``timezone``."""

    first: dt.date
    last: dt.date
    timezone: str
    generated_at: float
    operators: list[Figures]
    groups: list[Figures]
    floor: Figures
    days: list[tuple[dt.date, Figures]]
    search_gaps: list[tuple[str, int]]
    searches_recorded: bool

    @property
    def empty(self) -> bool:
        return not self.floor.has_data and not self.search_gaps

    @property
    def title_dates(self) -> str:
        return self.first.isoformat() if self.first == self.last \
            else f"{self.first.isoformat()} – {self.last.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(), "to": self.last.isoformat(),
            "timezone": self.timezone, "generated_at": self.generated_at, "empty": self.empty,
            "operators": [f.to_json() for f in self.operators],
            "groups": [f.to_json() for f in self.groups],
            "floor": self.floor.to_json(),
            "days": [{"date": day.isoformat(), **f.to_json()} for day, f in self.days],
            "top_articles": [[slug, n] for slug, n in _top(self.floor.articles)],
            "search_gaps": [[query, n] for query, n in self.search_gaps],
            "searches_recorded": self.searches_recorded,
        }


def day_bounds(first: dt.date, last: dt.date, zone: ZoneInfo) -> tuple[float, float]:
    """Epoch seconds of local midnight starting ``first`` and ending ``last``."""
    start = dt.datetime.combine(first, dt.time(), zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), zone)
    return start.timestamp(), end.timestamp()


def local_day(ts: float, zone: ZoneInfo) -> dt.date:
    return dt.datetime.fromtimestamp(ts, zone).date()


@dataclass
class _Call:
    operator: str
    started: float
    answered: float | None
    ended: float
    direction: str
    result: str
    talk_s: float
    hold_s: float
    holds: int
    longest_hold_s: float
    holds_over_alarm: int
    wrap_s: float = 0.0


class _Collector:
    """Figures per (operator, day) while rows are read."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self.figures: dict[tuple[str, dt.date], Figures] = {}

    def at(self, operator: str, ts: float) -> Figures:
        key = (operator, local_day(ts, self.zone))
        found = self.figures.get(key)
        if found is None:
            found = self.figures[key] = Figures(operator)
        return found


def build_report(engine: Engine, first: dt.date, last: dt.date, zone: ZoneInfo,
                 group: str | None = None, now: float | None = None) -> Report:
    """The report over ``first``..``last``; ``group`` keeps only that group's operators."""
    if last < first:
        raise ValueError("the report's last day is before its first day")
    if (last - first).days >= MAX_DAYS:
        raise ValueError(f"a report covers at most {MAX_DAYS} days")
    now = time.time() if now is None else now
    start, end = day_bounds(first, last, zone)
    collect = _Collector(zone)
    with engine.connect() as conn:
        groups = dict(conn.execute(sa.select(ft.floor_groups.c.operator, ft.floor_groups.c.grp))
                      .tuples().all())
        calls = _calls(conn, start, end)
        _link_wrap_ups(conn, calls, start, end, now)
        for call in calls:
            _count_call(collect.at(call.operator, call.started), call)
        _count_notes(conn, collect, start, end)
        _count_callbacks(conn, collect, start, end, now)
        searches_recorded = sa.inspect(conn).has_table("search_events")
        gaps = _search_gaps(conn, start, end) if searches_recorded else []
    per_operator: dict[str, Figures] = {}
    per_day: dict[dt.date, Figures] = {}
    for (operator, day), figures in sorted(collect.figures.items()):
        member = groups.get(operator, NO_GROUP)
        if group is not None and member != group:
            continue
        total = per_operator.setdefault(operator, Figures(operator, member))
        total.add(figures)
        per_day.setdefault(day, Figures(day.isoformat())).add(figures)
    operators = [f for f in per_operator.values() if f.has_data]
    by_group: dict[str, Figures] = {}
    floor = Figures("floor" if group is None else group, group or NO_GROUP)
    for figures in operators:
        by_group.setdefault(figures.group, Figures(figures.group or "—", figures.group)
                            ).add(figures)
        floor.add(figures)
    days = [(first + dt.timedelta(days=i),
             per_day.get(first + dt.timedelta(days=i)) or Figures(
                 (first + dt.timedelta(days=i)).isoformat()))
            for i in range((last - first).days + 1)]
    return Report(first, last, str(zone), now, sorted(operators, key=lambda f: f.name),
                  [by_group[g] for g in sorted(by_group)], floor, days, gaps,
                  searches_recorded)


def _calls(conn: Connection, start: float, end: float) -> list[_Call]:
    """Customer calls that started in [start, end) and have ended (their ``ended`` event is at
    most a day after the range)."""
    t = ft.floor_events
    rows = conn.execute(sa.select(t.c.operator, t.c.at, t.c.payload).where(
        t.c.kind == EventKind.CALL.value, t.c.at >= start, t.c.at < end + 86_400)
        .order_by(t.c.at)).all()
    calls = []
    for operator, at, payload in rows:
        f = json.loads(payload)
        if f.get("phase") != CallPhase.ENDED or f.get("leg", CallLeg.CALL) != CallLeg.CALL:
            continue
        started = float(f.get("started_at") or at)
        if not start <= started < end:
            continue
        calls.append(_Call(
            operator=operator, started=started,
            answered=None if f.get("answered_at") is None else float(f["answered_at"]),
            ended=float(f.get("ended_at") or at), direction=str(f.get("direction") or "in"),
            result=str(f.get("result")), talk_s=float(f.get("talk_s") or 0.0),
            hold_s=float(f.get("hold_total_s") or 0.0), holds=int(f.get("holds") or 0),
            longest_hold_s=float(f.get("longest_hold_s") or 0.0),
            holds_over_alarm=int(f.get("holds_over_alarm") or 0)))
    return calls


def _link_wrap_ups(conn: Connection, calls: list[_Call], start: float, end: float,
                   now: float) -> None:
    """Give each answered call the wrap-up that followed it (state wrap-up → next state)."""
    answered: dict[str, list[_Call]] = defaultdict(list)
    for call in calls:
        if call.answered is not None:
            answered[call.operator].append(call)
    if not answered:
        return
    t = ft.floor_events
    rows = conn.execute(sa.select(t.c.operator, t.c.at, t.c.payload).where(
        t.c.kind == EventKind.STATE.value, t.c.at >= start, t.c.at < end + 86_400,
        t.c.operator.in_(list(answered))).order_by(t.c.operator, t.c.at, t.c.seq)).all()
    states: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for operator, at, payload in rows:
        states[operator].append((float(at), str(json.loads(payload).get("state"))))
    for operator, changes in states.items():
        ended = sorted(answered[operator], key=lambda c: c.ended)
        for index, (at, state) in enumerate(changes):
            if state != AgentStatus.WRAP_UP:
                continue
            until = changes[index + 1][0] if index + 1 < len(changes) else min(now, at
                                                                               + MAX_WRAP_SECONDS)
            before = [c for c in ended if c.ended <= at + WRAP_LINK_SECONDS]
            if before and not before[-1].wrap_s and at - before[-1].ended <= WRAP_LINK_SECONDS:
                before[-1].wrap_s = max(0.0, min(until - at, MAX_WRAP_SECONDS))


def _count_call(figures: Figures, call: _Call) -> None:
    if call.direction == "in":
        figures.calls_in += 1
        if call.answered is not None:
            figures.answered += 1
        else:
            figures.missed += 1
    else:
        figures.calls_out += 1
        if call.answered is not None:
            figures.out_answered += 1
    if call.answered is not None:
        figures.handled += 1
        figures.talk_s += call.talk_s
        figures.hold_s += call.hold_s
        figures.wrap_s += call.wrap_s
    figures.holds += call.holds
    figures.longest_hold_s = max(figures.longest_hold_s, call.longest_hold_s)
    figures.holds_over_alarm += call.holds_over_alarm


def _count_notes(conn: Connection, collect: _Collector, start: float, end: float) -> None:
    t = db.notes
    rows = conn.execute(sa.select(t.c.uploaded_by, t.c.started_at, t.c.wrap_up_code,
                                  t.c.payload)
                        .where(t.c.started_at >= start, t.c.started_at < end)).all()
    for operator, started, code, payload in rows:
        figures = collect.at(operator, float(started))
        note = json.loads(payload)
        if code:
            figures.wrap_up_codes[code] += 1
        if note.get("complaint") or code == "complaint":
            figures.complaints += 1
        for slug in note.get("articles") or ():
            figures.articles[str(slug)] += 1


def _count_callbacks(conn: Connection, collect: _Collector, start: float, end: float,
                     now: float) -> None:
    t = ft.floor_callbacks
    cut = min(end, now)
    for row in conn.execute(sa.select(t).where(t.c.promised_at >= start,
                                               t.c.promised_at < end)):
        collect.at(row.promised_by, row.promised_at).callbacks_promised += 1
    for row in conn.execute(sa.select(t).where(t.c.state == CallbackState.DONE.value,
                                               t.c.closed_at >= start, t.c.closed_at < end)):
        collect.at(row.closed_by or row.assigned_to or row.promised_by,
                   row.closed_at).callbacks_done += 1
    # Overdue: due inside the range, before its end (or now), and not done by then.
    for row in conn.execute(sa.select(t).where(
            t.c.state != CallbackState.CANCELLED.value, t.c.due_at >= start, t.c.due_at < cut,
            sa.or_(t.c.state == CallbackState.OPEN.value, t.c.closed_at >= cut))):
        collect.at(row.assigned_to or row.promised_by, row.due_at).callbacks_overdue += 1


def _search_gaps(conn: Connection, start: float, end: float) -> list[tuple[str, int]]:
    """Queries that found nothing (workstations record searches only when the site allows)."""
    t = sa.table("search_events", sa.column("query"), sa.column("hits"), sa.column("at"))
    rows = conn.execute(sa.select(t.c.query, sa.func.count().label("n")).where(
        t.c.hits == 0, t.c.at >= start, t.c.at < end).group_by(t.c.query)
        .order_by(sa.desc("n"), t.c.query).limit(TOP)).all()
    return [(str(q), int(n)) for q, n in rows]
