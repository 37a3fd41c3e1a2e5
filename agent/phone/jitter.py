"""A small jitter buffer: a FIFO of 16-bit mono samples between two clocks.

The pjsua2 conference bridge and a PortAudio stream each tick on their own thread every ~20 ms,
but never in lockstep. The buffer absorbs that: it holds ``target_ms`` of audio before it starts
playing out (priming), gives silence and counts an *underrun* when it runs dry (then primes again),
and counts an *overrun* when it would hold more than ``max_ms``: it then drops the oldest audio
back to the target depth, so a consumer whose clock runs slow cannot make latency creep up.
Pure Python + numpy, no pjsua2, no PortAudio: unit-testable directly.

Thread rule: one producer thread calls :meth:`push`, one consumer thread calls :meth:`pull`;
both take a lock for a few microseconds and never block on anything else. :meth:`stats` may be
called from any thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.int16]


@dataclass(frozen=True, slots=True)
class JitterStats:
    underruns: int
    overruns: int
    pushed_samples: int
    pulled_samples: int
    depth_samples: int
    depth_ms: float
    max_depth_ms: float


class JitterBuffer:
    """FIFO of int16 samples with priming, underrun and overrun accounting."""

    def __init__(self, rate: int, target_ms: int = 40, max_ms: int = 200) -> None:
        if rate <= 0 or target_ms < 0 or max_ms <= target_ms:
            raise ValueError("need rate > 0 and 0 <= target_ms < max_ms")
        self.rate = rate
        self.target = rate * target_ms // 1000
        self.max = rate * max_ms // 1000
        self._ring = np.zeros(self.max * 2 + rate // 10, dtype=np.int16)
        self._read = 0
        self._size = 0
        self._priming = self.target > 0
        self._lock = threading.Lock()
        self.underruns = 0
        self.overruns = 0
        self.pushed = 0
        self.pulled = 0
        self._max_depth = 0

    # ------------------------------------------------------------------ producer

    def push(self, samples: Samples | bytes) -> None:
        """Append audio (int16 array or little-endian PCM bytes)."""
        data = np.frombuffer(samples, dtype=np.int16) if isinstance(samples, bytes) else samples
        n = len(data)
        if n == 0:
            return
        cap = len(self._ring)
        if n > cap:
            data = data[-cap:]
            n = cap
        with self._lock:
            self.pushed += n
            if self._size + n > self.max:
                # Too much queued (the consumer's clock is slower): drop the oldest audio so
                # that after this push the depth is back at the target, not just under the cap.
                keep = max(0, self.target - n)
                drop = max(0, self._size - keep)
                self._read = (self._read + drop) % cap
                self._size -= drop
                self.overruns += 1
            write = (self._read + self._size) % cap
            first = min(n, cap - write)
            self._ring[write : write + first] = data[:first]
            if first < n:
                self._ring[: n - first] = data[first:]
            self._size += n
            self._max_depth = max(self._max_depth, self._size)

    # ------------------------------------------------------------------ consumer

    def pull(self, n: int) -> Samples:
        """Exactly ``n`` samples: audio when there is enough, silence-padded otherwise."""
        out = np.zeros(n, dtype=np.int16)
        cap = len(self._ring)
        with self._lock:
            if self._priming:
                if self._size < max(self.target, n):
                    return out
                self._priming = False
            take = min(n, self._size)
            if take < n:
                self.underruns += 1
                self._priming = self.target > 0
            first = min(take, cap - self._read)
            out[:first] = self._ring[self._read : self._read + first]
            if first < take:
                out[first:take] = self._ring[: take - first]
            self._read = (self._read + take) % cap
            self._size -= take
            self.pulled += take
        return out

    # ------------------------------------------------------------------ any thread

    @property
    def depth(self) -> int:
        return self._size

    def reset(self) -> None:
        with self._lock:
            self._read = 0
            self._size = 0
            self._priming = self.target > 0

    def stats(self) -> JitterStats:
        with self._lock:
            return JitterStats(
                underruns=self.underruns,
                overruns=self.overruns,
                pushed_samples=self.pushed,
                pulled_samples=self.pulled,
                depth_samples=self._size,
                depth_ms=1000.0 * self._size / self.rate,
                max_depth_ms=1000.0 * self._max_depth / self.rate,
            )
