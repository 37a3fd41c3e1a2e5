"""Regenerate the bundled sounds: ring tone and spoken prompts (8 kHz mono 16-bit WAV).

Run from the repository root: ``python assets/sounds/make_sounds.py``. The ring tone is
synthesised with numpy; the prompts use espeak-ng when it is installed (else they are kept).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RATE = 8000
# ``<prompt key>.<lang>.wav``: the keys KB articles name in their ``play-prompt`` actions.
PROMPTS = {
    "cant-hear-you.ru.wav": ("ru", "Вас не слышно. Пожалуйста, перезвоните."),
    "cant-hear-you.en.wav": ("en", "We cannot hear you. Please call again."),
    "please-hold.ru.wav": ("ru", "Пожалуйста, оставайтесь на линии."),
    "please-hold.en.wav": ("en", "Please stay on the line."),
    "call-ended-adult-only.ru.wav": (
        "ru", "Эта линия обслуживает только взрослых. Попросите взрослого перезвонить нам."),
    "call-ended-adult-only.en.wav": (
        "en", "This line serves adults only. Please ask an adult to call us back."),
}


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.astype("<i2").tobytes())


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as src:
        data = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2")
        if src.getnchannels() > 1:
            data = data.reshape(-1, src.getnchannels()).mean(axis=1).astype(np.int16)
        return data, src.getframerate()


def resample(samples: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    if rate == target:
        return samples
    positions = np.arange(0, len(samples) * target // rate) * rate / target
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.int16)


def ring_tone() -> np.ndarray:
    """425 Hz, 0.8 s on / 3.2 s off (the Russian ringback cadence), soft edges."""
    t = np.arange(int(0.8 * RATE)) / RATE
    tone = 0.35 * np.sin(2 * np.pi * 425 * t)
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.02)
    on = (tone * fade * 32767).astype(np.int16)
    return np.concatenate([on, np.zeros(int(3.2 * RATE), dtype=np.int16)])


def alert_tone() -> np.ndarray:
    """Two rising chimes (660 then 880 Hz, 0.18 s each): a raised hand on the supervisor's
    board, unlike the ring."""
    t = np.arange(int(0.18 * RATE)) / RATE
    fade = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.015)
    notes = [0.4 * np.sin(2 * np.pi * f * t) * fade for f in (660, 880)]
    gap = np.zeros(int(0.06 * RATE))
    return (np.concatenate([notes[0], gap, notes[1]]) * 32767).astype(np.int16)


def speak(lang: str, text: str) -> np.ndarray | None:
    engine = shutil.which("espeak-ng")
    if engine is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "speech.wav"
        subprocess.run([engine, "-v", lang, "-s", "150", "-w", str(raw), text], check=True)
        samples, rate = read_wav(raw)
    return resample(samples, rate)


def main() -> None:
    write_wav(HERE / "ring.wav", ring_tone())
    write_wav(HERE / "alert.wav", alert_tone())
    for name, (lang, text) in PROMPTS.items():
        speech = speak(lang, text)
        if speech is not None:
            write_wav(HERE / name, speech)


if __name__ == "__main__":
    main()
