"""The PortAudio bridge under a real call: added latency, underruns and CPU.

Starts a private PulseAudio (null sinks), an engine with ``--audio bridge`` and a far engine on
the null device; the far end plays a tone for a few seconds. The bridged engine reports, per
output block, how long received audio waited (jitter buffer + device buffer up to its DAC time):
that is the latency the bridge adds on the speaker path. Printed, not asserted.

``python benchmarks/phone_audio_bridge.py [SECONDS]``
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.phone.conftest import EnginePeer  # noqa: E402

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 6.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_pulse(work: Path) -> tuple[subprocess.Popen[bytes], str]:
    socket_path = work / "native"
    script = work / "bench.pa"
    script.write_text(
        "load-module module-null-sink sink_name=spk rate=16000 channels=1\n"
        "load-module module-null-sink sink_name=mic rate=16000 channels=1\n"
        "set-default-sink spk\nset-default-source mic.monitor\n"
        f"load-module module-native-protocol-unix auth-anonymous=1 socket={socket_path}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(work), "XDG_RUNTIME_DIR": str(work)}
    proc = subprocess.Popen(
        ["pulseaudio", "-n", "-F", str(script), "--exit-idle-time=-1", "--daemonize=no",
         "--use-pid-file=no"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not socket_path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return proc, f"unix:{socket_path}"


def main() -> None:
    if shutil.which("pulseaudio") is None:
        print("PulseAudio is not installed: nothing to measure")
        return
    work = Path(tempfile.mkdtemp(prefix="bridge-bench-"))
    os.chmod(work, 0o700)
    pulse, server = start_pulse(work)
    tone = work / "tone.wav"
    t = np.arange(int(SECONDS * 16000)) / 16000
    with wave.open(str(tone), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes((0.4 * 32767 * np.sin(2 * np.pi * 440 * t)).astype("<i2").tobytes())
    common = ["--listen", "127.0.0.1:0", "--wrap-up", "0", "--no-history"]
    agent = EnginePeer("agent", [*common, "--user", "agent", "--audio", "bridge"],
                       work / "agent", env={"PULSE_SERVER": server})
    far = EnginePeer("far", [*common, "--user", "far", "--audio", "null"], work / "far")
    try:
        if agent.hello["audio"] != "bridge":
            print(f"bridge did not start (mode {agent.hello['audio']})")
            return
        far.send(f"dial {agent.uri}")
        incoming = agent.wait("incoming")
        agent.send({"cmd": "answer", "call": incoming["call"]})
        agent.wait("media", status="active")
        out = far.wait("media", status="active")
        far.send({"cmd": "play", "call": out["call"], "file": str(tone)})
        # Steady state only: PortAudio's input stream spins for a moment after it opens.
        time.sleep(2.0)
        cpu0, wall0 = cpu_seconds(agent.proc.pid), time.monotonic()
        far.wait("prompt", finished=True, timeout=SECONDS + 20)
        cpu = (cpu_seconds(agent.proc.pid) - cpu0) / (time.monotonic() - wall0)
        agent.mark()
        agent.send("status")
        audio = agent.wait("audio")
        print(f"PortAudio bridge over PulseAudio null sinks, {SECONDS:.0f} s of received tone")
        print(f"speaker-path latency added   p50 {audio['latency_ms']:.1f} ms  "
              f"p95 {audio['latency_p95_ms']:.1f} ms  (device buffer alone "
              f"{audio['device_latency_ms']:.1f} ms, jitter target 40 ms)")
        print(f"frames received {audio['frames']}  underruns {audio['underruns']}  "
              f"overruns {audio['overruns']}  mic underruns {audio['mic_underruns']}")
        print({k: v for k, v in audio.items() if "samples" in k})
        print(f"engine CPU during the call (steady state) {100 * cpu:.1f} % of one core")
    finally:
        agent.close()
        far.close()
        pulse.terminate()
        pulse.wait(10)


if __name__ == "__main__":
    main()
