"""Follow-ups, appointments and care-gap decisions; contact attempts learn whom they tried to reach (the
patient, or a specialist's office for a referral).

Data moved (issue 12: one contact-attempts aggregate, one appointments aggregate):
- every referral outreach row becomes a contact attempt about its referral (`about_table` "referrals"),
  "left message" becoming "left voicemail"; the day is the UTC day it was recorded (the table kept no other);
  then `referral_outreach` is dropped;
- every referral with an appointment date gets its specialist visit as an appointment about the referral,
  with the status its last visit event says (scheduled: booked, or cancelled if the referral ended without a
  visit; seen or a report: fulfilled; no-show; appointment cancelled), at the directory entry's address.

Frozen: this file does not import the app's code, so later changes to it cannot change what it does.

Revision ID: 0010
Revises: 0007
Create Date: 2026-11-28
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008_medications"
branch_labels = None
depends_on = None


def _clinical_row():
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("entered_in_error_reason", sa.String, nullable=True),
        sa.Column("entered_in_error_by", sa.String, nullable=True),
        sa.Column("entered_in_error_at", sa.String, nullable=True),
        *_stamps(),
    ]


def _stamps():
    return [
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "appointments",
        *_clinical_row(),
        sa.Column("about_table", sa.String, nullable=True),
        sa.Column("about_id", sa.Integer, nullable=True),
        sa.Column("appointment_on", sa.Date, nullable=False),
        sa.Column("start_time", sa.String, nullable=True),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("with_whom", sa.String, nullable=False),
        sa.Column("location", sa.String, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("status_on", sa.Date, nullable=True),
        sa.Column("status_reason", sa.Text, nullable=True),
    )
    op.create_index("ix_appointments_patient", "appointments", ["patient_id", "appointment_on"])
    op.create_index("ix_appointments_day", "appointments", ["appointment_on", "status"])
    op.create_index("ix_appointments_about", "appointments", ["about_table", "about_id"])
    op.create_table(
        "follow_ups",
        *_clinical_row(),
        sa.Column("reason", sa.String, nullable=False),
        sa.Column("due_from", sa.Date, nullable=False),
        sa.Column("due_to", sa.Date, nullable=False),
        sa.Column("owner_role", sa.String, nullable=True),
        sa.Column("owner_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("serves", sa.String, nullable=False),
        sa.Column("serves_id", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("appointment_id", sa.Integer, sa.ForeignKey("appointments.id"), nullable=True),
        sa.Column("closed_on", sa.Date, nullable=True),
        sa.Column("close_reason", sa.Text, nullable=True),
    )
    op.create_index("ix_follow_ups_patient", "follow_ups", ["patient_id", "status"])
    op.create_index("ix_follow_ups_due", "follow_ups", ["status", "due_to"])
    op.create_table(
        "care_gap_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("rule", sa.String, nullable=False),
        sa.Column("about_table", sa.String, nullable=False),
        sa.Column("about_id", sa.Integer, nullable=False),
        sa.Column("decision", sa.String, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("follow_up_id", sa.Integer, sa.ForeignKey("follow_ups.id"), nullable=True),
        *_stamps(),
        sa.UniqueConstraint("rule", "about_table", "about_id", name="uq_care_gap_decisions_gap"),
    )
    op.create_index("ix_care_gap_decisions_patient", "care_gap_decisions", ["patient_id"])
    # NULL: the patient (every attempt logged before this revision); "specialist": a referral's specialist office.
    op.add_column("contact_attempts", sa.Column("target", sa.String, nullable=True))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE contact_attempts SET target = 'patient'"))
    _move_referral_outreach(conn)
    _move_referral_visits(conn)


def _move_referral_outreach(conn) -> None:
    conn.execute(
        sa.text(
            """
            INSERT INTO contact_attempts (patient_id, status, about_table, about_id, attempted_on, channel,
                outcome, note, next_try_on, by_staff_id, by_name, target, created_at, created_by, updated_at,
                updated_by)
            SELECT r.patient_id, 'recorded', 'referrals', o.referral_id, substr(o.at, 1, 10), o.channel,
                CASE o.outcome WHEN 'left_message' THEN 'left_voicemail' ELSE o.outcome END,
                NULLIF(o.note, ''), o.next_try_on, o.by_staff_id, o.by_name, o.target,
                o.at, COALESCE(s.username, o.by_name), o.at, COALESCE(s.username, o.by_name)
            FROM referral_outreach o
            JOIN referrals r ON r.id = o.referral_id
            LEFT JOIN staff s ON s.id = o.by_staff_id
            ORDER BY o.id
            """
        )
    )
    op.drop_index("ix_referral_outreach_referral", table_name="referral_outreach")
    op.drop_table("referral_outreach")


_VISIT_EVENTS = {
    "scheduled": "booked",
    "seen": "fulfilled",
    "report_received": "fulfilled",
    "no_show": "no_show",
    "appt_cancelled": "cancelled",
}
_ENDED_WITHOUT_VISIT = {"cancelled", "patient_declined", "lost_to_follow_up", "closed_unsuccessful"}
_CLOCK_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)


def _clock_time(text):
    """As domain/appointments.parse_clock_time when this revision was written: "HH:MM" or None."""
    found = _CLOCK_TIME.match(" ".join((text or "").split()))
    if found is None:
        return None
    hour, minute, half = int(found.group(1)), int(found.group(2) or 0), (found.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    elif found.group(2) is None:
        return None
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _move_referral_visits(conn) -> None:
    rows = conn.execute(
        sa.text(
            """
            SELECT r.id, r.patient_id, r.state, r.appointment_on, r.appointment_time, r.updated_at,
                r.updated_by, d.name, d.address,
                (SELECT e.to_state FROM referral_events e WHERE e.referral_id = r.id
                   AND e.to_state IN ('scheduled', 'seen', 'report_received', 'no_show', 'appt_cancelled')
                   ORDER BY e.id DESC LIMIT 1) AS last_visit_event,
                (SELECT e.event_on FROM referral_events e WHERE e.referral_id = r.id
                   AND e.to_state IN ('seen', 'report_received', 'no_show', 'appt_cancelled')
                   ORDER BY e.id DESC LIMIT 1) AS status_on
            FROM referrals r JOIN directory_entries d ON d.id = r.directory_id
            WHERE r.appointment_on IS NOT NULL AND r.entered_in_error = 0
            ORDER BY r.id
            """
        )
    ).mappings()
    insert = sa.text(
        """
        INSERT INTO appointments (patient_id, status, about_table, about_id, appointment_on, start_time,
            minutes, kind, with_whom, location, note, status_on, status_reason, created_at, created_by,
            updated_at, updated_by)
        VALUES (:patient_id, :status, 'referrals', :about_id, :on, :start, 30, 'specialist_visit', :with_whom,
            :location, :note, :status_on, :reason, :at, :by, :at, :by)
        """
    )
    for row in list(rows):
        status = _VISIT_EVENTS.get(row["last_visit_event"] or "scheduled", "booked")
        reason = None
        if status == "booked" and row["state"] in _ENDED_WITHOUT_VISIT:
            status, reason = "cancelled", "Referral ended"
        elif status == "cancelled":
            reason = "Appointment cancelled"
        start = _clock_time(row["appointment_time"])
        note = f"Time given as: {row['appointment_time']}" if row["appointment_time"] and start is None else None
        conn.execute(
            insert,
            {
                "patient_id": row["patient_id"],
                "status": status,
                "about_id": row["id"],
                "on": row["appointment_on"],
                "start": start,
                "with_whom": row["name"][:120],
                "location": (row["address"] or row["name"])[:200],
                "note": note,
                "status_on": None if status == "booked" else row["status_on"],
                "reason": reason,
                "at": row["updated_at"],
                "by": row["updated_by"],
            },
        )


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
