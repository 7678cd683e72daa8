"""0010 moves referral outreach into the shared contact attempts and a referral's visit into the shared
appointments, keeping every attempt and the visit's status, and the referral still suggests "lost to
follow-up" after its third failed attempt."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

from carecoord_desktop.domain.appointments import AppointmentKind, AppointmentStatus
from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.contact_attempts import AttemptChannel, AttemptOutcome, AttemptTarget
from carecoord_desktop.services import auth, followups, referral_worklist
from carecoord_desktop.storage import contact_attempts_repo
from carecoord_desktop.storage.db import connect_raw
from carecoord_desktop.storage.keys import KeySlotsFile
from carecoord_desktop.storage.vault import head_revision, keys_path_for

FIXTURE = Path(__file__).parent / "data" / "schema-0007.ccvault"
ADMIN_PASSWORD = "correct horse battery staple"
NURSE_PASSWORD = "tulip meadow 4821 lantern"
STAMP = "2026-11-10T15:00:00.000000Z"


def _insert(conn: Any, table: str, values: dict[str, object]) -> int:
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values()))
    return int(cursor.lastrowid)


def _referral(conn: Any, directory_id: int, state: str, appointment_on: str | None, time: str | None) -> int:
    stamps = {"created_at": STAMP, "created_by": "nina", "updated_at": STAMP, "updated_by": "nina"}
    referral_id = _insert(
        conn,
        "referrals",
        {
            "patient_id": 1,
            "directory_id": directory_id,
            "specialty": "Cardiology",
            "reason": "Palpitations",
            "urgency": "routine",
            "requested_by": "2026-12-15",
            "referring_provider_id": 2,
            "prior_auth_needed": 0,
            "state": state,
            "state_rank": 5,
            "is_open": 1,
            "state_since": "2026-11-10",
            "referred_on": "2026-11-02",
            "appointment_on": appointment_on,
            "appointment_time": time,
            "failed_patient_attempts": 3 if state == "no_show" else 0,
            "entered_in_error": 0,
            **stamps,
        },
    )
    _insert(
        conn,
        "referral_details",
        {"referral_id": referral_id, "clinical_question": "Rate?", "clinical_info": "{}"},
    )
    for to_state in ("draft", "sent", "accepted", "scheduled", *([state] if state != "scheduled" else [])):
        _insert(
            conn,
            "referral_events",
            {
                "referral_id": referral_id,
                "to_state": to_state,
                "event_on": "2026-11-10",
                "at": STAMP,
                "by_staff_id": 2,
                "by_name": "Nina Okafor",
                "note": "",
                "reason": "",
            },
        )
    return referral_id


def _outreach(conn: Any, referral_id: int, target: str, channel: str, outcome: str, at: str) -> None:
    _insert(
        conn,
        "referral_outreach",
        {
            "referral_id": referral_id,
            "target": target,
            "channel": channel,
            "outcome": outcome,
            "successful": int(outcome == "reached"),
            "note": "" if target == "patient" else "Faxed the packet again",
            "next_try_on": "2026-11-13" if outcome == "no_answer" else None,
            "at": at,
            "by_staff_id": 2,
            "by_name": "Nina Okafor",
        },
    )


def _vault_at_0007_with_referral_work(tmp_path: Path) -> tuple[Path, int, int]:
    target = tmp_path / FIXTURE.name
    shutil.copy2(FIXTURE, target)
    shutil.copy2(keys_path_for(FIXTURE), keys_path_for(target))
    dek = KeySlotsFile.load(keys_path_for(target)).unwrap_any("user", "admin", ADMIN_PASSWORD.encode())
    conn = connect_raw(target, dek)
    directory_id = _insert(
        conn,
        "directory_entries",
        {
            "name": "Harbor Cardiology",
            "search_text": "harbor cardiology",
            "kind": "specialist",
            "address": "12 Harbor St, Boston MA",
            "intake": "fax",
            "active": 1,
            "created_at": STAMP,
            "created_by": "nina",
            "updated_at": STAMP,
            "updated_by": "nina",
        },
    )
    missed = _referral(conn, directory_id, "no_show", "2026-11-12", "2:30 pm")
    booked = _referral(conn, directory_id, "scheduled", "2026-12-03", "after lunch")
    for day in ("2026-11-12T14:00:00.000000Z", "2026-11-13T14:00:00.000000Z", "2026-11-14T14:00:00.000000Z"):
        _outreach(conn, missed, "patient", "phone", "no_answer", day)
    _outreach(conn, missed, "specialist", "fax", "sent", "2026-11-14T15:00:00.000000Z")
    _outreach(conn, booked, "patient", "phone", "left_message", "2026-11-15T14:00:00.000000Z")
    conn.commit()  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]
    return target, missed, booked


def test_referral_outreach_and_visits_move_into_the_shared_aggregates(tmp_path: Path) -> None:
    vault, missed, booked = _vault_at_0007_with_referral_work(tmp_path)
    nurse = auth.sign_in(vault, "nina", NURSE_PASSWORD)
    try:
        nurse.clock = PracticeClock.fixed(datetime(2026, 11, 18, 10, 0))
        assert nurse.vault.schema_revision() == head_revision()
        with nurse.vault.read() as conn:
            attempts = contact_attempts_repo.about(conn, "referrals", missed)
            assert "referral_outreach" not in {
                r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        assert [(a.on, a.target, a.channel, a.outcome) for a in attempts] == [
            (date(2026, 11, 12), AttemptTarget.PATIENT, AttemptChannel.PHONE, AttemptOutcome.NO_ANSWER),
            (date(2026, 11, 13), AttemptTarget.PATIENT, AttemptChannel.PHONE, AttemptOutcome.NO_ANSWER),
            (date(2026, 11, 14), AttemptTarget.PATIENT, AttemptChannel.PHONE, AttemptOutcome.NO_ANSWER),
            (date(2026, 11, 14), AttemptTarget.SPECIALIST, AttemptChannel.FAX, AttemptOutcome.SENT),
        ]
        assert attempts[3].note == "Faxed the packet again" and attempts[0].by_name == "Nina Okafor"
        view = referral_worklist.open_referral(nurse, missed)
        assert view.suggest_lost and len(view.outreach) == 4
        other = referral_worklist.open_referral(nurse, booked)
        assert [a["outcome"] for a in other.outreach] == ["left_voicemail"]

        visits = followups.for_chart(nurse, 1).appointments
        shown = [
            (v.about_id, v.appointment.on, v.appointment.at, v.status, v.appointment.note) for v in visits
        ]
        assert shown == [
            (missed, date(2026, 11, 12), datetime(1, 1, 1, 14, 30).time(), AppointmentStatus.NO_SHOW, None),
            (booked, date(2026, 12, 3), None, AppointmentStatus.BOOKED, "Time given as: after lunch"),
        ]
        assert {(v.appointment.kind, v.appointment.with_whom, v.appointment.where) for v in visits} == {
            (AppointmentKind.SPECIALIST_VISIT, "Harbor Cardiology", "12 Harbor St, Boston MA")
        }
    finally:
        auth.sign_out(nurse)
