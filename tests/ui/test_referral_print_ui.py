"""Printing from the referral dialog: the packet or the fax cover in the one preview window, addressed to the
referral's directory entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import auth, disclosures, referral_worklist
from carecoord_desktop.ui.printing.document_window import DocumentWindow
from carecoord_desktop.ui.referrals.referral_dialog import ReferralDialog
from tests.referral_practice import ReferralPractice, acting, build, new_referral, session_for


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _dialog(qtbot: QtBot, practice: ReferralPractice, user: str, rid: int) -> ReferralDialog:
    session = session_for(practice.path, user)
    dialog = ReferralDialog(session, referral_worklist.open_referral(session, rid))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _window(qtbot: QtBot, dialog: ReferralDialog, button: str) -> DocumentWindow:
    qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    window = dialog.findChild(DocumentWindow)
    assert window is not None
    qtbot.waitUntil(lambda: window.document is not None and not window.building, timeout=10_000)
    return window


def test_print_packet_from_the_dialog_goes_to_the_directory_entry(
    qtbot: QtBot, practice: ReferralPractice, tmp_path: Path
) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    dialog = _dialog(qtbot, practice, "nina", rid)
    try:
        window = _window(qtbot, dialog, "print_packet")
        assert window.document is not None and window.document.pages == window.pdf.pageCount() >= 2
        assert window.heading.text() == "Referral letter"
        assert not window.large_print.isVisible()  # a letter to a provider, not for the patient
        assert not window.recipient.kind.isEnabled() and window.recipient.name.text() == "Harbor Cardiology"
        assert window.save_to(tmp_path / "packet.pdf")
        [entry] = disclosures.patient_disclosures(dialog.session, practice.patient_ids[0])
        assert (entry.row.document, entry.row.recipient_name) == ("referral", "Harbor Cardiology")
    finally:
        auth.sign_out(dialog.session)


def test_front_desk_sees_only_the_fax_cover_button(qtbot: QtBot, practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    dialog = _dialog(qtbot, practice, "fred", rid)
    try:
        assert not dialog.print_packet.isVisible() and dialog.print_cover.isVisible()
        window = _window(qtbot, dialog, "print_cover")
        assert window.document is not None and window.document.pages == 1
        assert window.heading.text() == "Fax cover sheet"
    finally:
        auth.sign_out(dialog.session)
