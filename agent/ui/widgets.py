"""Small widget helpers shared by the panels. Thread rule: GUI thread only."""

from __future__ import annotations

from typing import TypeVar

from PyQt6.QtWidgets import QWidget

T = TypeVar("T")


def repolish(*widgets: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property used by a selector changed."""
    for widget in widgets:
        style = widget.style()
        if style is not None:
            style.unpolish(widget)
            style.polish(widget)


def present(value: T | None) -> T:
    """Qt getters are typed as optional; these (headers, selection models...) always exist."""
    assert value is not None
    return value
