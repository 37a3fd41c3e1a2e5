"""Sound for pjsua2 builds without sound devices: a pjsua2 ``AudioMediaPort`` ⇄ PortAudio.

The conference bridge clocks the port every 20 ms on its own thread: ``onFrameReceived`` gives
what the caller says (pushed into the speaker jitter buffer), ``onFrameRequested`` asks for what
we say (pulled from the microphone jitter buffer). PortAudio (``sounddevice``) callbacks on their
own threads do the other half. Neither side ever waits for the other: the jitter buffers
(:mod:`agent.phone.jitter`) absorb clock drift and count underruns/overruns.

Thread rule: :meth:`AudioBridge.open`, :meth:`ensure_running`, :meth:`stop`, :meth:`select` and
:meth:`close` (which create and destroy the pjsua2 port and the streams) run on the engine's main
thread. The speaker (and ring) streams stay open; the microphone stream is open only while a
call has audio (plus a short grace period), so it is not held open between calls. The port
callbacks run on the media clock thread and the stream callbacks on PortAudio's threads; they
touch only the jitter buffers and counters, and catch everything.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
from typing import Any

import pjsua2 as pj

from agent.phone.jitter import JitterBuffer

RATE = 16000  # pjsua's default conference clock
FRAME_MS = 20
FRAME = RATE * FRAME_MS // 1000
JITTER_TARGET_MS = 40  # two frames of cushion before playout
JITTER_MAX_MS = 120  # beyond this, drop back to the target (bounded latency)
# Asked of PortAudio. Not "low": on ALSA (and ALSA→PulseAudio) PortAudio's minimum period makes
# its threads spin (~30 % of a core measured here) for no audible gain; 40 ms costs ~1.5 %.
DEVICE_LATENCY_S = 0.04


def _fast_reader() -> bool:
    """True when a ``ByteVector``'s storage can be read directly (begin/end pointers).

    Iterating a SWIG ``ByteVector`` costs ~2 ms per 640-byte frame; reading the std::vector's
    buffer costs ~10 µs. Checked once against the slow path; falls back if the layout differs.
    """
    probe = bytes(range(200))
    try:
        return _read_fast(pj.ByteVector(probe)) == probe
    except Exception:
        return False


def _read_fast(vector: Any) -> bytes:
    address = int(vector.this)
    size = ctypes.sizeof(ctypes.c_void_p)
    begin = ctypes.c_void_p.from_address(address).value or 0
    end = ctypes.c_void_p.from_address(address + size).value or 0
    length = end - begin
    if length <= 0 or length > 1 << 20:
        return b""
    return ctypes.string_at(begin, length)


_FAST = _fast_reader()


def read_byte_vector(vector: Any) -> bytes:
    return _read_fast(vector) if _FAST else bytes(vector)


def list_devices() -> list[dict[str, Any]]:
    """PortAudio devices as plain dicts (empty when PortAudio or devices are missing)."""
    try:
        import sounddevice as sd

        devices = sd.query_devices()
    except Exception:
        return []
    return [
        {
            "index": i,
            "name": str(d["name"]),
            "inputs": int(d["max_input_channels"]),
            "outputs": int(d["max_output_channels"]),
        }
        for i, d in enumerate(devices)
    ]


def _device(spec: str) -> int | str | None:
    if not spec:
        return None
    return int(spec) if spec.isdigit() else spec


class _BridgePort(pj.AudioMediaPort):
    """The conference-bridge side. Callbacks run on the media clock thread."""

    def __init__(self, speaker: JitterBuffer, mic: JitterBuffer) -> None:
        super().__init__()
        self.speaker = speaker
        self.mic = mic
        self.frames_in = 0
        self.frames_out = 0
        self.errors = 0

    def onFrameRequested(self, frame: pj.MediaFrame) -> None:
        try:
            data = self.mic.pull(FRAME).tobytes()
            frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
            frame.buf = pj.ByteVector(data)
            frame.size = len(data)
            self.frames_out += 1
        except Exception:
            self.errors += 1

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:
        try:
            if frame.type != pj.PJMEDIA_FRAME_TYPE_AUDIO or frame.size == 0:
                return
            self.speaker.push(read_byte_vector(frame.buf))
            self.frames_in += 1
        except Exception:
            self.errors += 1


class AudioBridge:
    """One bidirectional bridge: conference port ⇄ input and output PortAudio streams."""

    def __init__(self, input_device: str = "", output_device: str = "",
                 ring_device: str = "") -> None:
        self.speaker = JitterBuffer(RATE, target_ms=JITTER_TARGET_MS, max_ms=JITTER_MAX_MS)
        self.mic = JitterBuffer(RATE, target_ms=JITTER_TARGET_MS, max_ms=JITTER_MAX_MS)
        fmt = pj.MediaFormatAudio()
        fmt.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, FRAME_MS * 1000, 16)
        self.port = _BridgePort(self.speaker, self.mic)
        self.port.createPort("sufler-bridge", fmt)
        self._format = fmt
        # A separate ring device gets its own port and output stream (the ringtone only).
        self.ring_buffer: JitterBuffer | None = None
        self._ring_port: _BridgePort | None = None
        self.input_device = input_device
        self.output_device = output_device
        self.ring_device = ring_device
        self._ensure_ring_port()
        self._outputs: list[Any] = []
        self._input: Any = None
        self._lock = threading.Lock()
        self.device_underflows = 0
        self.device_overflows = 0
        self.stream_latency_ms = 0.0
        self._last_counts: tuple[int, int] = (0, 0)
        self._output_live = threading.Event()
        self._latencies = [0.0] * 500  # ring of recent speaker-path latencies (ms)
        self._latency_index = 0

    @classmethod
    def open(
        cls, input_device: str = "", output_device: str = "", ring_device: str = "",
        required: bool = False,
    ) -> AudioBridge | None:
        """A bridge with its output streams playing (the microphone opens with the first call),
        or ``None`` when PortAudio has no devices (unless ``required``: then the microphone is
        also opened once to prove it works).
        """
        devices = list_devices()
        if not any(d["inputs"] or d["outputs"] for d in devices):
            if required:
                raise RuntimeError("PortAudio reports no sound devices")
            return None
        bridge = cls(input_device, output_device, ring_device)
        bridge.start_outputs()
        if required:
            bridge.ensure_running()
            bridge.stop()
        return bridge

    def _ensure_ring_port(self) -> None:
        if self.separate_ring and self._ring_port is None:
            self.ring_buffer = JitterBuffer(RATE, target_ms=JITTER_TARGET_MS, max_ms=200)
            self._ring_port = _BridgePort(self.ring_buffer, JitterBuffer(RATE, 0, 100))
            self._ring_port.createPort("sufler-ring", self._format)

    @property
    def separate_ring(self) -> bool:
        return bool(self.ring_device) and self.ring_device != self.output_device

    @property
    def ring_port(self) -> _BridgePort | None:
        """Where the ringtone goes when the ring device is not the speaker, else ``None``."""
        return self._ring_port if self.separate_ring else None

    @property
    def running(self) -> bool:
        """The microphone stream is open (the speaker and ring streams always are)."""
        return self._input is not None

    def ensure_running(self) -> None:
        """Open the microphone (and any closed output) for a call (main thread)."""
        if not self._outputs:
            self.start_outputs()
        if self._input is None:
            self.mic.reset()
            self.start_input()

    def stop(self) -> None:
        """Close the microphone (main thread): it is not held open between calls."""
        if self._input is not None:
            self._close([self._input])
            self._input = None

    def start_outputs(self) -> None:
        """Open the speaker (and ring) streams. They stay open: PortAudio over PulseAudio can
        take a second or two to start playing, longer than a first ring burst."""
        import sounddevice as sd

        self.speaker.reset()
        self._output_live.clear()
        out = sd.RawOutputStream(
            samplerate=RATE, channels=1, dtype="int16", blocksize=FRAME,
            device=_device(self.output_device), latency=DEVICE_LATENCY_S, callback=self._on_output,
        )
        out.start()
        self._outputs = [out]
        if self.separate_ring and self.ring_buffer is not None:
            ring_buffer = self.ring_buffer

            def on_ring(outdata: Any, frames: int, _time: Any, _status: Any) -> None:
                with contextlib.suppress(Exception):
                    outdata[:] = ring_buffer.pull(frames).tobytes()

            ring = sd.RawOutputStream(
                samplerate=RATE, channels=1, dtype="int16", blocksize=FRAME,
                device=_device(self.ring_device), latency="high", callback=on_ring,
            )
            ring.start()
            self._outputs.append(ring)
        self.stream_latency_ms = 1000.0 * float(out.latency)

    def start_input(self) -> None:
        import sounddevice as sd

        inp = sd.RawInputStream(
            samplerate=RATE, channels=1, dtype="int16", blocksize=FRAME,
            device=_device(self.input_device), latency=DEVICE_LATENCY_S, callback=self._on_input,
        )
        inp.start()
        self._input = inp

    def start(self) -> None:
        """Open every stream."""
        self.start_outputs()
        self.start_input()

    @property
    def output_live(self) -> bool:
        """The speaker stream has asked for audio at least once since it was opened
        (PortAudio over PulseAudio can take a second or two after ``start()``)."""
        return self._output_live.is_set()

    def _on_output(self, outdata: Any, frames: int, when: Any, status: Any) -> None:
        # PortAudio thread: never wait, never raise.
        self._output_live.set()
        try:
            if status.output_underflow:
                self.device_underflows += 1
            queued = self.speaker.depth
            outdata[:] = self.speaker.pull(frames).tobytes()
            if queued >= frames:
                # Received audio waits in the jitter buffer, then in the device until its DAC time.
                device_s = max(0.0, float(when.outputBufferDacTime) - float(when.currentTime))
                self._latencies[self._latency_index % len(self._latencies)] = (
                    1000.0 * (queued / RATE + device_s)
                )
                self._latency_index += 1
        except Exception:
            pass

    def _on_input(self, indata: Any, frames: int, _time: Any, status: Any) -> None:
        try:
            if status.input_overflow:
                self.device_overflows += 1
            self.mic.push(bytes(indata))
        except Exception:
            pass

    def select(self, input_device: str, output_device: str, ring_device: str = "") -> None:
        """Switch devices (main thread): streams are reopened, the port stays connected."""
        mic_was_open = self.running
        self._stop_streams()
        self.input_device = input_device
        self.output_device = output_device
        self.ring_device = ring_device
        self._ensure_ring_port()
        self.mic.reset()
        self.start_outputs()
        if mic_was_open:
            self.start_input()

    @staticmethod
    def _close(streams: list[Any]) -> None:
        for stream in streams:
            try:
                stream.stop()
                stream.close()
            except Exception as exc:
                sys.stderr.write(f"phone engine: closing audio stream: {exc}\n")

    def _stop_streams(self) -> None:
        self._output_live.clear()
        self._close([*self._outputs, *([self._input] if self._input is not None else [])])
        self._outputs = []
        self._input = None

    def stats(self) -> dict[str, Any]:
        speaker = self.speaker.stats()
        mic = self.mic.stats()
        underruns = speaker.underruns + self.device_underflows
        overruns = speaker.overruns + mic.overruns + self.device_overflows
        changed = (underruns, overruns) != self._last_counts
        self._last_counts = (underruns, overruns)
        count = min(self._latency_index, len(self._latencies))
        recent = sorted(self._latencies[:count])
        if recent:
            latency_p50 = round(recent[len(recent) // 2], 1)
            latency_p95 = round(recent[min(len(recent) - 1, int(0.95 * len(recent)))], 1)
        else:
            latency_p50 = latency_p95 = round(self.stream_latency_ms + speaker.depth_ms, 1)
        return {
            "underruns": underruns,
            "overruns": overruns,
            "frames": self.port.frames_in,
            "mic_underruns": mic.underruns,
            "speaker_samples_in": speaker.pushed_samples,
            "speaker_samples_out": speaker.pulled_samples,
            "mic_samples_in": mic.pushed_samples,
            "mic_samples_out": mic.pulled_samples,
            "jitter_ms": round(speaker.depth_ms, 1),
            "latency_ms": latency_p50,
            "latency_p95_ms": latency_p95,
            "device_latency_ms": round(self.stream_latency_ms, 1),
            "changed": changed,
        }

    def close(self) -> None:
        """Stop the streams and destroy the port (main thread, before ``libDestroy``)."""
        self._stop_streams()
        self.port = None  # type: ignore[assignment]
        self._ring_port = None
