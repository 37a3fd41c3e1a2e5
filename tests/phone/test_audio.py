"""The audio path: a known tone played into a call must arrive at the other end.

Without sound devices both engines run on pjsua's null device and the far end records what it
receives (``record``). With a private PulseAudio daemon (null sinks), one engine uses the
PortAudio bridge and the tone is checked on the sink monitor and from a fake microphone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.phone.conftest import EnginePeer

pytestmark = [pytest.mark.sip, pytest.mark.timeout(120)]

RATE = 16000


def write_tone(path: Path, freq: float, seconds: float, rate: int = RATE) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    samples = (0.5 * 32767 * np.sin(2 * np.pi * freq * t)).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def dominant_frequency(path: Path, skip_s: float = 0.2) -> tuple[float, float]:
    """(peak frequency in Hz, RMS) of a WAV, ignoring the first ``skip_s`` seconds."""
    with wave.open(str(path), "rb") as src:
        rate = src.getframerate()
        channels = src.getnchannels()
        data = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2").astype(np.float64)
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1)
    data = data[int(skip_s * rate):]
    if len(data) < rate // 10:
        return 0.0, 0.0
    rms = float(np.sqrt(np.mean(data**2)))
    spectrum = np.abs(np.fft.rfft(data * np.hanning(len(data))))
    freqs = np.fft.rfftfreq(len(data), 1 / rate)
    return float(freqs[int(np.argmax(spectrum[1:])) + 1]), rms


def record_sink(path: Path, pulse: dict[str, str]) -> subprocess.Popen[bytes]:
    """Record the ``spk`` sink's monitor; returns once samples are really being written
    (parecord can take a second to connect on a loaded machine)."""
    rec = subprocess.Popen(
        ["parecord", "-d", "spk.monitor", "--rate=16000", "--channels=1", "--format=s16le",
         "--file-format=wav", str(path)], env={**os.environ, **pulse},
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size > 44 + 3200:
            break
        time.sleep(0.05)
    return rec


@pytest.fixture(scope="module")
def prompts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The prompts directory of the engines that play here: they play nothing from elsewhere."""
    return tmp_path_factory.mktemp("prompts")


@pytest.fixture(scope="module")
def pair(peer_factory: Callable[..., EnginePeer], prompts: Path) -> tuple[EnginePeer, EnginePeer]:
    return (peer_factory("listener", "--wrap-up", "0", "--audio", "null"),
            peer_factory("speaker", "--wrap-up", "0", "--audio", "null",
                         "--prompts", str(prompts)))


def _connect(caller: EnginePeer, callee: EnginePeer) -> tuple[int, int]:
    caller.mark()
    callee.mark()
    caller.send(f"dial {callee.uri}")
    incoming = callee.wait("incoming")
    callee.send({"cmd": "answer", "call": incoming["call"]})
    callee.wait("media", call=incoming["call"], status="active")
    out = caller.wait("media", status="active")
    return out["call"], incoming["call"]


def test_prompt_tone_arrives_at_the_far_end(
    pair: tuple[EnginePeer, EnginePeer], tmp_path: Path, prompts: Path
) -> None:
    listener, speaker = pair
    tone = write_tone(prompts / "tone1k.wav", 1000, 1.5)
    recording = tmp_path / "heard.wav"
    at_listener, at_speaker = _connect(listener, speaker)
    listener.send({"cmd": "record", "call": at_listener, "file": str(recording)})
    listener.wait("recording", finished=False)
    speaker.send({"cmd": "play", "call": at_speaker, "file": str(tone)})
    speaker.wait("prompt", call=at_speaker, finished=False)
    speaker.wait("prompt", call=at_speaker, finished=True, timeout=20)
    listener.send(f"hangup {at_listener}")
    listener.wait("recording", finished=True)
    freq, rms = dominant_frequency(recording)
    assert rms > 500, "the far end recorded silence"
    assert abs(freq - 1000) < 25, f"dominant frequency {freq:.0f} Hz"


def test_prompt_then_hang_up(pair: tuple[EnginePeer, EnginePeer], prompts: Path) -> None:
    listener, speaker = pair
    installed = Path(__file__).resolve().parents[2] / "assets" / "sounds" / "cant-hear-you.ru.wav"
    shutil.copy(installed, prompts)
    at_listener, at_speaker = _connect(listener, speaker)
    # A bare name is looked up in the prompts directory.
    speaker.send({"cmd": "play", "call": at_speaker, "file": installed.name, "hangup_after": True})
    speaker.wait("prompt", call=at_speaker, finished=True, timeout=30)
    ended = listener.call_state("disconnected", call=at_listener)
    assert ended["answered"] is not None


def test_only_recordings_of_the_prompts_directory_are_played(
        pair: tuple[EnginePeer, EnginePeer], prompts: Path, tmp_path: Path) -> None:
    listener, speaker = pair
    _, at_speaker = _connect(listener, speaker)
    speaker.send({"cmd": "play", "call": at_speaker, "file": str(prompts / "missing.wav")})
    assert "no such recording" in speaker.wait("error", command="play")["message"]
    # Real WAV files elsewhere on disk never reach the caller, however they are named.
    elsewhere = write_tone(tmp_path / "private.wav", 440, 0.5)
    (prompts / "link.wav").symlink_to(elsewhere)
    start = len(speaker.events)
    for name in (str(elsewhere), f"../{tmp_path.name}/private.wav",
                 str(prompts / ".." / tmp_path.name / "private.wav"), "link.wav"):
        speaker.mark()
        speaker.send({"cmd": "play", "call": at_speaker, "file": name})
        refused = speaker.wait("error", command="play")["message"]
        assert "only the installed prompts" in refused, (name, refused)
    assert not [e for e in speaker.events[start:] if e.get("event") == "prompt"]
    speaker.send("hangup")


# ---------------------------------------------------------------------- PortAudio bridge


@pytest.fixture(scope="module")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A private PulseAudio with two null sinks: ``spk`` (our speaker) and ``mic``."""
    if shutil.which("pulseaudio") is None or shutil.which("parecord") is None:
        pytest.skip("pulseaudio is not installed")
    work = tmp_path_factory.mktemp("pulse")
    os.chmod(work, 0o700)
    socket_path = work / "native"
    script = work / "test.pa"
    script.write_text(
        "load-module module-null-sink sink_name=spk rate=16000 channels=1\n"
        "load-module module-null-sink sink_name=mic rate=16000 channels=1\n"
        "set-default-sink spk\nset-default-source mic.monitor\n"
        f"load-module module-native-protocol-unix auth-anonymous=1 socket={socket_path}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(work), "XDG_RUNTIME_DIR": str(work),
           "PULSE_SERVER": f"unix:{socket_path}"}
    proc = subprocess.Popen(
        ["pulseaudio", "-n", "-F", str(script), "--exit-idle-time=-1", "--daemonize=no",
         "--use-pid-file=no", "--log-target=stderr"],
        env=env, stdout=subprocess.DEVNULL, stderr=(work / "pulse.log").open("wb"),
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not socket_path.exists():
        time.sleep(0.05)
    if not socket_path.exists() or proc.poll() is not None:
        proc.kill()
        pytest.skip("PulseAudio could not start here")
    try:
        yield {"PULSE_SERVER": f"unix:{socket_path}", "HOME": str(work)}
    finally:
        proc.terminate()
        proc.wait(10)


def test_bridge_carries_audio_both_ways(
    pulse: dict[str, str], peer_factory: Callable[..., EnginePeer], tmp_path: Path, prompts: Path
) -> None:
    agent = peer_factory("bridged", "--wrap-up", "0", "--audio", "bridge",
                         env={"PULSE_SERVER": pulse["PULSE_SERVER"]})
    assert agent.hello["audio"] == "bridge", agent.stderr_tail()
    far = peer_factory("faraway", "--wrap-up", "0", "--audio", "null", "--prompts", str(prompts))
    penv = {**os.environ, **pulse}
    at_far, _ = _connect(far, agent)  # an incoming call, answered by the agent

    # Far end → our speaker (the spk sink): record its monitor while the tone plays.
    heard = tmp_path / "speaker.wav"
    rec = record_sink(heard, pulse)
    far.send({"cmd": "play", "call": at_far,
              "file": str(write_tone(prompts / "t700.wav", 700, 2.0))})
    far.wait("prompt", call=at_far, finished=True, timeout=20)
    rec.terminate()
    rec.wait(10)
    freq, rms = dominant_frequency(heard, skip_s=0.5)
    assert rms > 200 and abs(freq - 700) < 25, (freq, rms)

    # Our microphone (the mic sink's monitor) → far end.
    got = tmp_path / "far.wav"
    far.send({"cmd": "record", "call": at_far, "file": str(got)})
    far.wait("recording", finished=False)
    subprocess.run(["paplay", "-d", "mic", str(write_tone(tmp_path / "t1200.wav", 1200, 2.0))],
                   env=penv, check=True, timeout=30)
    far.send(f"hangup {at_far}")
    far.wait("recording", finished=True)
    freq, rms = dominant_frequency(got, skip_s=0.5)
    assert rms > 200 and abs(freq - 1200) < 25, (freq, rms)

    agent.mark()
    agent.send("status")
    audio = agent.wait("audio")
    assert audio["mode"] == "bridge" and audio["frames"] > 0
    assert audio["latency_ms"] is not None


@pytest.mark.parametrize("ring_device", ["", "pulse"])
def test_ringtone_plays_while_a_call_rings(
    pulse: dict[str, str], peer_factory: Callable[..., EnginePeer], tmp_path: Path,
    ring_device: str,
) -> None:
    home_settings = f'[audio]\nring_device = "{ring_device}"\noutput_device = "default"\n'
    agent = peer_factory(f"ringing{len(ring_device)}", "--wrap-up", "0", "--audio", "bridge",
                         env={"PULSE_SERVER": pulse["PULSE_SERVER"]}, settings=home_settings)
    caller = peer_factory(f"ringer{len(ring_device)}", "--wrap-up", "0", "--audio", "null")
    heard = tmp_path / "ring.wav"
    # Keep the sink running (a silent stream) so its monitor records from the first ring on.
    keep_awake = subprocess.Popen(
        ["paplay", "-d", "spk", str(write_tone(tmp_path / "quiet.wav", 0, 20.0))],
        env={**os.environ, **pulse},
    )
    time.sleep(0.5)
    rec = record_sink(heard, pulse)
    try:
        agent.mark()
        caller.send(f"dial {agent.uri}")
        agent.wait("incoming")
        time.sleep(3.0)  # the devices open first (slow on a loaded machine), then it rings
    finally:
        rec.terminate()
        rec.wait(10)
        keep_awake.terminate()
        keep_awake.wait(10)
    agent.mark()
    agent.send("status")
    audio = agent.wait("audio")
    caller.send("hangup")
    agent.wait("call_removed")
    freq, rms = dominant_frequency(heard, skip_s=0.3)
    audio.pop("devices", None)
    (tmp_path / "stats.txt").write_text(repr(audio))
    assert rms > 100 and abs(freq - 425) < 15, (freq, rms, audio)


def test_mute_cuts_the_microphone_but_not_prompts(
    pair: tuple[EnginePeer, EnginePeer], tmp_path: Path, prompts: Path
) -> None:
    listener, speaker = pair
    at_listener, at_speaker = _connect(listener, speaker)
    speaker.send({"cmd": "mute", "call": at_speaker, "on": True})
    assert speaker.wait("call", call=at_speaker, muted=True)["muted"]
    recording = tmp_path / "muted.wav"
    listener.send({"cmd": "record", "call": at_listener, "file": str(recording)})
    listener.wait("recording", finished=False)
    speaker.send({"cmd": "play", "call": at_speaker,
                  "file": str(write_tone(prompts / "t.wav", 900, 1.0))})
    speaker.wait("prompt", call=at_speaker, finished=True, timeout=20)
    listener.send(f"hangup {at_listener}")
    listener.wait("recording", finished=True)
    freq, rms = dominant_frequency(recording)
    assert rms > 500 and abs(freq - 900) < 25, (freq, rms)


def test_mute_silences_the_bridged_microphone(
    pulse: dict[str, str], peer_factory: Callable[..., EnginePeer], tmp_path: Path
) -> None:
    agent = peer_factory("mutable", "--wrap-up", "0", "--audio", "bridge",
                         env={"PULSE_SERVER": pulse["PULSE_SERVER"]})
    far = peer_factory("farmute", "--wrap-up", "0", "--audio", "null")
    penv = {**os.environ, **pulse}
    at_far, at_agent = _connect(far, agent)
    agent.send({"cmd": "mute", "call": at_agent, "on": True})
    agent.wait("call", call=at_agent, muted=True)
    got = tmp_path / "muted-mic.wav"
    far.send({"cmd": "record", "call": at_far, "file": str(got)})
    far.wait("recording", finished=False)
    subprocess.run(["paplay", "-d", "mic", str(write_tone(tmp_path / "m.wav", 1100, 1.5))],
                   env=penv, check=True, timeout=30)
    far.send(f"hangup {at_far}")
    far.wait("recording", finished=True)
    _, rms = dominant_frequency(got, skip_s=0.3)
    assert rms < 50, f"a muted microphone still reached the far end (RMS {rms:.0f})"


def test_devices_are_listed_and_can_be_chosen(
    pulse: dict[str, str], peer_factory: Callable[..., EnginePeer], tmp_path: Path, prompts: Path
) -> None:
    agent = peer_factory("chooser", "--wrap-up", "0", "--audio", "bridge",
                         env={"PULSE_SERVER": pulse["PULSE_SERVER"]})
    agent.mark()
    agent.send({"cmd": "audio", "input": "pulse", "output": "pulse", "id": "dev"})
    audio = agent.wait("audio", reply_to="dev")
    names = {d["name"] for d in audio["devices"]}
    assert "pulse" in names, names
    assert (audio["input"], audio["output"]) == ("pulse", "pulse")
    # The chosen output really carries the call.
    far = peer_factory("farchooser", "--wrap-up", "0", "--audio", "null",
                      "--prompts", str(prompts))
    at_far, _ = _connect(far, agent)
    heard = tmp_path / "chosen.wav"
    rec = record_sink(heard, pulse)
    far.send({"cmd": "play", "call": at_far,
              "file": str(write_tone(prompts / "t500.wav", 500, 1.5))})
    far.wait("prompt", call=at_far, finished=True, timeout=20)
    rec.terminate()
    rec.wait(10)
    far.send("hangup")
    freq, rms = dominant_frequency(heard, skip_s=0.5)
    assert rms > 200 and abs(freq - 500) < 25, (freq, rms)


def test_quit_in_the_middle_of_everything_exits_cleanly(
    peer_factory: Callable[..., EnginePeer], tmp_path: Path, prompts: Path
) -> None:
    busy = EnginePeer("busy-quitter", ["--listen", "127.0.0.1:0", "--user", "bq",
                                       "--prompts", str(prompts), "--wrap-up",
                                       "0", "--audio", "null"], tmp_path / "bq")
    far = peer_factory("far-quitter", "--wrap-up", "0", "--audio", "null")
    try:
        _, at_busy = _connect(far, busy)
        busy.send({"cmd": "record", "call": at_busy, "file": str(tmp_path / "r.wav")})
        busy.send({"cmd": "play", "call": at_busy,
                   "file": str(write_tone(prompts / "long.wav", 300, 10.0))})
        busy.wait("prompt", finished=False)
        busy.send("quit")
        busy.wait("bye")
        far.call_state("disconnected")
    finally:
        code = busy.close()
    assert code == 0, busy.stderr_tail()


def test_quit_with_the_bridge_running_exits_cleanly(
    pulse: dict[str, str], peer_factory: Callable[..., EnginePeer], tmp_path: Path
) -> None:
    busy = EnginePeer("bridge-quitter", ["--listen", "127.0.0.1:0", "--user", "bbq",
                                         "--wrap-up", "0", "--audio", "bridge"],
                      tmp_path / "bbq", env={"PULSE_SERVER": pulse["PULSE_SERVER"]})
    far = peer_factory("far-bridge-quitter", "--wrap-up", "0", "--audio", "null")
    try:
        _connect(far, busy)
        time.sleep(0.5)  # frames flowing through the bridge
        busy.send("quit")
        busy.wait("bye")
    finally:
        code = busy.close()
    assert code == 0, busy.stderr_tail()
