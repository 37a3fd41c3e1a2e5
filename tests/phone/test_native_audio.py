"""Native sound (builds whose pjsua2 has devices, e.g. Windows): the chosen microphone and
speaker are applied through pjsua2's device manager and the devices it lists are reported.

The Linux wheels have no sound devices, so pjsua2's manager is a recording fake here; the engine
part under test is the real one.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from agent.phone.media import DEFAULT_CAPTURE_DEV, DEFAULT_PLAYBACK_DEV, Media
from agent.phone.options import EngineOptions
from agent.phone.protocol import Command, typed_event
from tests.phone.engine_fakes import Rig

pytestmark = pytest.mark.timeout(30)


class FakeDeviceManager:
    """pjsua2's AudDevManager on a machine with a headset and built-in speakers."""

    def __init__(self) -> None:
        self.capture: int | None = None
        self.playback: int | None = None
        self.devices = [
            SimpleNamespace(id=0, name="Headset Microphone", inputCount=1, outputCount=0),
            SimpleNamespace(id=1, name="Headset Earphone", inputCount=0, outputCount=2),
            SimpleNamespace(id=2, name="Speakers", inputCount=0, outputCount=2),
        ]

    def getDevCount(self) -> int:
        return len(self.devices)

    def enumDev2(self) -> list[SimpleNamespace]:
        return self.devices

    def setCaptureDev(self, index: int) -> None:
        self.capture = index

    def setPlaybackDev(self, index: int) -> None:
        self.playback = index


class FakeEngine:
    """What the media part is given by the engine: the table, reporter and scheduler (the real
    ones, around no calls), the options, and an Endpoint whose device manager is the fake."""

    def __init__(self, options: EngineOptions) -> None:
        self.manager = FakeDeviceManager()
        self.ep = SimpleNamespace(audDevManager=lambda: self.manager)
        self.options = options
        self.rig = Rig()
        self.events: list[dict[str, Any]] = self.rig.events


def native(**options: Any) -> tuple[Media, FakeEngine]:
    engine = FakeEngine(EngineOptions(**options))
    rig = engine.rig
    media = Media(rig.table, rig.reporter, rig.scheduler, engine.options)
    media.start(engine.ep)  # type: ignore[arg-type]
    assert media.mode == "native"
    return media, engine


def test_devices_from_the_settings_are_opened_at_start() -> None:
    _media, engine = native(input_device="Headset Microphone", output_device="Headset Earphone")
    assert (engine.manager.capture, engine.manager.playback) == (0, 1)


def test_no_choice_means_the_system_default() -> None:
    _media, engine = native()
    assert (engine.manager.capture, engine.manager.playback) == (
        DEFAULT_CAPTURE_DEV, DEFAULT_PLAYBACK_DEV)


def test_the_audio_command_applies_the_choice_and_reports_native_devices() -> None:
    media, engine = native()
    media.cmd_audio(Command("audio", {"output": "Speakers", "input": "0"}))
    assert (engine.manager.capture, engine.manager.playback) == (0, 2)
    report = typed_event(engine.events[-1])
    assert report is not None and report.output == "Speakers"
    assert [(d.name, d.inputs, d.outputs) for d in report.devices] == [
        ("Headset Microphone", 1, 0), ("Headset Earphone", 0, 2), ("Speakers", 0, 2)]


def test_an_unknown_device_is_reported_and_the_default_used() -> None:
    media, engine = native()
    media.cmd_audio(Command("audio", {"input": "Speakers"}))  # no microphone of that name
    assert engine.manager.capture == DEFAULT_CAPTURE_DEV
    errors = [e["message"] for e in engine.events if e["event"] == "error"]
    assert errors == ["no sound device 'Speakers'; using the system default"]
