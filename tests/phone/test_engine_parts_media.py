"""Call audio against fakes: which calls are connected to the sound ports (active, held, muted,
conference), the microphone opened on demand and closed when idle, prompts refused outside the
prompts folder, the end of a call, and the devices chosen in the settings in every sound mode."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pjsua2 as pj
import pytest

from agent.phone.lines import CallRecord
from agent.phone.media import AUDIO_IDLE_CLOSE_S, AUDIO_REPORT_S, Media
from agent.phone.options import EngineOptions
from agent.phone.protocol import CallState, Command, CommandError, HoldState, MediaStatus
from tests.phone.engine_fakes import FakeCall, FakeMedia, Rig


class NullDevices:
    """pjsua2's device manager in the wheels: no devices, the null sound port."""

    def __init__(self) -> None:
        self.speaker = FakeMedia("speaker")
        self.mic = FakeMedia("mic")
        self.null = False

    def getDevCount(self) -> int:
        return 0

    def setNullDev(self) -> None:
        self.null = True

    def getPlaybackDevMedia(self) -> FakeMedia:
        return self.speaker

    def getCaptureDevMedia(self) -> FakeMedia:
        return self.mic


class FakeBridge:
    """The PortAudio bridge: one port for calls; devices opened on demand."""

    def __init__(self) -> None:
        self.port = FakeMedia("bridge")
        self.ring_port = None
        self.running = False
        self.output_live = True
        self.fail_open: Exception | None = None
        self.selected: list[tuple[str, str, str]] = []
        self.changed = False
        self.stopped = 0

    def ensure_running(self) -> None:
        if self.fail_open is not None:
            raise self.fail_open
        self.running = True

    def stop(self) -> None:
        self.running = False
        self.stopped += 1

    def stats(self) -> dict[str, Any]:
        return {"underruns": 0, "overruns": 0, "frames": 5, "latency_ms": 40.0,
                "changed": self.changed}

    def select(self, input_device: str, output_device: str, ring_device: str) -> None:
        self.selected.append((input_device, output_device, ring_device))


@pytest.fixture
def rig() -> Rig:
    return Rig()


def media_of(rig: Rig, bridge: FakeBridge | None = None,
             **options: Any) -> tuple[Media, NullDevices]:
    devices = NullDevices()
    media = Media(rig.table, rig.reporter, rig.scheduler, EngineOptions(audio="null", **options))
    media.start(SimpleNamespace(audDevManager=lambda: devices))  # type: ignore[arg-type]
    assert devices.null and media.mode == "null"
    if bridge is not None:
        media.bridge, media.mode = bridge, "bridge"
    return media, devices


def talking(rig: Rig, **extra: Any) -> tuple[CallRecord, FakeCall]:
    extra.setdefault("media", MediaStatus.ACTIVE)
    record, call = rig.add(**extra)
    call.set_audio(pj.PJSUA_CALL_MEDIA_ACTIVE)
    return record, call


# ---------------------------------------------------------------- routing


def test_the_active_call_hears_us_and_we_hear_it(rig: Rig) -> None:
    media, devices = media_of(rig)
    _, call = talking(rig)
    media.routing_changed(rig.lines.get(1))  # type: ignore[arg-type]
    assert call.audio.links == {"speaker"} and devices.mic.links == {call.audio.name}


def test_only_the_active_call_talks_and_a_held_one_is_cut(rig: Rig) -> None:
    media, devices = media_of(rig)
    first, first_call = talking(rig)
    media.route()
    first.wanted_hold = True
    second, second_call = talking(rig)
    media.route()
    assert first_call.audio.links == set() and second_call.audio.links == {"speaker"}
    assert devices.mic.links == {second_call.audio.name}
    second.hold = HoldState.REMOTE
    media.route()
    assert second_call.audio.links == set() and devices.mic.links == set()


def test_mute_cuts_only_our_microphone(rig: Rig) -> None:
    media, devices = media_of(rig)
    record, call = talking(rig)
    record.muted = True
    media.route()
    assert call.audio.links == {"speaker"} and devices.mic.links == set()


def test_a_call_without_audio_or_gone_is_left_alone(rig: Rig) -> None:
    media, devices = media_of(rig)
    _, call = rig.add(media=MediaStatus.NONE)
    call.info.media = [SimpleNamespace(type=pj.PJMEDIA_TYPE_AUDIO, status=pj.PJSUA_CALL_MEDIA_NONE)]
    media.route()
    assert devices.mic.links == set()
    assert Media.call_audio(call) is None  # type: ignore[arg-type]
    call.set_audio(pj.PJSUA_CALL_MEDIA_REMOTE_HOLD)
    assert Media.call_audio(call) is call.audio  # type: ignore[arg-type]
    call.fail["getAudioMedia"] = pj.Error()
    assert Media.call_audio(call) is None  # type: ignore[arg-type]
    call.fail["getInfo"] = pj.Error()
    assert Media.call_audio(call) is None  # type: ignore[arg-type]


def test_calls_in_a_conference_hear_each_other_until_one_leaves(rig: Rig) -> None:
    media, devices = media_of(rig)
    first, first_call = talking(rig)
    second, second_call = talking(rig)
    rig.lines.conference = {first.id, second.id}
    media.route()
    assert first_call.audio.links == {"speaker", second_call.audio.name}
    assert second_call.audio.links == {"speaker", first_call.audio.name}
    assert devices.mic.links == {first_call.audio.name, second_call.audio.name}
    rig.lines.leave_conference(first.id)
    media.call_removed(first)
    assert first_call.audio.links == set() and second_call.audio.links == {"speaker"}


def test_an_ended_call_is_dropped_from_the_conference_bridge(rig: Rig) -> None:
    media, _ = media_of(rig)
    first, _ = talking(rig)
    second, _ = talking(rig)
    rig.lines.conference = {first.id, second.id}
    media.route()
    assert media.bridged == {(first.id, second.id), (second.id, first.id)}
    media.call_ended(first)
    assert media.bridged == set()
    assert rig.events == []


# ---------------------------------------------------------------- the bridge's devices


def test_a_talking_call_opens_the_microphone_after_the_callback(rig: Rig) -> None:
    bridge = FakeBridge()
    media, _ = media_of(rig, bridge)
    _, call = talking(rig)
    media.route()
    media.route()
    assert call.audio.links == {"bridge"} and bridge.port.links == {call.audio.name}
    assert not bridge.running
    rig.scheduler.run_posted()
    assert bridge.running
    assert rig.scheduler.posted.empty()


def test_devices_that_cannot_be_opened_are_reported(rig: Rig) -> None:
    bridge = FakeBridge()
    bridge.fail_open = OSError("device busy")
    media, _ = media_of(rig, bridge)
    talking(rig)
    media.route()
    rig.scheduler.run_posted()
    assert [(e["message"], e["command"]) for e in rig.of("error")] == [
        ("sound devices cannot be opened: device busy", "audio")]


def test_the_microphone_closes_after_a_grace_period_without_call_audio(rig: Rig) -> None:
    bridge = FakeBridge()
    bridge.running = True
    media, _ = media_of(rig, bridge)
    now = rig.clock.now
    record, _ = talking(rig)
    media.tick(now)
    media.tick(now + 60)
    assert bridge.stopped == 0
    record.media = MediaStatus.NONE
    media.tick(now + 61)
    media.tick(now + 61 + AUDIO_IDLE_CLOSE_S - 0.01)
    assert bridge.stopped == 0
    media.tick(now + 61 + AUDIO_IDLE_CLOSE_S)
    assert bridge.stopped == 1 and not bridge.running


def test_changed_bridge_statistics_are_reported_now_and_then(rig: Rig) -> None:
    bridge = FakeBridge()
    media, _ = media_of(rig, bridge)
    now = rig.clock.now
    media.tick(now)
    assert rig.of("audio") == []
    bridge.changed = True
    media.tick(now + 1)
    media.tick(now + AUDIO_REPORT_S)
    media.tick(now + AUDIO_REPORT_S + 1)
    audio = rig.of("audio")
    assert len(audio) == 1 and audio[0]["frames"] == 5 and "changed" not in audio[0]


# ---------------------------------------------------------------- ringtone


def test_no_ring_without_a_ringtone_file_and_none_while_a_call_is_active(
        rig: Rig, tmp_path: Path) -> None:
    media, _ = media_of(rig, ringtone=str(tmp_path / "missing.wav"))
    rig.add(state=CallState.INCOMING)
    media.ringing_changed(rig.lines.get(1))  # type: ignore[arg-type]
    assert media.ring_player is None
    media.ring_player = object()  # type: ignore[assignment]
    talking(rig)
    media.update_ring()
    assert media.ring_player is None


# ---------------------------------------------------------------- prompts


@pytest.mark.parametrize("name", ["../secret.wav", "/etc/passwd", "notes.txt", "sub/x.wav"])
def test_only_a_recording_of_the_prompts_folder_is_played(
        rig: Rig, tmp_path: Path, name: str) -> None:
    prompts = tmp_path / "prompts"
    (prompts / "sub").mkdir(parents=True)
    (tmp_path / "secret.wav").write_bytes(b"RIFF")
    (prompts / "notes.txt").write_text("x")
    (prompts / "sub" / "x.wav").write_bytes(b"RIFF")
    media, _ = media_of(rig, prompts_dir=str(prompts))
    talking(rig)
    with pytest.raises(CommandError, match="only the installed prompts can be played"):
        media.cmd_play(Command("play", {"file": name}))


def test_a_missing_recording_or_a_call_without_audio_is_refused(rig: Rig, tmp_path: Path) -> None:
    (tmp_path / "hello.wav").write_bytes(b"RIFF")
    media, _ = media_of(rig, prompts_dir=str(tmp_path))
    _, call = talking(rig)
    with pytest.raises(CommandError, match="no such recording"):
        media.cmd_play(Command("play", {"file": "bye.wav"}))
    call.info.media = []
    with pytest.raises(CommandError, match="call 1 has no audio"):
        media.cmd_play(Command("play", {"file": "hello.wav"}))
    with pytest.raises(CommandError, match="call 1 has no audio"):
        media.cmd_record(Command("record", {"file": str(tmp_path / "r.wav")}))


# ---------------------------------------------------------------- devices


def test_the_chosen_devices_go_to_the_bridge_and_are_reported(rig: Rig) -> None:
    bridge = FakeBridge()
    media, _ = media_of(rig, bridge, input_device="Mic", output_device="Phones")
    media.cmd_audio(Command("audio", {"ring": "Speakers"}))
    assert bridge.selected == [("Mic", "Phones", "Speakers")]
    media.cmd_audio(Command("audio", {"ringtone": "ring.wav"}))
    assert bridge.selected == [("Mic", "Phones", "Speakers")]
    assert media.options.ringtone == "ring.wav"
    report = rig.of("audio")[-1]
    assert (report["mode"], report["input"], report["output"], report["ring"]) == (
        "bridge", "Mic", "Phones", "Speakers")


def test_in_null_mode_the_choice_is_kept_and_reported(rig: Rig) -> None:
    media, _ = media_of(rig)
    media.cmd_audio(Command("audio", {"input": "Mic", "output": "Phones"}))
    report = rig.of("audio")[-1]
    assert (report["mode"], report["input"], report["output"]) == ("null", "Mic", "Phones")


# ---------------------------------------------------------------- devices in every sound mode


class Opener:
    """PortAudio as the bridge sees it: the devices that exist now; a name that does not
    exist cannot be opened."""

    def __init__(self, *names: str) -> None:
        self.names = set(names)
        self.asked: list[tuple[str, str, str, bool]] = []

    def __call__(self, input_device: str, output_device: str, ring_device: str,
                 required: bool) -> FakeBridge | None:
        self.asked.append((input_device, output_device, ring_device, required))
        if not self.names:
            if required:
                raise RuntimeError("PortAudio reports no sound devices")
            return None
        for name in (input_device, output_device, ring_device):
            if name and name not in self.names:
                raise ValueError(f"No device matching {name!r}")
        return FakeBridge()


def started(rig: Rig, opener: Opener, audio: str = "auto", **options: Any) -> Media:
    devices = NullDevices()
    media = Media(rig.table, rig.reporter, rig.scheduler, EngineOptions(audio=audio, **options),
                  opener)
    media.start(SimpleNamespace(audDevManager=lambda: devices))  # type: ignore[arg-type]
    return media


def test_the_chosen_devices_open_the_bridge_at_start(rig: Rig) -> None:
    opener = Opener("Headset", "Speakers")
    media = started(rig, opener, input_device="Headset", output_device="Headset",
                    ring_device="Speakers")
    assert media.mode == "bridge" and opener.asked == [("Headset", "Headset", "Speakers", False)]
    assert rig.of("error") == []


def test_a_chosen_device_that_is_gone_falls_back_to_the_default_and_says_so(rig: Rig) -> None:
    opener = Opener("Speakers")
    media = started(rig, opener, input_device="Headset", output_device="Headset")
    assert media.mode == "bridge"
    assert opener.asked[-1] == ("", "", "", False)
    assert [(e["message"], e["command"]) for e in rig.of("error")] == [
        ("sound devices 'Headset', 'Headset' cannot be opened (No device matching 'Headset'); "
         "using the system default", "audio")]


def test_no_portaudio_devices_keeps_the_null_port_in_auto_mode_only(rig: Rig) -> None:
    media = started(rig, Opener(), input_device="Headset")
    assert media.mode == "null" and rig.events == []
    media = started(rig, Opener(), audio="bridge")
    assert media.mode == "null"
    assert rig.of("error")[0]["message"] == (
        "audio bridge unavailable: PortAudio reports no sound devices")
    rig.clear()
    started(rig, Opener(), audio="bridge", output_device="Gone")
    assert [e["message"] for e in rig.of("error")][-1] == (
        "audio bridge unavailable: PortAudio reports no sound devices")


def test_null_mode_by_choice_never_opens_devices(rig: Rig) -> None:
    opener = Opener("Headset")
    media = started(rig, opener, audio="null")
    media.cmd_audio(Command("audio", {"input": "Headset", "output": "Headset"}))
    assert media.mode == "null" and opener.asked == []


def test_devices_that_appear_later_are_used_when_chosen(rig: Rig) -> None:
    opener = Opener()
    media = started(rig, opener)
    assert media.mode == "null"
    _, call = talking(rig)
    opener.names = {"Headset"}
    media.cmd_audio(Command("audio", {"input": "Headset", "output": "Headset", "ring": ""}))
    assert media.mode == "bridge" and opener.asked[-1] == ("Headset", "Headset", "", False)
    assert call.audio.links == {"bridge"}  # the call is routed to the new devices at once
    assert rig.of("audio")[-1]["mode"] == "bridge"
    media.cmd_audio(Command("audio", {"ringtone": "ring.wav"}))
    assert len(opener.asked) == 2


def test_a_device_that_cannot_be_switched_to_falls_back_to_the_default(rig: Rig) -> None:
    class PickyBridge(FakeBridge):
        def select(self, input_device: str, output_device: str, ring_device: str) -> None:
            if "Gone" in (input_device, output_device, ring_device):
                raise ValueError("No device matching 'Gone'")
            super().select(input_device, output_device, ring_device)

    bridge = PickyBridge()
    media, _ = media_of(rig, bridge)
    media.options.audio = "auto"
    media.cmd_audio(Command("audio", {"input": "Gone", "output": "", "ring": ""}))
    assert bridge.selected == [("", "", "")]
    assert rig.of("error")[0]["message"] == (
        "sound devices 'Gone' cannot be opened (No device matching 'Gone'); "
        "using the system default")
    assert rig.of("audio")[-1]["input"] == "Gone"


def test_even_the_default_device_failing_is_reported(rig: Rig) -> None:
    class BrokenBridge(FakeBridge):
        def select(self, input_device: str, output_device: str, ring_device: str) -> None:
            raise OSError("PortAudio error")

    media, _ = media_of(rig, BrokenBridge())
    media.cmd_audio(Command("audio", {"output": "Phones"}))
    assert [e["message"] for e in rig.of("error")] == [
        "sound devices 'Phones' cannot be opened (PortAudio error); using the system default",
        "sound devices cannot be opened: PortAudio error"]
