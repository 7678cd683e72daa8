"""An administrator's Today: the practice's system work, no patients (HIPAA minimum necessary).

The last good backup (red when older than the practice's policy) and the security notices an administrator
must act on (the vault found behind its anchor, accounts whose first use looks like their creator's), each
with the button that opens where it is dealt with. Read from the services the Backups and Security areas use.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import backup, security_view
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.theme import ERROR, SUCCESS


class AdminToday(QFrame):
    def __init__(self, session: Session, host: AreaHost) -> None:
        super().__init__()
        self.setObjectName("adminToday")
        self.setProperty("card", True)
        self.session, self.host = session, host
        grid = QGridLayout(self)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(16)
        self.backup = QLabel()
        self.backup.setObjectName("todayBackup")
        self.backup.setWordWrap(True)
        self.security = QLabel()
        self.security.setObjectName("todaySecurity")
        self.security.setWordWrap(True)
        open_backups = QPushButton("Open &Backups")
        open_backups.setObjectName("todayOpenBackups")
        open_backups.clicked.connect(lambda: host.show_area("backups"))
        open_security = QPushButton("Open S&ecurity")
        open_security.setObjectName("todayOpenSecurity")
        open_security.clicked.connect(lambda: host.show_area("security"))
        grid.addWidget(QLabel("<b>Backups</b>"), 0, 0)
        grid.addWidget(self.backup, 0, 1)
        grid.addWidget(open_backups, 0, 2)
        grid.addWidget(QLabel("<b>Security</b>"), 1, 0)
        grid.addWidget(self.security, 1, 1)
        grid.addWidget(open_security, 1, 2)
        grid.setColumnStretch(1, 1)

    def reload(self) -> None:
        text, overdue = backup.last_backup_status(self.session)
        self.backup.setText(f"<span style='color:{ERROR if overdue else SUCCESS}'>{escape(text)}</span>")
        try:
            overview = security_view.security_overview(self.session)
        except UserError as exc:
            self.security.setText(escape(exc.message))
            return
        notices = []
        if overview.behind_anchor:
            notices.append(
                f"The vault was found older than its anchor {len(overview.behind_anchor)} time(s): "
                "check that nobody put back an old copy."
            )
        if overview.accounts_to_review:
            names = ", ".join(a.username for a in overview.accounts_to_review)
            notices.append(f"Accounts to review (first used where and when they were made): {names}.")
        anchor = f"Anchor: {overview.anchor_status}"
        if notices:
            lines = [f"<span style='color:{ERROR}'>{escape(n)}</span>" for n in notices]
        else:
            lines = [f"<span style='color:{SUCCESS}'>Nothing needs your attention.</span>"]
        self.security.setText("<br>".join([*lines, escape(anchor)]))
