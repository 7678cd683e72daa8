"""Typed input is never lost silently: Cancel and closing a tab ask the one question; quitting or signing
out keeps the input for its author, offered back at their next sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import drafts
from carecoord_desktop.ui.unsaved import QUESTION
from tests.conftest import sign_in
from tests.ui.helpers import everyone, open_main


def answering(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(*args: object, **kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_cancel_of_a_chart_edit_asks_before_discarding_what_was_typed(
    qtbot: QtBot, filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_main(qtbot, sign_in(filled, "nina"))
    view = window.area("patients").open_chart(everyone(window.session)[2].id)
    assert view is not None
    form = view.edit("contact")
    asked = answering(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)  # untouched: leaves at once
    assert asked == [] and view.sections["contact"].form is None

    form = view.edit("contact")
    qtbot.keyClicks(form.fields.widgets["contact.best_time_note"], " (ask for Sam)")
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert asked == [QUESTION] and view.sections["contact"].form is form  # kept, still editing
    assert "(ask for Sam)" in form.fields.value("contact.best_time_note")

    answering(monkeypatch, QMessageBox.StandardButton.Discard)
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert view.sections["contact"].form is None
    window.sign_out()


@pytest.mark.parametrize("leave", ["quit", "sign_out"])
def test_quitting_with_a_filled_new_patient_form_offers_it_back_at_the_next_sign_in(
    qtbot: QtBot, filled: Path, monkeypatch: pytest.MonkeyPatch, leave: str
) -> None:
    window = open_main(qtbot, sign_in(filled, "nina"))
    form = window.area("patients").new_patient()
    assert form is not None
    qtbot.keyClicks(form.identity.fields.widgets["family_name"], "Halloran")
    getattr(window, leave)()  # Ctrl+Q / Sign out
    window.session.vault.close()

    again = sign_in(filled, "nina")
    assert "patients" in drafts.my_drafts(again)
    asked = answering(monkeypatch, QMessageBox.StandardButton.Yes)
    window = open_main(qtbot, again)
    window.offer_drafts()  # what the app does after every sign-in
    assert asked == ["Unsaved input kept for you"]
    form = window.area("patients").new_patient_view()
    assert form is not None and form.identity.fields.value("family_name") == "Halloran"
    assert drafts.my_drafts(again) == {}
    window.sign_out()
