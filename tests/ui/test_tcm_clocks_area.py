"""The TCM clocks area: the day's clocks in order, and a row opens the patient's chart."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from carecoord_desktop.services import transitions
from carecoord_desktop.ui.transitions.clocks_area import TcmClocksArea
from tests.referral_practice import acting, build

TUESDAY = datetime(2026, 11, 24, 10, 0)


class Host:
    practice_name = "Elm Street Family Practice"

    def __init__(self) -> None:
        self.opened: list[int] = []

    def open_chart(self, patient_id: int) -> None:
        self.opened.append(patient_id)


def test_the_days_clocks_are_listed_and_a_row_opens_the_chart(qtbot: QtBot, vault_path: Path) -> None:
    practice = build(vault_path)
    rosa = practice.patient_ids[0]
    with acting(vault_path, "nina", TUESDAY) as nurse:
        transitions.record_stay(
            nurse,
            rosa,
            {
                "kind": "observation",
                "facility_name": "Mercy General Hospital",
                "admitted_on": "2026-11-19",
                "discharged_on": "2026-11-20",
                "disposition": "home",
            },
        )
        host = Host()
        area = TcmClocksArea(nurse, host)  # type: ignore[arg-type]
        qtbot.addWidget(area)
        area.show()
        table = area.table
        assert table.rowCount() == 3
        first = [table.item(0, c).text() for c in range(4)]
        assert first == ["Due today", "11/24/2026", "Interactive contact", "Alvarez, Rosa"]
        assert area.summary.text() == "1 due today · 0 overdue · 3 open"
        table.cellDoubleClicked.emit(0, 3)
        assert host.opened == [rosa]
