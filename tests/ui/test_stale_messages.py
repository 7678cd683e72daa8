"""A status message belongs to the action that caused it: it goes when its page is left, or the next action
starts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from carecoord_desktop.ui.widgets.notice import Notice
from tests.conftest import sign_in
from tests.ui.helpers import everyone, open_main


def test_saved_goes_after_a_later_cancel_and_messages_go_when_their_page_is_left(
    qtbot: QtBot, filled: Path
) -> None:
    window = open_main(qtbot, sign_in(filled, "nina"))
    view = window.area("patients").open_chart(everyone(window.session)[1].id)
    assert view is not None
    form = view.edit("contact")
    qtbot.keyClicks(form.fields.widgets["contact.best_time_note"], " after 3pm")
    view.save("contact")
    notice = view.sections["contact"].notice
    qtbot.waitUntil(notice.isVisible)
    assert notice.text().startswith("Saved.")
    form = view.edit("contact")
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)  # nothing typed: no question
    assert view.sections["contact"].form is None
    assert not notice.isVisible()  # "Saved." belonged to the save, not to this Cancel

    window.area("patients").panel.notice.say("Something happened.")
    window.show_area("home")
    window.show_area("patients")
    assert not window.area("patients").panel.notice.isVisible()
    window.sign_out()


def test_a_lasting_notice_stays_while_its_page_is_away_and_a_page_notice_goes(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    lasting, passing = Notice("lasting", lasting=True), Notice("passing")
    layout = QVBoxLayout(page)
    layout.addWidget(lasting)
    layout.addWidget(passing)
    page.show()
    lasting.say("Keep CareCoord open.", error=True)
    passing.say("Added Pat Rivera.")
    page.hide()
    page.show()
    assert lasting.isVisible() and lasting.text() == "Keep CareCoord open."
    assert not passing.isVisible() and passing.text() == ""
