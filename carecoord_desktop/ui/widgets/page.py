"""The common frame of an area: a title, a one-line explanation, consistent margins."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from carecoord_desktop.ui.theme import MARGIN, SPACING


def page_layout(page: QWidget, title: str, subtitle: str = "") -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(MARGIN + 4, MARGIN, MARGIN + 4, MARGIN)
    layout.setSpacing(SPACING)
    heading = QLabel(title)
    heading.setObjectName("pageTitle")
    layout.addWidget(heading)
    if subtitle:
        sub = QLabel(subtitle)
        sub.setObjectName("pageSubtitle")
        sub.setWordWrap(True)
        layout.addWidget(sub)
    return layout
