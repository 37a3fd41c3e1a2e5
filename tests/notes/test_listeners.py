"""The listener registry: a subscription removes what was added (even a PyQt signal's emit,
which never compares equal to itself looked up twice), weak listeners die with their object."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from PyQt6.QtCore import QObject, pyqtSignal

from agent.notes.listeners import Listeners


class Emitter(QObject):
    said = pyqtSignal(object)


def test_the_bug_this_registry_avoids() -> None:
    """Two lookups of a bound signal's emit are not equal: removing by equality cannot work."""
    emitter = Emitter()
    assert emitter.said.emit != emitter.said.emit


def test_a_subscription_removes_exactly_the_listener_it_added() -> None:
    emitter = Emitter()
    heard: list[Any] = []
    emitter.said.connect(heard.append)
    listeners: Listeners[int] = Listeners()
    subscription = listeners.add(emitter.said.emit)
    other: list[int] = []
    listeners.add(other.append)
    listeners.notify(1)
    assert subscription.active
    subscription.cancel()
    assert not subscription.active
    listeners.notify(2)
    subscription()  # cancelling again changes nothing
    assert heard == [1] and other == [1, 2]
    assert len(listeners) == 1


def test_remove_by_equality_still_works_for_functions_and_python_methods() -> None:
    heard: list[int] = []
    listeners: Listeners[int] = Listeners()
    listeners.add(heard.append)
    listeners.add(heard.append)
    listeners.remove(heard.append)  # both registrations
    listeners.notify(1)
    assert heard == [] and len(listeners) == 0


def test_listeners_run_in_order_and_errors_go_where_asked() -> None:
    order: list[str] = []
    errors: list[str] = []
    listeners: Listeners[str] = Listeners()

    def broken(value: str) -> None:
        raise RuntimeError(f"broken by {value}")

    listeners.add(lambda v: order.append(f"a{v}"))
    listeners.add(broken)
    listeners.add(lambda v: order.append(f"c{v}"))
    listeners.notify("1", errors=lambda exc: errors.append(str(exc)))
    assert order == ["a1", "c1"] and errors == ["broken by 1"]
    with pytest.raises(RuntimeError, match="broken by 2"):
        listeners.notify("2")
    assert order == ["a1", "c1", "a2"]


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[int] = []

    def on_value(self, value: int) -> None:
        self.heard.append(value)


def test_a_weak_listener_does_not_keep_its_object_alive() -> None:
    listeners: Listeners[int] = Listeners()
    receiver = Receiver()
    listeners.add(receiver.on_value, weak=True)
    listeners.notify(1)
    assert receiver.heard == [1]
    del receiver
    gc.collect()
    listeners.notify(2)
    assert len(listeners) == 0


def test_a_weak_plain_function_is_held_weakly_too() -> None:
    listeners: Listeners[int] = Listeners()
    heard: list[int] = []

    def listener(value: int) -> None:
        heard.append(value)

    subscription = listeners.add(listener, weak=True)
    listeners.notify(1)
    subscription.cancel()
    listeners.notify(2)
    assert heard == [1]
