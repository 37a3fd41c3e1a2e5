"""The manager's reports in the Supervisor window: a day or a range, all operators or a group;
the figures as a table and a chart, saved as CSV, a printable page (HTML) or the chart as PNG.

The hub builds the report (in the floor's time zone) and draws the charts; this panel shows them.

Thread rule: GUI thread only; the requests run on the service's workers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QByteArray, QDate, QSize, Qt
from PyQt6.QtGui import QImage, QPainter
from PyQt6.QtSvg import QSvgRenderer
from PyQt6.QtSvgWidgets import QSvgWidget
from PyQt6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agent.ui.lines_model import format_duration
from agent.ui.supervisor.service import SupervisorService

COLUMNS = ("name", "calls_in", "answered", "missed", "calls_out", "aht_s", "avg_hold_s",
           "longest_hold_s", "holds_over_alarm", "complaints", "callbacks")
TIME_COLUMNS = {"aht_s", "avg_hold_s", "longest_hold_s"}


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def svg_to_png(svg: bytes, path: str, scale: float = 2.0) -> bool:
    """Render an SVG chart into a PNG file (twice the size: sharp when printed)."""
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        return False
    size = renderer.defaultSize()
    image = QImage(QSize(int(size.width() * scale), int(size.height() * scale)),
                   QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image.save(path, "PNG")


class ReportsPanel(QWidget):
    """See the module docstring."""

    def __init__(self, service: SupervisorService, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.language = language
        self.report: dict[str, Any] | None = None
        self.svg = b""
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        today = dt.date.today()
        self.first = QDateEdit(qdate(today))
        self.last = QDateEdit(qdate(today))
        for edit, name in ((self.first, self.tr("From")), (self.last, self.tr("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setAccessibleName(name)
            top.addWidget(QLabel(name + ":"))
            top.addWidget(edit)
        top.addWidget(QLabel(self.tr("Group:")))
        self.group = QComboBox()
        self.group.setAccessibleName(self.tr("Group"))
        top.addWidget(self.group)
        top.addWidget(QLabel(self.tr("Chart:")))
        self.chart = QComboBox()
        self.chart.setAccessibleName(self.tr("Chart"))
        for key, label in (("calls", self.tr("Calls per operator")),
                           ("times", self.tr("Handle time and hold")),
                           ("articles", self.tr("KB articles used")),
                           ("days", self.tr("Calls per day (range)"))):
            self.chart.addItem(label, key)
        top.addWidget(self.chart)
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setDefault(True)
        top.addWidget(self.show_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("reportTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Operator"), self.tr("In"), self.tr("Answered"), self.tr("Missed"),
            self.tr("Out"), self.tr("AHT"), self.tr("Avg hold"), self.tr("Longest hold"),
            self.tr("Holds over alarm"), self.tr("Complaints"),
            self.tr("Callbacks promised / done / overdue")])
        header = self.table.horizontalHeader()
        assert header is not None
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)  # type: ignore[union-attr]
        split.addWidget(self.table)
        self.chart_view = QSvgWidget()
        self.chart_view.setObjectName("reportChart")
        scroll = QScrollArea()
        scroll.setWidget(self.chart_view)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        split.addWidget(scroll)
        split.setSizes([300, 300])
        layout.addWidget(split, 1)
        bottom = QHBoxLayout()
        self.save_csv = QPushButton(self.tr("Save CSV…"))
        self.save_page = QPushButton(self.tr("Save printable page…"))
        self.save_png = QPushButton(self.tr("Save chart as PNG…"))
        for button in (self.save_csv, self.save_page, self.save_png):
            button.setEnabled(False)
            bottom.addWidget(button)
        bottom.addStretch(1)
        layout.addLayout(bottom)

        self.show_button.clicked.connect(self.load)
        self.chart.currentIndexChanged.connect(lambda _i: self.load() if self.report else None)
        self.save_csv.clicked.connect(lambda: self.ask_and_save("csv"))
        self.save_page.clicked.connect(lambda: self.ask_and_save("html"))
        self.save_png.clicked.connect(lambda: self.ask_and_save("png"))
        service.report_loaded.connect(self.on_report)
        service.chart_loaded.connect(self.on_chart)
        service.file_saved.connect(lambda path: self.status.setText(
            self.tr("Saved %1").replace("%1", path)))
        service.board_reset.connect(self.refresh_groups)
        self.refresh_groups()

    def refresh_groups(self) -> None:
        chosen = self.group.currentData()
        self.group.clear()
        self.group.addItem(self.tr("All groups"), None)
        for group in self.service.groups():
            self.group.addItem(group, group)
        self.group.setCurrentIndex(max(0, self.group.findData(chosen)))

    def period(self) -> tuple[dt.date, dt.date]:
        first, last = pydate(self.first.date()), pydate(self.last.date())
        return (first, last) if first <= last else (last, first)

    def set_period(self, first: dt.date, last: dt.date) -> None:
        self.first.setDate(qdate(first))
        self.last.setDate(qdate(last))

    def load(self) -> None:
        first, last = self.period()
        chart = str(self.chart.currentData())
        if chart == "days" and first == last:
            chart = "calls"
        self.status.setText(self.tr("Loading the report…"))
        self.service.load_report(first, last, self.group.currentData(), self.language, chart)

    def on_report(self, report: dict[str, Any]) -> None:
        self.report = report
        rows = [*report["operators"], *report["groups"], {**report["floor"],
                                                          "name": self.tr("Whole floor")}]
        self.table.setRowCount(len(rows))
        for r, figures in enumerate(rows):
            for c, key in enumerate(COLUMNS):
                if key == "callbacks":
                    text = (f"{figures['callbacks_promised']} / {figures['callbacks_done']} / "
                            f"{figures['callbacks_overdue']}")
                elif key in TIME_COLUMNS:
                    text = format_duration(float(figures[key]))
                elif key == "name" and r >= len(report["operators"]) and \
                        r < len(rows) - 1:
                    text = self.tr("Group %1").replace("%1", figures["name"])
                else:
                    text = str(figures[key])
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter))
                self.table.setItem(r, c, item)
        dates = report["from"] if report["from"] == report["to"] \
            else f"{report['from']} – {report['to']}"
        text = self.tr("Report %1 (times in %2)").replace("%1", dates).replace(
            "%2", report["timezone"])
        if report["empty"]:
            text += " — " + self.tr("no calls, notes or callbacks in this period.")
        self.status.setText(text)
        for button in (self.save_csv, self.save_page, self.save_png):
            button.setEnabled(True)

    def on_chart(self, _name: str, svg: bytes) -> None:
        self.svg = svg
        self.chart_view.load(QByteArray(svg))
        self.chart_view.setFixedSize(QSvgRenderer(QByteArray(svg)).defaultSize())  # unscaled

    def ask_and_save(self, fmt: str) -> None:
        first, last = self.period()
        name = f"floor-{first.isoformat()}" + ("" if first == last else f"-{last.isoformat()}")
        suffix = {"csv": "csv", "html": "html", "png": "png"}[fmt]
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the report"),
                                                    str(Path.home() / f"{name}.{suffix}"))
        if path:
            self.save(fmt, path)

    def save(self, fmt: str, path: str) -> None:
        """Save as ``csv``, ``html`` (from the hub) or ``png`` (the chart shown)."""
        if fmt == "png":
            ok = bool(self.svg) and svg_to_png(self.svg, path)
            self.status.setText(self.tr("Saved %1").replace("%1", path) if ok
                                else self.tr("The chart could not be saved."))
            return
        first, last = self.period()
        self.service.save_report(first, last, self.group.currentData(), self.language, fmt,
                                 path)
