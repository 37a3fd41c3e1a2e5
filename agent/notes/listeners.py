"""A registry of listeners that removes what it added.

:meth:`Listeners.add` returns a :class:`Subscription`; cancelling it removes exactly that
listener, whatever the listener compares equal to. (Looking a listener up by equality fails for
a PyQt signal's ``emit``: each ``obj.signal.emit`` is a new bound method of a new bound-signal
object, so the one passed to ``remove`` never equals the one added.) With ``weak=True`` the
registry holds a weak reference (:class:`weakref.WeakMethod` for a bound method): a Qt object
that listens is not kept alive by the core object it listens to, and once it is gone its
listener is skipped and dropped.

Thread rule: every method may be called from any thread (a lock guards the list; listeners are
called outside it, on the thread that notifies).
"""

from __future__ import annotations

import inspect
import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
Listener = Callable[[T], None]


class Subscription:
    """What :meth:`Listeners.add` returns; :meth:`cancel` (or calling it) removes the listener.
    Cancelling twice is harmless."""

    def __init__(self, cancel: Callable[[], None]) -> None:
        self._cancel: Callable[[], None] | None = cancel

    def cancel(self) -> None:
        cancel, self._cancel = self._cancel, None
        if cancel is not None:
            cancel()

    __call__ = cancel

    @property
    def active(self) -> bool:
        return self._cancel is not None


class _Entry(Generic[T]):
    def __init__(self, listener: Listener[T], weak: bool) -> None:
        self.strong: Listener[T] | None = None if weak else listener
        self.weak: Callable[[], Listener[T] | None] | None = None
        if weak:
            self.weak = (weakref.WeakMethod(listener) if inspect.ismethod(listener)
                         else weakref.ref(listener))

    def get(self) -> Listener[T] | None:
        return self.strong if self.weak is None else self.weak()


class Listeners(Generic[T]):
    """Listeners called in the order they were added."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[_Entry[T]] = []

    def add(self, listener: Listener[T], weak: bool = False) -> Subscription:
        """Call ``listener(value)`` on each :meth:`notify` until the subscription is cancelled
        (or, with ``weak``, until the listener's object is gone)."""
        entry = _Entry(listener, weak)
        with self._lock:
            self._entries.append(entry)
        return Subscription(lambda: self._drop(entry))

    def remove(self, listener: Listener[T]) -> None:
        """Remove every registration of ``listener`` (compared by equality: a plain function or
        a bound method of a Python object; keep the subscription for anything else)."""
        with self._lock:
            self._entries = [e for e in self._entries if e.get() != listener]

    def _drop(self, entry: _Entry[T]) -> None:
        with self._lock:
            self._entries = [e for e in self._entries if e is not entry]

    def __len__(self) -> int:
        return len(self.current())

    def current(self) -> list[Listener[T]]:
        """The live listeners, in order (listeners whose object is gone are dropped)."""
        with self._lock:
            pairs = [(entry, entry.get()) for entry in self._entries]
            self._entries = [entry for entry, listener in pairs if listener is not None]
        return [listener for _, listener in pairs if listener is not None]

    def notify(self, value: T, errors: Callable[[Exception], None] | None = None) -> None:
        """Call each listener with ``value``. With ``errors`` a listener that raises is reported
        there and the others still run; without it the exception propagates."""
        for listener in self.current():
            if errors is None:
                listener(value)
                continue
            try:
                listener(value)
            except Exception as exc:
                errors(exc)
