"""Admin → Security: the vault's anchor, rollbacks found at sign-in, key rotations, accounts to review.

Loaded when first shown (looking is audited), not at every administrator's sign-in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import key_rotation, security_view
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout

ROTATE_QUESTION = (
    "Give the vault a new database key?\n\n"
    "Every active account, the recovery key, 'stay signed in' and the unattended backup receive it; no one "
    "needs to type anything. Every older key slot, and every copy of the keys file taken before now, will "
    "open neither this vault nor any backup made from now on. Backups made before now are not affected.\n\n"
    "Nobody else may have this vault open while it runs."
)


def rotate_with_confirmation(parent: QWidget, session: Session, notice: Notice, question: str) -> bool:
    """Ask, rotate, and say exactly what was and was not revoked. True when the key was rotated."""
    answer = QMessageBox.question(
        parent,
        "Rotate the database key",
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:  # in the UI thread on purpose: nothing else may touch the vault while it is rekeyed
        outcome = key_rotation.rotate_database_key(session)
    except UserError as exc:
        notice.say(exc.message, error=True)
        return False
    finally:
        QGuiApplication.restoreOverrideCursor()
    notice.say("\n".join(outcome.lines()))
    return True


def _section(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SecurityPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("securityPage")
        self.session = session
        layout = page_layout(
            self,
            "Security",
            "What the vault's keys and its record of itself say. See docs/security.md for what is protected "
            "by encryption and what only by the app.",
        )
        self.message = Notice("securityMessage")
        layout.addWidget(self.message)
        self.anchor = _section("", "securityAnchorStatus")
        self.behind = _section("", "securityBehindAnchor")
        self.rotations = _section("", "securityRotations")
        self.accounts = _section("", "securityAccountsToReview")
        for widget in (self.anchor, self.behind, self.rotations, self.accounts):
            layout.addWidget(widget)
        self.rotate_button = QPushButton("&Rotate the database key…")
        self.rotate_button.setObjectName("rotateKey")
        self.rotate_button.clicked.connect(self.rotate)
        layout.addWidget(self.rotate_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        try:
            overview = security_view.security_overview(self.session)
        except UserError as exc:
            self.message.say(exc.message, error=True)
            return
        self.loaded = True
        self.anchor.setText("Anchor: " + overview.anchor_status)
        behind = [
            f"{e.at[:16].replace('T', ' ')} UTC: {e.detail.get('reason', '')}" for e in overview.behind_anchor
        ]
        self.behind.setText(
            "Vault found behind its anchor: " + ("none." if not behind else "\n• " + "\n• ".join(behind))
        )
        rotated = [f"{e.at[:16].replace('T', ' ')} UTC by {e.username}" for e in overview.rotations]
        self.rotations.setText("Key rotations: " + ("none yet." if not rotated else ", ".join(rotated) + "."))
        review = [f"{r.username} (made by {r.created_by}): {r.why}" for r in overview.accounts_to_review]
        self.accounts.setText(
            "Accounts an administrator made and then appears to have used: "
            + ("none." if not review else "\n• " + "\n• ".join(review))
        )

    def rotate(self) -> None:
        if rotate_with_confirmation(self, self.session, self.message, ROTATE_QUESTION):
            self.refresh()
