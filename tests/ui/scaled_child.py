"""Run in a child process with QT_SCALE_FACTOR set: open every area for each user and print what does not fit
(one line per problem; nothing when all fits). Arguments: the vault, then username=password pairs; with
--wrap first, an area that needs a horizontal scroll bar is a problem too (up to 150 % rows wrap instead)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import auth, patients
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.ui.main_window import MainWindow
from carecoord_desktop.ui.theme import apply_theme


def scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport: it may lie outside the window and be scrolled to."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def problems(window: MainWindow, where: str, *, wrap: bool = False) -> list[str]:
    found = []
    sideways = window.area_scroll.horizontalScrollBar()
    if wrap and sideways.maximum() > 0:
        found.append(f"{where}: needs a horizontal scroll bar ({sideways.maximum()} px too wide)")
    screen = window.screen().availableGeometry()
    if not screen.contains(window.frameGeometry()):
        found.append(
            f"{where}: window {window.frameGeometry().getRect()} leaves the screen {screen.getRect()}"
        )
    inside = QRect(0, 0, window.width(), window.height())
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or scrolled(widget, window):
            continue
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not inside.contains(rect):
            found.append(
                f"{where}: {widget.objectName() or type(widget).__name__} is cut off at {rect.getRect()}"
            )
    return found


def lock_problems(window: MainWindow, app: QApplication, where: str) -> list[str]:
    """Locked, with an error showing: the card is centred where it fits and scrolls where it does not."""
    window.lock(idle=False)
    window.overlay.show_error(UserError("Wrong username or password. Check Caps Lock and try again."))
    for _ in range(10):
        app.processEvents()
    found = problems(window, where)
    card, holder = window.overlay.card, window.overlay.card.parentWidget()
    assert holder is not None
    if holder.height() <= window.overlay.height():  # it fits: no scrolling, so it must sit in the middle
        left, top = card.x(), card.y()
        right, bottom = holder.width() - card.geometry().right(), holder.height() - card.geometry().bottom()
        if abs(left - right) > 2 or abs(top - bottom) > 2:
            found.append(f"{where}: the lock card is off-centre ({left}, {top}, {right}, {bottom})")
    return found


def duplicate_problems(window: MainWindow, app: QApplication, where: str, *, wrap: bool) -> list[str]:
    """The new-patient form with its possible duplicates showing (an existing patient typed in again)."""
    area = window.show_area("patients")
    view = area.new_patient()  # type: ignore[attr-defined]
    [row] = patients.panel_page(window.session, PanelQuery(PanelFilter()), limit=1)
    again = {
        "mrn": "SCALE-CHECK-1",
        "given_name": row.given_name,
        "family_name": row.family_name,
        "date_of_birth": row.date_of_birth.isoformat(),
        "sex_at_birth": "unknown",
    }
    _patient, matches = patients.check_new_patient(window.session, again)
    view.show_duplicates(matches)
    for _ in range(10):
        app.processEvents()
    found = problems(window, where, wrap=wrap)
    if not view.confirm_button.isVisible():
        found.append(f"{where}: the duplicate panel's buttons are not shown")
    view.hide_duplicates()
    return found


def dialog_problems(window: MainWindow, app: QApplication, where: str) -> list[str]:
    """A tall dialog (a new referral) opens inside the screen; its fields scroll instead."""
    dialog = window.show_area("referrals").new_referral()  # type: ignore[attr-defined]
    for _ in range(10):
        app.processEvents()
    screen = dialog.screen().availableGeometry()
    found = (
        []
        if screen.contains(dialog.frameGeometry())
        else [f"{where}: the dialog {dialog.frameGeometry().getRect()} leaves the screen {screen.getRect()}"]
    )
    dialog.reject()
    return found


def main() -> None:
    app = QApplication(sys.argv[:1])
    apply_theme(app)
    args = sys.argv[1:]
    wrap = args[0] == "--wrap"
    vault = Path(args[1 if wrap else 0])
    checked_duplicates = checked_dialog = False
    sizes: dict[str, tuple[int, int]] = {}  # the window's size as each role's areas leave it
    for pair in args[2 if wrap else 1 :]:
        username, password = pair.split("=", 1)
        window = MainWindow(auth.sign_in(vault, username, password))
        window.show()
        for spec in window.permitted:
            window.show_area(spec.key)
            for _ in range(10):
                app.processEvents()
            for line in problems(window, f"{username}/{spec.key}", wrap=wrap):
                print(line)
        sizes[username] = window.size().toTuple()
        if len(set(sizes.values())) > 1:
            print(f"{username}: the window's size depends on the role: {sizes}")
        if not checked_dialog and window.session.can(Permission.EDIT_REFERRALS):
            checked_dialog = True
            for line in dialog_problems(window, app, f"{username}/new referral"):
                print(line)
        if not checked_duplicates and window.session.can(Permission.EDIT_PATIENT_DEMOGRAPHICS):
            checked_duplicates = True
            for line in duplicate_problems(window, app, f"{username}/new patient", wrap=wrap):
                print(line)
        if pair == args[-1]:
            for line in lock_problems(window, app, f"{username}/locked"):
                print(line)
            return
        window.sign_out()


if __name__ == "__main__":
    main()
