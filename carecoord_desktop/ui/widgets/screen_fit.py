"""A dialog that fits the screen it opens on: its content scrolls (its buttons stay in view) rather than the
dialog growing past the screen's edge on a small screen or at 150 % and 200 %."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrolled(body: QWidget, name: str) -> QScrollArea:
    """`body` in a frameless scroll area that takes its width and scrolls what does not fit."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    return area


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open at `width` × `height`, or smaller to fit the screen the window opens on (its frame included)."""
    available = window.screen().availableGeometry()
    window.resize(min(width, available.width() - 16), min(height, available.height() - 48))
