"""Fixtures of the desktop tests: a temp SUFLER_HOME with the real default KB (built once),
a site file, the real window, and phone engine peers in other processes.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "screenshots: renders docs/screenshots (only when SUFLER_SCREENSHOT_DIR is set)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("SUFLER_SCREENSHOT_DIR"):
        return
    skip = pytest.mark.skip(reason="screenshots are rendered by `make screenshots`")
    for item in items:
        if "screenshots" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def kb_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A KB home seeded from assets/kb with a finished index, copied into each test's home."""
    from kb.knowledge_base import KnowledgeBase

    home = tmp_path_factory.mktemp("kb-template")
    kb = KnowledgeBase.open(home)
    assert kb.wait_until_ready(120)
    kb.close()
    return home


SITE_TOML = """
[site]
company = "ВолнаТелеком"
offers_email = "offers@volna.example"

[[site.departments]]
key = "quality"
label_ru = "Отдел качества"
label_en = "Quality control"
number = "{quality}"

[[site.departments]]
key = "supervisor"
label_ru = "Супервайзер"
label_en = "Supervisor"
number = "{supervisor}"

[[site.departments]]
key = "emergency-112"
label_ru = "Экстренные службы 112"
label_en = "Emergency 112"
number = "112"
"""


@pytest.fixture
def sufler_home(tmp_path: Path, kb_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    shutil.copytree(kb_template, home)
    site = tmp_path / "site.toml"
    site.write_text(SITE_TOML.format(quality="", supervisor=""), encoding="utf-8")
    monkeypatch.setenv("SUFLER_HOME", str(home))
    monkeypatch.setenv("SUFLER_SITE_FILE", str(site))
    return home


def write_site(department_numbers: dict[str, str]) -> None:
    """Rewrite the test's site file with department numbers (peers' SIP URIs)."""
    site = Path(os.environ["SUFLER_SITE_FILE"])
    site.write_text(SITE_TOML.format(quality=department_numbers.get("quality", ""),
                                     supervisor=department_numbers.get("supervisor", "")),
                    encoding="utf-8")


class Peer:
    """A phone engine in another process, driven over stdin; its events are collected."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {**os.environ, "SUFLER_HOME": str(home)}
        home.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "agent", "phone", "--listen", "127.0.0.1:0", "--no-history",
             *args],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1,
        )
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()
        hello = self.wait_for(lambda e: e.get("event") == "hello", timeout=30)
        self.address = str(hello["listen"])

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            line = line.strip()
            if line.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    self.events.put(json.loads(line))

    def uri(self, user: str = "peer") -> str:
        return f"sip:{user}@{self.address}"

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def saw(self, predicate: Callable[[dict[str, Any]], bool]) -> bool:
        """Non-blocking: has an event matching ``predicate`` arrived (use with qtbot.waitUntil)?"""
        while True:
            try:
                self.seen.append(self.events.get_nowait())
            except queue.Empty:
                break
        return any(predicate(event) for event in self.seen)

    def wait_for(self, predicate: Callable[[dict[str, Any]], bool],
                 timeout: float = 20) -> dict[str, Any]:
        for event in self.seen:
            if predicate(event):
                return event
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(event)
            if predicate(event):
                return event
        raise AssertionError(f"peer event not seen; last events: {self.seen[-5:]}")

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send("quit")
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def peer_factory(tmp_path: Path) -> Iterator[Callable[..., Peer]]:
    peers: list[Peer] = []

    def make(*args: str) -> Peer:
        peer = Peer(tmp_path / f"peer{len(peers)}", *args)
        peers.append(peer)
        return peer

    yield make
    for peer in peers:
        peer.close()


@pytest.fixture
def make_desktop(qtbot: Any, sufler_home: Path) -> Iterator[Callable[..., Any]]:
    """Build the real desktop (window shown, KB open). ``user`` values bypass validation so
    that tests can use thresholds of a second or two."""
    from PyQt6.QtWidgets import QApplication

    from agent.settings import Settings
    from agent.ui.app import build_desktop, create_application

    desktops: list[Any] = []

    def make(user: dict[str, Any] | None = None, start_phone: bool = False) -> Any:
        app = create_application(sys.argv[:1])
        settings = Settings.load()
        settings.user.update(user or {})
        desktop = build_desktop(app, settings, start_phone=start_phone)
        desktops.append(desktop)
        qtbot.addWidget(desktop.window)
        desktop.window.show()
        with qtbot.waitSignal(desktop.kb.opened, timeout=30000):
            desktop.start()
        assert isinstance(QApplication.instance(), QApplication)
        return desktop

    yield make
    for desktop in desktops:
        desktop.window.close()
        desktop.wait_for_engine_exit()
    if desktops:  # the desktop installs its language's catalogues application-wide
        from agent.ui.i18n import install_translators

        app = QApplication.instance()
        assert app is not None
        install_translators(app, "en")
