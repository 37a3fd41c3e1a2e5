"""A :class:`~kb.hub.reports.Report` as CSV, as SVG charts and as one printable HTML page.

The charts are plain SVG written here (no plotting library): calls per operator, handle and
hold times per operator, calls per day (for a range) and the KB articles used most. Labels are
English or Russian. Every text from the data is escaped; the HTML loads nothing from outside.

Pure functions; safe from any thread.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections.abc import Sequence

from kb.hub.csv_cells import csv_cell
from kb.hub.reports import Figures, Report

COLUMNS = (
    "from", "to", "timezone", "level", "name", "group", "calls_in", "answered", "missed",
    "calls_out", "out_answered", "aht_s", "talk_s", "wrap_s", "holds", "avg_hold_s",
    "longest_hold_s", "holds_over_alarm", "complaints", "callbacks_promised", "callbacks_done",
    "callbacks_overdue", "wrap_up_codes", "top_articles", "search_gaps",
)

LABELS = {
    "en": {
        "title": "Floor report", "timezone": "Times in", "generated": "generated",
        "empty": "No calls, notes or callbacks in this period.",
        "operator": "Operator", "group": "Group", "calls_in": "Calls in",
        "answered": "Answered", "missed": "Missed", "calls_out": "Calls out",
        "out_answered": "Out answered", "aht": "AHT", "avg_hold": "Avg hold",
        "longest_hold": "Longest hold", "holds_over": "Holds over alarm",
        "complaints": "Complaints", "cb_promised": "Callbacks promised", "cb_done": "done",
        "cb_overdue": "overdue", "floor": "Whole floor", "groups": "Groups",
        "operators": "Operators", "codes": "Wrap-up codes", "articles": "KB articles used most",
        "gaps": "Searches that found nothing", "gaps_off": "Searches are not recorded on "
        "this floor.", "none": "none", "calls_chart": "Calls per operator",
        "times_chart": "Handle time and hold per operator (seconds)",
        "days_chart": "Calls per day", "seconds": "s", "uses": "uses", "searches": "searches",
        "outgoing": "Outgoing",
    },
    "ru": {
        "title": "Отчёт по залу", "timezone": "Время", "generated": "составлен",
        "empty": "За этот период нет звонков, заметок и обратных звонков.",
        "operator": "Оператор", "group": "Группа", "calls_in": "Входящих",
        "answered": "Принято", "missed": "Пропущено", "calls_out": "Исходящих",
        "out_answered": "Исх. состоялось", "aht": "Ср. время обработки",
        "avg_hold": "Ср. удержание", "longest_hold": "Макс. удержание",
        "holds_over": "Удержаний сверх порога", "complaints": "Жалоб",
        "cb_promised": "Обещано перезвонить", "cb_done": "выполнено",
        "cb_overdue": "просрочено", "floor": "Весь зал", "groups": "Группы",
        "operators": "Операторы", "codes": "Коды завершения",
        "articles": "Чаще всего использованные статьи",
        "gaps": "Поиски без результатов", "gaps_off": "Поиски в этом зале не записываются.",
        "none": "нет", "calls_chart": "Звонки по операторам",
        "times_chart": "Время обработки и удержания по операторам (секунды)",
        "days_chart": "Звонки по дням", "seconds": "с", "uses": "раз", "searches": "поисков",
        "outgoing": "Исходящие",
    },
}
ANSWERED, MISSED, OUTGOING = "#2e7d32", "#c62828", "#1565c0"
AHT, HOLD, LONGEST = "#6a1b9a", "#ef6c00", "#ffb74d"


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


def _pairs(items: Sequence[tuple[str, int]] | dict[str, int]) -> str:
    pairs = items.items() if isinstance(items, dict) else items
    return ";".join(f"{k}={v}" for k, v in pairs)


_cell = csv_cell  # neutralise spreadsheet formulas in texts that came from workstations


def report_csv(report: Report) -> str:
    """One row per operator, group and day, and the whole floor (UTF-8 with BOM)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    head = [report.first.isoformat(), report.last.isoformat(), report.timezone]

    def row(level: str, figures: Figures, name: str, extra: tuple[str, str] = ("", "")
            ) -> None:
        data = figures.to_json()
        writer.writerow([*head, level, _cell(name), _cell(figures.group),
                         *(data[c] for c in COLUMNS[6:22]),
                         _cell(_pairs(data["wrap_up_codes"])),
                         _cell(_pairs([(s, n) for s, n in data["top_articles"]])),
                         _cell(extra[1])])

    for figures in report.operators:
        row("operator", figures, figures.name)
    for figures in report.groups:
        row("group", figures, figures.name)
    if len(report.days) > 1:
        for day, figures in report.days:
            row("day", figures, day.isoformat())
    row("floor", report.floor, report.floor.name, ("", _pairs(report.search_gaps)))
    return buffer.getvalue()


# ----------------------------------------------------------------------------- SVG


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def hbar_chart(title: str, rows: Sequence[tuple[str, Sequence[float]]],
               series: Sequence[tuple[str, str]], stacked: bool = True,
               unit: str = "", width: int = 720) -> str:
    """Horizontal bars, one row per label; each row's values are stacked (or side by side)."""
    label_w, gap, top = 170, 8, 54
    bar_h = 18 if stacked else 11
    per_row = bar_h if stacked else bar_h * len(series)
    height = top + max(1, len(rows)) * (per_row + gap) + 20
    totals = [sum(v) if stacked else max(v, default=0.0) for _l, v in rows]
    scale_max = max([*totals, 1.0])
    plot_w = width - label_w - 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
             f'<text x="8" y="20" font-size="15" font-weight="bold">{_esc(title)}</text>']
    x = 8
    for name, colour in series:
        parts.append(f'<rect x="{x}" y="30" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="40">{_esc(name)}</text>')
        x += 30 + 8 * len(name)
    if not rows:
        parts.append(f'<text x="{label_w}" y="{top + 14}" fill="#555">—</text>')
    for index, (label, values) in enumerate(rows):
        y = top + index * (per_row + gap)
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">'
                     f'{_esc(label[:24])}</text>')
        offset = 0.0
        for position, ((_name, colour), value) in enumerate(zip(series, values, strict=False)):
            w = plot_w * value / scale_max
            if stacked:
                bx, by, bh = label_w + plot_w * offset / scale_max, y, bar_h
                offset += value
            else:
                bx, by, bh = label_w, y + position * bar_h, bar_h
            if w > 0:
                parts.append(f'<rect x="{bx:.1f}" y="{by}" width="{w:.1f}" height="{bh}" '
                             f'fill="{colour}"><title>{_esc(_name)}: {value:g}</title></rect>')
            if not stacked:
                parts.append(f'<text x="{bx + w + 4:.1f}" y="{by + bh - 1}" font-size="10">'
                             f'{value:.0f}{_esc(unit)}</text>')
        if stacked:
            parts.append(f'<text x="{label_w + plot_w * offset / scale_max + 4:.1f}" '
                         f'y="{y + 13}">{offset:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def vbar_chart(title: str, columns: Sequence[tuple[str, Sequence[float]]],
               series: Sequence[tuple[str, str]], width: int = 720, height: int = 260) -> str:
    """Vertical stacked bars, one column per label (days)."""
    left, bottom, top = 40, 40, 50
    plot_h, plot_w = height - top - bottom, width - left - 10
    scale_max = max([sum(v) for _l, v in columns] + [1.0])
    step = plot_w / max(1, len(columns))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
             f'<text x="8" y="20" font-size="15" font-weight="bold">{_esc(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
             'stroke="#999"/>',
             f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{scale_max:g}</text>']
    x = left
    for name, colour in series:
        parts.append(f'<rect x="{x}" y="28" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="38">{_esc(name)}</text>')
        x += 30 + 8 * len(name)
    label_every = max(1, len(columns) // 12)
    for index, (label, values) in enumerate(columns):
        bx = left + index * step + step * 0.15
        y = float(top + plot_h)
        for (name, colour), value in zip(series, values, strict=False):
            h = plot_h * value / scale_max
            y -= h
            if h > 0:
                parts.append(f'<rect x="{bx:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" '
                             f'height="{h:.1f}" fill="{colour}"><title>{_esc(label)} '
                             f'{_esc(name)}: {value:g}</title></rect>')
        if index % label_every == 0:
            parts.append(f'<text x="{bx + step * 0.35:.1f}" y="{top + plot_h + 14}" '
                         f'text-anchor="middle">{_esc(label[5:])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def calls_chart(report: Report, lang: str = "en") -> str:
    text = labels(lang)
    rows = [(f.name, [f.answered, f.missed, f.calls_out]) for f in report.operators]
    return hbar_chart(text["calls_chart"], rows, [(text["answered"], ANSWERED),
                                                  (text["missed"], MISSED),
                                                  (text["outgoing"], OUTGOING)])


def times_chart(report: Report, lang: str = "en") -> str:
    text = labels(lang)
    rows = [(f.name, [f.aht_s, f.avg_hold_s, f.longest_hold_s]) for f in report.operators]
    return hbar_chart(text["times_chart"], rows, [(text["aht"], AHT),
                                                  (text["avg_hold"], HOLD),
                                                  (text["longest_hold"], LONGEST)],
                      stacked=False, unit=text["seconds"])


def days_chart(report: Report, lang: str = "en") -> str:
    text = labels(lang)
    columns = [(day.isoformat(), [f.answered, f.missed, f.calls_out]) for day, f in report.days]
    return vbar_chart(text["days_chart"], columns, [(text["answered"], ANSWERED),
                                                    (text["missed"], MISSED),
                                                    (text["outgoing"], OUTGOING)])


def articles_chart(report: Report, lang: str = "en") -> str:
    text = labels(lang)
    rows = [(slug, [float(n)]) for slug, n in
            sorted(report.floor.articles.items(), key=lambda i: (-i[1], i[0]))[:10]]
    return hbar_chart(text["articles"], rows, [(text["uses"], "#00838f")])


def charts(report: Report, lang: str = "en") -> dict[str, str]:
    """The report's charts by name (``calls``, ``times``, ``articles``; ``days`` for a range)."""
    made = {"calls": calls_chart(report, lang), "times": times_chart(report, lang),
            "articles": articles_chart(report, lang)}
    if len(report.days) > 1:
        made["days"] = days_chart(report, lang)
    return made


# ----------------------------------------------------------------------------- HTML


def _minutes(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _table_rows(figures: Sequence[Figures]) -> str:
    return "".join(
        f"<tr><td>{_esc(f.name)}</td><td>{_esc(f.group)}</td><td>{f.calls_in}</td>"
        f"<td>{f.answered}</td><td>{f.missed}</td><td>{f.calls_out}</td>"
        f"<td>{_minutes(f.aht_s)}</td><td>{_minutes(f.avg_hold_s)}</td>"
        f"<td>{_minutes(f.longest_hold_s)}</td><td>{f.holds_over_alarm}</td>"
        f"<td>{f.complaints}</td><td>{f.callbacks_promised} / {f.callbacks_done} / "
        f"{f.callbacks_overdue}</td></tr>" for f in figures)


def report_html(report: Report, lang: str = "en") -> str:
    """One printable page (A4 landscape): the figures, the charts inline, codes and gaps."""
    text = labels(lang)
    generated = dt.datetime.fromtimestamp(report.generated_at).strftime("%Y-%m-%d %H:%M")
    head = (f"<th>{text['operator']}</th><th>{text['group']}</th><th>{text['calls_in']}</th>"
            f"<th>{text['answered']}</th><th>{text['missed']}</th><th>{text['calls_out']}</th>"
            f"<th>{text['aht']}</th><th>{text['avg_hold']}</th><th>{text['longest_hold']}</th>"
            f"<th>{text['holds_over']}</th><th>{text['complaints']}</th>"
            f"<th>{text['cb_promised']} / {text['cb_done']} / {text['cb_overdue']}</th>")
    body = [f"<h1>{text['title']}: {_esc(report.title_dates)}</h1>",
            f"<p class='meta'>{text['timezone']} {_esc(report.timezone)}; {text['generated']} "
            f"{_esc(generated)}</p>"]
    if report.empty:
        body.append(f"<p class='empty'>{text['empty']}</p>")
    floor = Figures(text["floor"])
    floor.add(report.floor)
    body.append(f"<table><thead><tr>{head}</tr></thead><tbody>"
                f"{_table_rows(report.operators)}</tbody><tfoot>"
                f"{_table_rows([*report.groups, floor])}</tfoot></table>")
    for name, svg in charts(report, lang).items():
        if name != "articles" or report.floor.articles:
            body.append(f"<div class='chart'>{svg}</div>")
    codes = report.floor.wrap_up_codes
    body.append(f"<h2>{text['codes']}</h2><p>"
                + (", ".join(f"{_esc(c)}: {n}" for c, n in sorted(codes.items()))
                   or text["none"]) + "</p>")
    body.append(f"<h2>{text['gaps']}</h2>")
    if not report.searches_recorded:
        body.append(f"<p>{text['gaps_off']}</p>")
    else:
        body.append("<p>" + (", ".join(f"«{_esc(q)}» ({n} {text['searches']})"
                                       for q, n in report.search_gaps) or text["none"])
                    + "</p>")
    style = ("@page{size:A4 landscape;margin:12mm}body{font-family:sans-serif;font-size:12px;"
             "color:#222}table{border-collapse:collapse;width:100%;margin:8px 0}"
             "td,th{border:1px solid #bbb;padding:3px 6px;text-align:right}"
             "td:first-child,th:first-child,td:nth-child(2){text-align:left}"
             "tfoot td{font-weight:bold;background:#f3f3f3}.meta{color:#555}"
             ".empty{font-size:16px;padding:12px;background:#fff8e1}"
             ".chart{page-break-inside:avoid;margin:10px 0}")
    return (f"<!DOCTYPE html><html lang='{_esc(lang)}'><head><meta charset='utf-8'>"
            f"<title>{text['title']} {_esc(report.title_dates)}</title>"
            f"<style>{style}</style></head><body>{''.join(body)}</body></html>")
