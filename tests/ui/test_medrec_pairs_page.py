"""Admin → Interaction pairs at the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from carecoord_desktop.ui.medrec.pairs_page import InteractionPairsPage
from tests.referral_practice import ReferralPractice, acting, build
from tests.services.test_reconciliation import MONDAY


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def test_the_admin_page_adds_a_pair_from_the_keyboard(qtbot: QtBot, practice: ReferralPractice) -> None:
    with acting(practice.path, "admin", MONDAY) as admin:
        page = InteractionPairsPage(admin)
        qtbot.addWidget(page)
        page.show()
        qtbot.keyClicks(page.first, "clarithromycin")
        qtbot.keyClicks(page.second, "simvastatin")
        qtbot.keyClicks(page.consequence, "Higher risk of muscle damage")
        qtbot.keyClick(page.consequence, Qt.Key.Key_Return)
        assert page.table.rowCount() == 1
        assert page.table.item(0, 2).text() == "Higher risk of muscle damage"
        assert "checked at every reconciliation" in page.notice.text()
