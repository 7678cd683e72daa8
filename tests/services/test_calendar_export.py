"""Appointments to iCalendar: parsed back, the least patient data, audited per patient, owner-only."""

from __future__ import annotations

import stat
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.services import appointments, audit_trail, calendar_export, followups
from carecoord_desktop.services.audit_trail import AuditFilter
from tests.referral_practice import ReferralPractice, acting, build


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _book(practice: ReferralPractice) -> tuple[int, int]:
    first, second = practice.patient_ids
    with acting(practice.path, "fred") as desk:
        record = followups.create_follow_up(
            desk,
            first,
            {
                "reason": "Heart failure: weight and diuretic check",
                "due_from": "2026-11-20",
                "due_to": "2026-12-04",
            },
        )
        one = appointments.book(
            desk,
            first,
            {
                "on": "2026-11-24",
                "at": "09:30",
                "minutes": 40,
                "with_whom": "Dr Priya Raman",
                "where": "Room 2",
                "note": "Bring the scales log",
            },
            about=("follow_ups", record.id),
        )
        two = appointments.book(
            desk, second, {"on": "2026-11-26", "with_whom": "Harbor Cardiology", "where": "12 Harbor St"}
        )
        appointments.set_status(desk, second, two.id, "cancelled", "Office closed")
        appointments.book(
            desk,
            second,
            {"on": "2026-12-20", "at": "10:00", "with_whom": "Dr Priya Raman", "where": "Room 1"},
        )
    return one.id, two.id


def _events(path: Path) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(path.read_bytes())
    return [
        {
            "uid": str(e["uid"]),
            "summary": str(e["summary"]),
            "start": e.decoded("dtstart"),
            "end": e.decoded("dtend") if "dtend" in e else None,
            "status": str(e["status"]),
            "where": str(e["location"]),
            "description": str(e["description"]),
        }
        for e in calendar.walk("VEVENT")
    ]


def test_a_date_range_parses_back_with_initials_and_mrn_only(
    practice: ReferralPractice, tmp_path: Path
) -> None:
    one, two = _book(practice)
    out = tmp_path / "week.ics"
    with acting(practice.path, "fred") as desk:
        result = calendar_export.export_range(desk, date(2026, 11, 23), date(2026, 11, 29), out)
    assert (result.appointments, result.patients) == (2, 2)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    zone = ZoneInfo("America/New_York")
    events = _events(out)
    assert [(e["summary"], e["start"], e["end"], e["status"]) for e in events] == [
        (
            "R.A. (R-0001): Office visit",
            datetime(2026, 11, 24, 9, 30, tzinfo=zone),
            datetime(2026, 11, 24, 10, 10, tzinfo=zone),
            "CONFIRMED",
        ),
        ("T.B. (R-0002): Office visit", date(2026, 11, 26), None, "CANCELLED"),
    ]
    assert events[0]["uid"].startswith(f"appointment-{one}@") and events[1]["uid"].startswith(
        f"appointment-{two}@"
    )
    text = out.read_text(encoding="utf-8")
    for private in ("Rosa", "Alvarez", "Heart failure", "scales", "1950"):
        assert private not in text


def test_one_appointment_and_the_audit_names_each_patient(practice: ReferralPractice, tmp_path: Path) -> None:
    one, _ = _book(practice)
    with acting(practice.path, "nina") as nurse:
        calendar_export.export_one(nurse, practice.patient_ids[0], one, tmp_path / "one.ics")
        with pytest.raises(ValidationFailed, match="not on this chart"):
            calendar_export.export_one(nurse, practice.patient_ids[1], one, tmp_path / "other.ics")
    assert [e["summary"] for e in _events(tmp_path / "one.ics")] == ["R.A. (R-0001): Office visit"]
    assert not (tmp_path / "other.ics").exists()
    with acting(practice.path, "fred") as desk:
        calendar_export.export_range(desk, date(2026, 11, 1), date(2026, 12, 31), tmp_path / "all.ics")
    with acting(practice.path, "admin") as admin:
        entries = audit_trail.search(admin, AuditFilter(action="appointments.export"))
    assert sorted((e.username, e.patient_id, e.outcome) for e in entries) == [
        ("fred", practice.patient_ids[0], "ok"),
        ("fred", practice.patient_ids[1], "ok"),
        ("nina", practice.patient_ids[0], "ok"),
    ]


def test_refusals(practice: ReferralPractice, tmp_path: Path) -> None:
    _book(practice)
    with acting(practice.path, "admin") as admin, pytest.raises(PermissionDenied):
        calendar_export.export_range(admin, date(2026, 11, 1), date(2026, 11, 30), tmp_path / "x.ics")
    with acting(practice.path, "fred") as desk:
        with pytest.raises(ValidationFailed, match="on or after"):
            calendar_export.export_range(desk, date(2026, 11, 30), date(2026, 11, 1), tmp_path / "x.ics")
        with pytest.raises(ValidationFailed, match="no appointments"):
            calendar_export.export_range(desk, date(2027, 1, 1), date(2027, 1, 31), tmp_path / "x.ics")
    assert not (tmp_path / "x.ics").exists()
