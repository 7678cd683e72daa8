"""The home area: who is signed in, where, and what their role lets them do."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from carecoord_desktop.services.permissions import DESCRIPTIONS
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.areas import AREAS
from carecoord_desktop.ui.widgets.page import page_layout


class HomePage(QWidget):
    def __init__(self, session: Session, host: AreaHost) -> None:
        super().__init__()
        self.setObjectName("homePage")
        user = session.user
        practice_name = host.practice_name
        layout = page_layout(self, f"Welcome, {user.full_name}", practice_name)
        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.setSpacing(8)
        rows = (
            ("Signed in as", f"{user.full_name} ({user.username})"),
            ("Role", user.role.label),
            ("Practice", practice_name),
        )
        self.identity = QLabel(
            "<table cellspacing='0' cellpadding='2'>"
            + "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in rows)
            + "</table>"
        )
        self.identity.setObjectName("homeIdentity")
        inner.addWidget(self.identity)
        # Only what has a screen: the areas this role may open (the registry), never a permission whose
        # feature does not exist yet.
        areas = [a for a in AREAS if a.key != "home" and (a.permission is None or session.can(a.permission))]
        self.abilities = QLabel(
            f"<b>As {user.role.label.lower()} you can open</b><ul style='margin-left:-20px'>"
            + "".join(
                f"<li><b>{escape(a.title)}</b>"
                + (f" — {escape(DESCRIPTIONS[a.permission])}" if a.permission in DESCRIPTIONS else "")
                + "</li>"
                for a in areas
            )
            + "</ul>"
        )
        self.abilities.setObjectName("homeAbilities")
        self.abilities.setWordWrap(True)
        inner.addWidget(self.abilities)
        card.setMaximumWidth(640)
        layout.addWidget(card)
        hint = QLabel(
            "Lock the window with Ctrl+L whenever you step away. It also locks by itself when idle."
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)
