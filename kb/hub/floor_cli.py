"""``python -m kb.hub report …`` and ``python -m kb.hub floor …``: the manager's reports and the
floor's groups and time zone from the command line.

    report daily [--date YYYY-MM-DD] [--group G] [--format csv|html|json|svg] [--chart NAME]
                 [--lang en|ru] [--out FILE|DIR] [--tz ZONE] [--db URL]
    report range --from YYYY-MM-DD --to YYYY-MM-DD [same options]
    floor group OPERATOR GROUP [--db URL]      (an empty GROUP takes the operator out)
    floor groups [--db URL]
    floor timezone [ZONE] [--db URL]           (show or set the floor's time zone)

``--out DIR`` writes the CSV, the HTML page and every chart (SVG) into DIR; ``--out FILE``
writes the chosen format; without it the format goes to standard output. A day with no data
is an empty report (zeros, and the HTML says so), not an error.

Thread rule: a command-line program; runs on the main thread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kb.hub import report_render
from kb.hub.floor import FloorService, valid_timezone
from kb.hub.reports import build_report
from kb.wire.problems import RequestError

Opener = Callable[[str], Any]  # database URL -> an open HubService


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


def add_parsers(sub: Any, db_help: str, open_service: Opener,
                resolve_db: Callable[[str | None], str]) -> None:
    """Add ``report`` and ``floor`` to the hub's command line."""

    def floor_of(args: argparse.Namespace) -> FloorService:
        return FloorService(open_service(resolve_db(args.db)).engine)

    report = sub.add_parser("report", help="the manager's report of a day or a range of days")
    kinds = report.add_subparsers(dest="report_kind", required=True)
    daily = kinds.add_parser("daily", help="one day (default: today in the floor's zone)")
    daily.add_argument("--date", type=_date)
    ranged = kinds.add_parser("range", help="several days, with a row per day")
    ranged.add_argument("--from", dest="first", type=_date, required=True)
    ranged.add_argument("--to", dest="last", type=_date, required=True)
    for parser in (daily, ranged):
        parser.add_argument("--group", help="only the operators of this group")
        parser.add_argument("--format", choices=("csv", "html", "json", "svg"), default="csv")
        parser.add_argument("--chart", default="calls",
                            help="with --format svg: calls, times, articles or days")
        parser.add_argument("--lang", choices=("en", "ru"), default="en")
        parser.add_argument("--out", help="a file, or a directory for every format")
        parser.add_argument("--tz", help="time zone (default: the floor's)")
        parser.add_argument("--db", help=db_help)
        parser.set_defaults(func=lambda a: _report(a, floor_of(a)))

    floor = sub.add_parser("floor", help="the floor's groups and time zone")
    actions = floor.add_subparsers(dest="floor_command", required=True)
    group = actions.add_parser("group", help="put an operator in a group")
    group.add_argument("operator")
    group.add_argument("group")
    groups = actions.add_parser("groups", help="list operators and their groups")
    zone = actions.add_parser("timezone", help="show or set the floor's time zone")
    zone.add_argument("zone", nargs="?")
    for parser in (group, groups, zone):
        parser.add_argument("--db", help=db_help)
    group.set_defaults(func=lambda a: _set_group(a, floor_of(a)))
    groups.set_defaults(func=lambda a: _groups(floor_of(a)))
    zone.set_defaults(func=lambda a: _timezone(a, floor_of(a)))


def _report(args: argparse.Namespace, floor: FloorService) -> int:
    if args.tz and not valid_timezone(args.tz):
        print(f"error: {args.tz!r} is not a time zone name (e.g. Europe/Moscow)",
              file=sys.stderr)
        return 1
    zone = ZoneInfo(args.tz) if args.tz else floor.zone()
    if args.report_kind == "daily":
        first = last = args.date or dt.datetime.now(zone).date()
    else:
        first, last = args.first, args.last
    try:
        report = build_report(floor.engine, first, last, zone, args.group)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    charts = report_render.charts(report, args.lang)
    outputs = {"csv": report_render.report_csv(report),
               "html": report_render.report_html(report, args.lang),
               "json": json.dumps(report.to_json(), ensure_ascii=False, indent=1)}
    if args.format == "svg" and args.chart not in charts:
        print(f"error: --chart must be one of {', '.join(sorted(charts))}", file=sys.stderr)
        return 1
    name = f"floor-{first.isoformat()}" + ("" if first == last else f"-{last.isoformat()}")
    out = Path(args.out) if args.out else None
    if out is not None and (out.is_dir() or args.out.endswith(("/", "\\"))):
        out.mkdir(parents=True, exist_ok=True)
        for fmt, text in outputs.items():
            (out / f"{name}.{fmt}").write_text(text, encoding="utf-8")
        for chart, svg in charts.items():
            (out / f"{name}-{chart}.svg").write_text(svg, encoding="utf-8")
        print(f"wrote {name}.csv, .html, .json and {len(charts)} charts to {out}"
              + (" (no data in this period)" if report.empty else ""))
        return 0
    text = charts[args.chart] if args.format == "svg" else outputs[args.format]
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}" + (" (no data in this period)" if report.empty else ""))
    else:
        sys.stdout.write(text)
        if report.empty and args.format != "csv":
            print("(no data in this period)", file=sys.stderr)
    return 0


def _set_group(args: argparse.Namespace, floor: FloorService) -> int:
    floor.set_group(args.operator, args.group.strip())
    print(f"{args.operator}: group {args.group.strip() or '(none)'}")
    return 0


def _groups(floor: FloorService) -> int:
    for operator, group in sorted(floor.groups().items()):
        print(f"{operator}\t{group}")
    return 0


def _timezone(args: argparse.Namespace, floor: FloorService) -> int:
    if args.zone:
        try:
            floor.set_timezone(args.zone)
        except RequestError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            return 1
    print(floor.timezone())
    return 0
