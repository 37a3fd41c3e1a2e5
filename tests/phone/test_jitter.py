"""The jitter buffer on its own: priming, order, underruns, overruns, threads."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from agent.phone.jitter import JitterBuffer

pytestmark = pytest.mark.timeout(30)

RATE = 16000
FRAME = 320  # 20 ms


def ramp(start: int, n: int) -> np.ndarray:
    return (np.arange(start, start + n) % 30000).astype(np.int16)


def test_silence_until_primed_then_audio_in_order() -> None:
    jb = JitterBuffer(RATE, target_ms=40, max_ms=200)
    jb.push(ramp(0, FRAME))
    assert not jb.pull(FRAME).any()  # 20 ms < 40 ms target: still priming
    jb.push(ramp(FRAME, FRAME))
    first = jb.pull(FRAME)
    second = jb.pull(FRAME)
    assert np.array_equal(first, ramp(0, FRAME))
    assert np.array_equal(second, ramp(FRAME, FRAME))
    assert jb.underruns == 0


def test_underrun_pads_with_silence_counts_and_reprimes() -> None:
    jb = JitterBuffer(RATE, target_ms=20, max_ms=100)
    jb.push(ramp(0, FRAME + 100))
    jb.pull(FRAME)
    partial = jb.pull(FRAME)
    assert np.array_equal(partial[:100], ramp(FRAME, 100))
    assert not partial[100:].any()
    assert jb.underruns == 1
    jb.push(ramp(0, 100))
    assert not jb.pull(FRAME).any()  # priming again, not another underrun
    assert jb.underruns == 1


def test_overrun_drops_oldest_and_bounds_latency() -> None:
    jb = JitterBuffer(RATE, target_ms=40, max_ms=100)
    for i in range(20):
        jb.push(ramp(i * FRAME, FRAME))
    stats = jb.stats()
    assert stats.overruns > 0
    assert stats.depth_ms <= 100
    newest = jb.pull(jb.depth)
    assert newest[-1] == ramp(19 * FRAME, FRAME)[-1]


def test_bytes_and_wraparound() -> None:
    jb = JitterBuffer(RATE, target_ms=0, max_ms=50)
    expected: list[np.ndarray] = []
    got: list[np.ndarray] = []
    for i in range(200):
        chunk = ramp(i * 77, 77)
        jb.push(chunk.tobytes())
        expected.append(chunk)
        got.append(jb.pull(77))
    assert np.array_equal(np.concatenate(got), np.concatenate(expected))


def test_two_threads_keep_every_sample_in_order() -> None:
    jb = JitterBuffer(RATE, target_ms=0, max_ms=12000)  # room for everything: no overrun
    total = FRAME * 500
    source = ramp(0, total)
    received: list[np.ndarray] = []

    def produce() -> None:
        for i in range(0, total, FRAME):
            jb.push(source[i : i + FRAME])

    producer = threading.Thread(target=produce)
    producer.start()
    pulled = 0
    while pulled < total:
        n = min(256, total - pulled)
        if jb.depth >= n:
            received.append(jb.pull(n))
            pulled += n
        elif not producer.is_alive() and jb.depth < n:
            break
    producer.join()
    assert np.array_equal(np.concatenate(received), source[:pulled])
    assert pulled == total


def test_rejects_nonsense_configuration() -> None:
    with pytest.raises(ValueError):
        JitterBuffer(RATE, target_ms=100, max_ms=50)
