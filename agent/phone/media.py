"""Call audio: the sound ports (null device, native devices or the PortAudio bridge), routing the
active call to them, the ringtone, prompt players and recorders.

Collaborators: the call table, the reporter, the scheduler and the options (devices, ringtone,
prompts); the Endpoint is handed over by :meth:`Media.start`. Subscribes to the call bus: a call
confirmed or its media changed re-routes the audio (:meth:`Media.routing_changed`), a call
ringing or changing state updates the ringtone (:meth:`~Media.ringing_changed`), a call ended
drops its players and recorder (:meth:`~Media.call_ended`), a call removed does both
(:meth:`~Media.call_removed`).

Thread rule: main thread only. A prompt's end-of-file fires on the media clock thread and only
posts to the main loop; the microphone is opened from a posted job, never inside a callback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pjsua2 as pj

from agent.phone.call_table import CallTable
from agent.phone.lines import CallRecord
from agent.phone.options import EngineOptions
from agent.phone.protocol import (
    Command,
    CommandError,
    EventName,
    HoldState,
    MediaStatus,
    Problem,
)
from agent.phone.reporter import Reporter
from agent.phone.scheduler import Scheduler
from agent.phone.sip_objects import PromptPlayer, SipCall

AUDIO_IDLE_CLOSE_S = 5.0
AUDIO_REPORT_S = 5.0
DEFAULT_CAPTURE_DEV = -1  # pjmedia's "the system's default" device ids
DEFAULT_PLAYBACK_DEV = -2


def device_index(spec: str, devices: list[dict[str, Any]], channels: str) -> int | None:
    """The index of the device ``spec`` names (a name or an index) that has ``channels``
    (``inputs`` / ``outputs``); ``None`` when there is no such device."""
    for device in devices:
        if device[channels] > 0 and spec in (device["name"], str(device["index"])):
            return int(device["index"])
    return None


BridgeOpener = Callable[[str, str, str, bool], Any]


def _named(devices: tuple[str, ...]) -> str:
    return ", ".join(repr(d) for d in devices if d)


class Media:
    """Owns the audio bridge, the ring player, prompt players and recorders."""

    def __init__(self, table: CallTable, reporter: Reporter, scheduler: Scheduler,
                 options: EngineOptions, bridge_opener: BridgeOpener | None = None) -> None:
        self.table = table
        # (input, output, ring, required) -> an open bridge, None (no devices), or raises
        self._bridge_opener = bridge_opener or self._open_portaudio
        self.reporter = reporter
        self.scheduler = scheduler
        self.options = options
        self.ep: pj.Endpoint | None = None
        self.bridge: Any = None
        self.mode = "null"
        self.players: dict[int, list[tuple[PromptPlayer, dict[str, Any]]]] = {}
        self.recorders: dict[int, tuple[pj.AudioMediaRecorder, str]] = {}
        self.ring_player: pj.AudioMediaPlayer | None = None
        self.bridged: set[tuple[int, int]] = set()  # (from call, to call) audio links
        self.idle_since: float | None = None
        self._opening = False
        self._last_report = 0.0

    # ------------------------------------------------------------------ lifecycle

    def start(self, ep: pj.Endpoint) -> None:
        """Choose the sound ports once the Endpoint runs: native devices, the bridge or null."""
        self.ep = ep
        options = self.options
        mgr = ep.audDevManager()
        if mgr.getDevCount() > 0 and options.audio != "null":
            self.mode = "native"
            self.select_native_devices()
            return
        mgr.setNullDev()
        self.mode = "null"
        if options.audio == "null":
            return
        self._open_bridge()

    def _open_bridge(self) -> bool:
        """Open the PortAudio bridge on the chosen devices. Devices that cannot be opened (a
        headset unplugged since it was chosen) are reported and the system's default used, as
        in native mode; no PortAudio devices at all leaves the null port (``auto``) or is
        reported (``bridge``). True when the bridge is open."""
        options = self.options
        required = options.audio == "bridge"
        chosen = (options.input_device, options.output_device, options.ring_device)
        try:
            bridge = self._bridge_opener(*chosen, required)
        except Exception as exc:
            if not any(chosen):
                if required:
                    self.reporter.error(f"audio bridge unavailable: {exc}", "audio",
                                        Problem.AUDIO_BRIDGE_UNAVAILABLE, {"detail": str(exc)})
                return False
            self.reporter.error(f"sound devices {_named(chosen)} cannot be opened ({exc}); "
                                "using the system default", "audio", Problem.SOUND_DEVICE_FALLBACK,
                                {"device": _named(chosen), "detail": str(exc)})
            try:
                bridge = self._bridge_opener("", "", "", required)
            except Exception as exc:
                if required:
                    self.reporter.error(f"audio bridge unavailable: {exc}", "audio",
                                        Problem.AUDIO_BRIDGE_UNAVAILABLE, {"detail": str(exc)})
                return False
        if bridge is None:
            return False
        self.bridge = bridge
        self.mode = "bridge"
        return True

    @staticmethod
    def _open_portaudio(input_device: str, output_device: str, ring_device: str,
                        required: bool) -> Any:
        from agent.phone.audio_bridge import AudioBridge

        return AudioBridge.open(input_device=input_device, output_device=output_device,
                                ring_device=ring_device, required=required)

    def drop_players(self) -> None:
        """Drop the ring, prompt and recorder objects (shutdown, before ``libDestroy``)."""
        self.stop_ring()
        self.players.clear()
        self.recorders.clear()

    def close_bridge(self) -> None:
        if self.bridge is not None:
            try:
                self.bridge.close()
            except Exception as exc:
                sys.stderr.write(f"phone engine: audio close: {exc}\n")
            self.bridge = None

    def tick(self, now: float) -> None:
        """From the main loop: close an idle microphone; report changed bridge statistics."""
        self._close_idle(now)
        if self.bridge is not None and now - self._last_report >= AUDIO_REPORT_S:
            self._last_report = now
            stats = self.bridge.stats()
            if stats.get("changed"):
                self.emit_audio()

    # ------------------------------------------------------------------ routing

    def _sound_ports(self) -> tuple[pj.AudioMedia, pj.AudioMedia]:
        """(what we hear: sink for calls, what we say: source for calls)."""
        assert self.ep is not None
        if self.bridge is not None:
            return self.bridge.port, self.bridge.port
        mgr = self.ep.audDevManager()
        return mgr.getPlaybackDevMedia(), mgr.getCaptureDevMedia()

    @staticmethod
    def call_audio(call: SipCall) -> pj.AudioMedia | None:
        try:
            info = call.getInfo()
        except pj.Error:
            return None
        for index, media in enumerate(info.media):
            if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status in (
                pj.PJSUA_CALL_MEDIA_ACTIVE,
                pj.PJSUA_CALL_MEDIA_REMOTE_HOLD,
                pj.PJSUA_CALL_MEDIA_LOCAL_HOLD,
            ):
                try:
                    return call.getAudioMedia(index)
                except pj.Error:
                    return None
        return None

    def route(self) -> None:
        """Connect the talking calls to the sound ports; disconnect every other call.

        Talking: the active call and every call in conference with it, unless held. Calls in a
        conference also hear each other (their audio media bridged both ways). Mute cuts only
        the microphone → call link: prompts played into the call still go out.
        """
        lines = self.table.lines
        active = lines.active()
        sink, source = self._sound_ports()
        talking_ids = set()
        if active is not None:
            talking_ids = {active.id} | lines.conference_peers(active.id)
        talking: dict[int, pj.AudioMedia] = {}
        for record_id, call in self.table.calls.items():
            record = lines.get(record_id)
            aud = self.call_audio(call)
            if record is None or aud is None:
                continue
            try:
                if (record_id in talking_ids and record.hold is HoldState.NONE
                        and not record.wanted_hold):
                    talking[record_id] = aud
                    self._audio_needed()
                    aud.startTransmit(sink)
                else:
                    aud.stopTransmit(sink)
                if record_id in talking and not record.muted:
                    source.startTransmit(aud)
                else:
                    source.stopTransmit(aud)
            except pj.Error as exc:
                sys.stderr.write(f"phone engine: audio routing: {exc.info()}\n")
        self._bridge_calls(talking)

    def _bridge_calls(self, talking: dict[int, pj.AudioMedia]) -> None:
        """Each talking call hears the other talking calls (a conference); pairs bridged before
        and no longer both talking are cut."""
        wanted = {(a, b) for a in talking for b in talking if a != b}
        for pair in self.bridged - wanted:
            src = self.table.calls.get(pair[0])
            dst = self.table.calls.get(pair[1])
            src_aud = self.call_audio(src) if src is not None else None
            dst_aud = self.call_audio(dst) if dst is not None else None
            if src_aud is not None and dst_aud is not None:
                with contextlib.suppress(pj.Error):
                    src_aud.stopTransmit(dst_aud)
        for a, b in wanted:  # again each time: a re-INVITE may give a call a new media port
            try:
                talking[a].startTransmit(talking[b])
            except pj.Error as exc:
                sys.stderr.write(f"phone engine: conference bridge: {exc.info()}\n")
        self.bridged = wanted

    def _audio_needed(self) -> None:
        """A call is talking: open the microphone stream right after the current callback
        (opening a device can take a while; SIP handling goes first)."""
        self.idle_since = None
        if self.bridge is not None and not self.bridge.running and not self._opening:
            self._opening = True
            self.scheduler.post(self._open_audio)

    def _open_audio(self) -> None:
        self._opening = False
        if self.bridge is None or self.bridge.running:
            return
        try:
            self.bridge.ensure_running()
        except Exception as exc:
            self.reporter.error(f"sound devices cannot be opened: {exc}", "audio",
                                Problem.SOUND_DEVICE_FAILED, {"detail": str(exc)})
            return
        self.update_ring()  # a ringtone waiting for the devices starts now, from its beginning

    def _close_idle(self, now: float) -> None:
        """Close the microphone after a grace period with no call audio."""
        if self.bridge is None or not self.bridge.running:
            return
        active = self.table.lines.active()
        busy = active is not None and active.media is not MediaStatus.NONE
        if busy:
            self.idle_since = None
        elif self.idle_since is None:
            self.idle_since = now
        elif now - self.idle_since >= AUDIO_IDLE_CLOSE_S:
            self.bridge.stop()
            self.idle_since = None

    # ------------------------------------------------------------------ ringtone

    def _start_ring(self) -> None:
        ringtone = self.options.ringtone
        if self.ring_player is not None or not ringtone:
            return
        if not Path(ringtone).is_file():
            return
        sink, _ = self._sound_ports()
        if self.bridge is not None:
            if not self.bridge.output_live:
                # The speaker stream is not playing yet (just opened): ring once it is, or the
                # first ring would go into a device that does not play and be lost.
                self.scheduler.later(0.05, self.update_ring)
                return
            if self.bridge.ring_port is not None:
                sink = self.bridge.ring_port
        try:
            player = pj.AudioMediaPlayer()
            player.createPlayer(ringtone, 0)
            player.startTransmit(sink)
            self.ring_player = player
        except pj.Error as exc:
            sys.stderr.write(f"phone engine: ringtone: {exc.info()}\n")

    def stop_ring(self) -> None:
        self.ring_player = None

    def update_ring(self) -> None:
        """Ring while a call waits and none is active."""
        lines = self.table.lines
        if lines.waiting() and lines.active() is None:
            self._start_ring()
        else:
            self.stop_ring()

    # ------------------------------------------------------------------ prompts and recording

    def cmd_play(self, command: Command) -> None:
        record, call = self.table.target(command)
        path = self._prompt_path(str(command.args["file"]))
        aud = self._require_audio(record.id, call)
        meta: dict[str, Any] = {
            "file": path,
            "hangup_after": bool(command.args.get("hangup_after", False)),
            "call": record.id,
            "reported": False,
        }
        post = self.scheduler.post

        def on_eof(player: PromptPlayer) -> None:
            # Any thread: hand over to the main loop.
            post(lambda: self._prompt_finished(player, meta))

        player = PromptPlayer(on_eof)
        player.createPlayer(path, pj.PJMEDIA_FILE_NO_LOOP)
        player.startTransmit(aud)
        self.players.setdefault(record.id, []).append((player, meta))
        self.reporter.emit(EventName.PROMPT, call=record.id, file=path, finished=False)

    def _prompt_path(self, name: str) -> str:
        """The recording ``name`` (a bare name, or a path) if it is a WAV file right inside the
        prompts directory, links resolved; anything else is refused: an article or a command
        can never play an arbitrary file on this disk into the caller's ear."""
        prompts = Path(self.options.prompts_dir or ".").resolve()
        path = (prompts / name).resolve()
        if path.parent != prompts or path.suffix.lower() != ".wav":
            raise CommandError(f"{name!r} is not a recording of {prompts}: only the installed "
                               "prompts can be played into a call", Problem.NOT_A_PROMPT,
                               file=name)
        if not path.is_file():
            raise CommandError(f"no such recording: {path}", Problem.NO_SUCH_RECORDING,
                               file=path.name)
        return str(path)

    def _prompt_finished(self, player: PromptPlayer, meta: dict[str, Any]) -> None:
        record_id = meta["call"]
        entries = self.players.get(record_id, [])
        self.players[record_id] = [e for e in entries if e[0] is not player]
        if meta["reported"]:
            return
        meta["reported"] = True
        self.reporter.emit(EventName.PROMPT, call=record_id, file=meta["file"], finished=True)
        if meta["hangup_after"]:
            self.table.hangup(record_id)

    def cmd_record(self, command: Command) -> None:
        record, call = self.table.target(command)
        aud = self._require_audio(record.id, call)
        recorder = pj.AudioMediaRecorder()
        recorder.createRecorder(command.args["file"])
        aud.startTransmit(recorder)
        self.recorders[record.id] = (recorder, command.args["file"])
        self.reporter.emit("recording", call=record.id, file=command.args["file"], finished=False)

    def _require_audio(self, record_id: int, call: SipCall) -> pj.AudioMedia:
        aud = self.call_audio(call)
        if aud is None:
            raise CommandError(f"call {record_id} has no audio", Problem.NO_CALL_AUDIO,
                               call=record_id)
        return aud

    # ------------------------------------------------------------------ call bus

    def routing_changed(self, record: CallRecord) -> None:
        """Bus (``CONFIRMED``, ``MEDIA_CHANGED``): the talking calls may have changed."""
        self.route()

    def ringing_changed(self, record: CallRecord) -> None:
        """Bus (``RINGING``, ``STATE_CHANGED``): ring while a call waits and none is active."""
        self.update_ring()

    def call_removed(self, record: CallRecord) -> None:
        """Bus (``REMOVED``): route what is left; ring for a call still waiting."""
        self.route()
        self.update_ring()

    def call_ended(self, record: CallRecord) -> None:
        """Bus (``ENDED``): drop the call's players and recorder; report what was still open."""
        record_id = record.id
        self.bridged = {pair for pair in self.bridged if record_id not in pair}
        for player, meta in self.players.pop(record_id, []):
            if not meta.get("reported"):
                self.reporter.emit(EventName.PROMPT, call=record_id, file=meta["file"],
                                 finished=True)
            del player
        recording = self.recorders.pop(record_id, None)
        if recording is not None:
            path = recording[1]
            del recording
            _patch_wav_header(path)
            self.reporter.emit("recording", call=record_id, file=path, finished=True)

    # ------------------------------------------------------------------ devices

    def cmd_audio(self, command: Command) -> None:
        args = command.args
        options = self.options
        if "ringtone" in args:
            options.ringtone = args["ringtone"]
        for key, attr in (("input", "input_device"), ("output", "output_device"),
                          ("ring", "ring_device")):
            if key in args:
                setattr(options, attr, args[key])
        devices_changed = bool({"input", "output", "ring"} & args.keys())
        if self.bridge is not None and devices_changed:
            self.stop_ring()  # a ringtone already playing keeps its old sink otherwise
            self._select_bridge_devices()
            self.route()
            self.update_ring()
        elif self.mode == "native" and ({"input", "output"} & args.keys()):
            self.select_native_devices()
        elif (self.mode == "null" and options.audio != "null" and devices_changed
              and self._open_bridge()):
            # No PortAudio devices at start (or none that opened), but there are now.
            self.route()
            self.update_ring()
        self.emit_audio()

    def _select_bridge_devices(self) -> None:
        """Bridge mode: switch to the chosen devices; ones that cannot be opened are reported
        and the system's default used (the calls keep their audio)."""
        options = self.options
        chosen = (options.input_device, options.output_device, options.ring_device)
        try:
            self.bridge.select(*chosen)
            return
        except Exception as exc:
            self.reporter.error(f"sound devices {_named(chosen)} cannot be opened ({exc}); "
                                "using the system default", "audio", Problem.SOUND_DEVICE_FALLBACK,
                                {"device": _named(chosen), "detail": str(exc)})
        try:
            self.bridge.select("", "", "")
        except Exception as exc:
            self.reporter.error(f"sound devices cannot be opened: {exc}", "audio",
                                Problem.SOUND_DEVICE_FAILED, {"detail": str(exc)})

    def native_devices(self) -> list[dict[str, Any]]:
        """The pjsua2 build's own sound devices (native mode), as in the ``audio`` event."""
        assert self.ep is not None
        return [{"index": int(info.id), "name": str(info.name), "inputs": int(info.inputCount),
                 "outputs": int(info.outputCount)}
                for info in self.ep.audDevManager().enumDev2()]

    def select_native_devices(self) -> None:
        """Native mode: open the chosen microphone and speaker (the ring plays on the speaker).
        A name no device has is reported and the system's default is used."""
        assert self.ep is not None
        mgr = self.ep.audDevManager()
        options = self.options
        devices = self.native_devices()
        for spec, channels, default, select in (
                (options.input_device, "inputs", DEFAULT_CAPTURE_DEV, mgr.setCaptureDev),
                (options.output_device, "outputs", DEFAULT_PLAYBACK_DEV, mgr.setPlaybackDev)):
            index = device_index(spec, devices, channels) if spec else default
            if index is None:
                self.reporter.error(f"no sound device {spec!r}; using the system default", "audio",
                                    Problem.SOUND_DEVICE_FALLBACK,
                                    {"device": spec, "detail": "not found"})
                index = default
            try:
                select(index)
            except pj.Error as exc:
                self.reporter.error(f"sound device {spec!r} cannot be opened: {exc.info()}",
                                    "audio", Problem.SOUND_DEVICE_FAILED, {"detail": exc.info()})

    def emit_audio(self) -> None:
        self.reporter.emit(EventName.AUDIO, **self._payload())

    def _payload(self) -> dict[str, Any]:
        options = self.options
        payload: dict[str, Any] = {
            "mode": self.mode,
            "devices": [],
            "input": options.input_device,
            "output": options.output_device,
            "ring": options.ring_device,
            "underruns": 0,
            "overruns": 0,
            "frames": 0,
            "latency_ms": None,
        }
        try:
            if self.mode == "native":
                payload["devices"] = self.native_devices()
            else:
                from agent.phone.audio_bridge import list_devices

                payload["devices"] = list_devices()
        except Exception:
            payload["devices"] = []
        if self.bridge is not None:
            payload.update(self.bridge.stats())
            payload.pop("changed", None)
        return payload


def _patch_wav_header(path: str) -> None:
    """Make a recorder's WAV readable now: pjsua2 2.15 writes the RIFF/data sizes only at
    ``libDestroy``, so a recording handed over earlier has zeros there (debug ``record`` only).
    """
    try:
        with open(path, "r+b") as wav:
            head = wav.read(44)
            if len(head) < 44 or head[:4] != b"RIFF" or head[36:40] != b"data":
                return
            size = wav.seek(0, os.SEEK_END)
            data = (size - 44) & ~1
            wav.seek(4)
            wav.write((data + 36).to_bytes(4, "little"))
            wav.seek(40)
            wav.write(data.to_bytes(4, "little"))
    except OSError as exc:
        sys.stderr.write(f"phone engine: recording header: {exc}\n")
