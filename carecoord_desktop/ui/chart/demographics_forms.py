"""Edit forms anyone with demographics access may use: identity (with program enrolments) and contact
details with preferences."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.contact import (
    BestTime,
    CaregiverRelationship,
    ContactChannel,
    ContactConsent,
    SharingScope,
)
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.domain.patients import (
    COMMON_LANGUAGES,
    COMMON_PRONOUNS,
    CareProgram,
    GenderIdentity,
    Patient,
    PatientStatus,
    SexAtBirth,
)
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.validation import parse_date_text
from carecoord_desktop.services.patients import StaffChoice
from carecoord_desktop.ui.chart.formatting import phone, words
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.forms.edit_form import EditForm, add_field, section_title
from carecoord_desktop.ui.forms.fields import blank_to_none, ensure_choice, object_name

NOT_RECORDED = ("Not recorded", None)
CONSENTS = (("voicemail_consent", "Voicemail"), ("text_consent", "Text messages"), ("email_consent", "Email"))
ANSWERS = (("Not asked", ""), ("Yes", "yes"), ("No", "no"))


def _enum_choices(enum: Any, *, blank: tuple[str, Any] | None = NOT_RECORDED) -> list[tuple[str, Any]]:
    return ([blank] if blank else []) + [(words(member), member.value) for member in enum]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class IdentityForm(EditForm):
    """Identity and demographics: names, date of birth, MRN, sex and gender, language, PCP, coordinator,
    status, insurance and program enrolments (CCM, PCM, TCM with consent dates).

    An enrolment already saved is ended, not removed (billing needs its dates); only enrolments added since
    the form was opened can be removed. Saved enrolments come first and only later ones are removable, so
    the first `saved_programs` rows are always the saved ones.
    """

    title = "Identity and demographics"

    def __init__(
        self,
        staff: list[StaffChoice],
        parent: Any = None,
        *,
        clock: PracticeClock,
        name: str = "identityForm",
    ) -> None:
        super().__init__(name, parent)
        self.clock = clock
        self.saved_programs = 0
        # End (saved rows) and Remove (new rows) share the last column: one width keeps the fields lined up
        self.setStyleSheet(
            self.styleSheet() + ' QFrame[rowOf="programs"] QPushButton[link="true"] { min-width: 9em; }'
        )
        f = self.fields
        f.line("given_name", "Given name")
        f.line("family_name", "Family name")
        f.line("preferred_name", "Preferred name", placeholder="If different")
        f.line("date_of_birth", "Date of birth", placeholder="MM/DD/YYYY")
        f.line("mrn", "MRN")
        f.combo("sex_at_birth", "Sex assigned at birth", _enum_choices(SexAtBirth, blank=("Choose…", None)))
        f.combo("gender_identity", "Gender identity", _enum_choices(GenderIdentity))
        f.combo("pronouns", "Pronouns", [("", None), *[(p, p) for p in COMMON_PRONOUNS]], editable=True)
        languages = [(f"{name} ({code})", code) for code, name in COMMON_LANGUAGES.items()]
        f.combo("preferred_language", "Preferred language", languages, editable=True)
        f.check("interpreter_needed", "&Interpreter needed")
        f.combo(
            "pcp_id",
            "Primary care provider",
            [("No PCP assigned", None)] + [(s.full_name, s.id) for s in staff if s.role is Role.PROVIDER],
        )
        f.combo(
            "coordinator_id",
            "Care coordinator",
            [("No coordinator", None)]
            + [(s.full_name, s.id) for s in staff if s.role is Role.NURSE_COORDINATOR],
        )
        f.combo("status", "Status", _enum_choices(PatientStatus, blank=None))
        f.line("date_of_death", "Date of death", placeholder="MM/DD/YYYY")
        f.line("insurance.payer_name", "Insurance company")
        f.line("insurance.member_id", "Member ID")
        f.line("insurance.group_number", "Group number")

        self.body_layout.addWidget(section_title("Identity"))
        grid = self.grid()
        add_field(grid, 0, 0, "&Given (first) name", f, "given_name")
        add_field(grid, 0, 1, "&Family (last) name", f, "family_name")
        add_field(grid, 0, 2, "P&referred name", f, "preferred_name")
        add_field(grid, 1, 0, "Date of &birth", f, "date_of_birth")
        add_field(grid, 1, 1, "&MRN", f, "mrn")
        add_field(grid, 1, 2, "Se&x assigned at birth", f, "sex_at_birth")
        add_field(grid, 2, 0, "Gen&der identity", f, "gender_identity")
        add_field(grid, 2, 1, "Pro&nouns", f, "pronouns")
        add_field(grid, 2, 2, "Preferred &language", f, "preferred_language")
        grid.addWidget(f.box("interpreter_needed"), 3, 2)
        self.body_layout.addWidget(section_title("Care and status"))
        grid = self.grid()
        add_field(grid, 0, 0, "Primary &care provider", f, "pcp_id")
        add_field(grid, 0, 1, "Care c&oordinator", f, "coordinator_id")
        add_field(grid, 1, 0, "Stat&us", f, "status")
        add_field(grid, 1, 1, "Date of dea&th", f, "date_of_death")
        self.body_layout.addWidget(section_title("Insurance"))
        grid = self.grid()
        add_field(grid, 0, 0, "Insurance com&pany", f, "insurance.payer_name")
        add_field(grid, 0, 1, "Memb&er ID", f, "insurance.member_id")
        add_field(grid, 0, 2, "Group n&umber", f, "insurance.group_number")
        self.body_layout.addWidget(section_title("Programs"))
        note = QLabel(
            "CCM and PCM need the date the patient consented, on or before the start date. "
            "End an enrolment instead of removing it; only enrolments added since you opened this form "
            "can be removed."
        )
        note.setObjectName("programsNote")
        note.setProperty("hint", True)
        note.setWordWrap(True)
        self.body_layout.addWidget(note)
        self.programs = self.row_list(
            "programs", self._program_row, "enrolment", removable=lambda index: index >= self.saved_programs
        )
        self.programs.add_button.setText("&Add program enrolment")
        self.programs.add_button.setAccessibleName("Add program enrolment")
        self.programs.empty.setText("Not enrolled in any program.")
        self.body_layout.addStretch(1)

    def _program_row(self, path: str, grid: QGridLayout) -> None:
        f = self.fields
        number = int(path.rsplit(".", 1)[1]) + 1
        program = f.combo(
            f"{path}.program",
            f"Enrolment {number} program",
            [(f"{p.label} ({p.name})", p.value) for p in CareProgram],
        )
        f.line(f"{path}.started_on", f"Enrolment {number} start date", placeholder="MM/DD/YYYY")
        consent = f.line(f"{path}.consent_date", f"Enrolment {number} consent date", placeholder="MM/DD/YYYY")
        ended = f.line(f"{path}.ended_on", f"Enrolment {number} end date", placeholder="Still enrolled")
        add_field(grid, 0, 0, "Program", f, f"{path}.program")
        add_field(grid, 0, 1, "Started on", f, f"{path}.started_on")
        add_field(grid, 0, 2, "Consent date", f, f"{path}.consent_date")
        add_field(grid, 0, 3, "Ended on", f, f"{path}.ended_on")
        for column in range(4):  # the same four columns as the sections above
            grid.setColumnStretch(column, 1)

        def consent_hint() -> None:
            chosen = program.currentData()
            needed = chosen is None or CareProgram(chosen).needs_consent
            consent.setPlaceholderText("MM/DD/YYYY" if needed else "Not needed for TCM")

        program.currentIndexChanged.connect(lambda _index: consent_hint())
        consent_hint()
        if number - 1 < self.saved_programs:
            end = QPushButton("End enrolment")
            end.setObjectName(f"{object_name(path)}_end")
            end.setAccessibleName(f"End enrolment {number}")
            end.setToolTip("Fill in today as the end date; change it if the enrolment ended earlier.")
            end.setProperty("link", True)
            end.clicked.connect(lambda: self._end_enrolment(ended))
            policy = end.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # the columns stay lined up with the other rows
            end.setSizePolicy(policy)
            ended.textChanged.connect(lambda text: end.setHidden(bool(text.strip())))
            grid.addWidget(end, 0, 4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

    def show_error(self, exc: UserError) -> None:
        """A second open enrolment in one program is a list-wide error: show it on the repeating row."""
        if isinstance(exc, ValidationFailed) and "programs" in exc.field_errors:
            paths = {"programs": self._repeated_program()}
            exc = ValidationFailed(exc.message, {paths.get(k, k): m for k, m in exc.field_errors.items()})
        super().show_error(exc)

    def _repeated_program(self) -> str:
        seen: set[str] = set()
        for index, row in enumerate(self.programs.all_values()):
            if not row["ended_on"].strip():
                if row["program"] in seen:
                    return f"programs.{index}.program"
                seen.add(row["program"])
        return "programs"

    def _end_enrolment(self, ended: QLineEdit) -> None:
        if not ended.text().strip():
            ended.setText(format_date(self.clock.today()))
        ended.setFocus(Qt.FocusReason.OtherFocusReason)
        ended.selectAll()

    def load(self, patient: Patient, staff_names: dict[int, str] | None = None) -> None:
        names = staff_names or {}
        for path in ("pcp_id", "coordinator_id"):
            member = getattr(patient, path)
            combo = self.fields.widgets[path]
            assert isinstance(combo, QComboBox)
            ensure_choice(combo, member, f"{names.get(member, f'Staff #{member}')} (inactive)")
        insurance = patient.insurance
        self.fields.restore(
            {
                "given_name": patient.given_name,
                "family_name": patient.family_name,
                "preferred_name": _text(patient.preferred_name),
                "date_of_birth": format_date(patient.date_of_birth),
                "mrn": patient.mrn,
                "sex_at_birth": patient.sex_at_birth.value,
                "gender_identity": patient.gender_identity.value if patient.gender_identity else None,
                "pronouns": patient.pronouns,
                "preferred_language": patient.preferred_language,
                "interpreter_needed": patient.interpreter_needed,
                "pcp_id": patient.pcp_id,
                "coordinator_id": patient.coordinator_id,
                "status": patient.status.value,
                "date_of_death": format_date(patient.date_of_death) if patient.date_of_death else "",
                "insurance.payer_name": insurance.payer_name if insurance else "",
                "insurance.member_id": insurance.member_id if insurance else "",
                "insurance.group_number": _text(insurance.group_number if insurance else None),
            }
        )
        self.saved_programs = len(patient.programs)
        self.programs.set_rows(
            [
                {
                    "program": e.program.value,
                    "started_on": format_date(e.started_on),
                    "consent_date": format_date(e.consent_date) if e.consent_date else "",
                    "ended_on": format_date(e.ended_on) if e.ended_on else "",
                }
                for e in patient.programs
            ]
        )

    def changes(self) -> dict[str, Any]:
        v = self.fields.value
        insurance = {
            "payer_name": v("insurance.payer_name"),
            "member_id": v("insurance.member_id"),
            "group_number": blank_to_none(v("insurance.group_number")),
        }
        return {
            "given_name": v("given_name"),
            "family_name": v("family_name"),
            "preferred_name": blank_to_none(v("preferred_name")),
            "date_of_birth": v("date_of_birth"),
            "mrn": v("mrn"),
            "sex_at_birth": v("sex_at_birth"),
            "gender_identity": v("gender_identity"),
            "pronouns": blank_to_none(v("pronouns")),
            "preferred_language": v("preferred_language") or "en",
            "interpreter_needed": v("interpreter_needed"),
            "pcp_id": v("pcp_id"),
            "coordinator_id": v("coordinator_id"),
            "status": v("status"),
            "date_of_death": blank_to_none(v("date_of_death")),
            "insurance": insurance if any(blank_to_none(x) for x in insurance.values()) else None,
            "programs": [
                {
                    "program": r["program"],
                    "started_on": r["started_on"],
                    "consent_date": blank_to_none(r["consent_date"]),
                    "ended_on": _optional_date(r["ended_on"], self.clock.today()),
                }
                for r in self.programs.all_values()
            ],
        }


def _consent_values(consent: ContactConsent | None) -> tuple[str, str]:
    if consent is None:
        return "", ""
    return ("yes" if consent.granted else "no"), format_date(consent.recorded_on)


def _optional_date(text: str, today: date) -> str | None:
    """A date that need not be in the past (an expiry): US forms become ISO; anything else goes to validation."""
    if not text.strip():
        return None
    parsed = parse_date_text(text, today)
    return parsed.isoformat() if parsed else text


class ContactForm(EditForm):
    """Phones, email, address; preferred channel and time; consents with dates; caregivers; do-not-contact."""

    title = "Contact and preferences"

    def __init__(self, parent: Any = None, *, clock: PracticeClock, name: str = "contactForm") -> None:
        super().__init__(name, parent)
        self.clock = clock
        f = self.fields
        for kind in ("mobile", "home", "work"):
            f.line(f"phones.{kind}", f"{kind.capitalize()} phone", placeholder="Area code and number")
        f.line("email", "Email", placeholder="name@example.com")
        f.line("address.line1", "Street address")
        f.line("address.line2", "Address line 2", placeholder="Apartment, suite…")
        f.line("address.city", "City")
        f.line("address.state", "State", placeholder="MA", width=90)
        f.line("address.postal_code", "ZIP code", width=130)
        f.line("address.country", "Country", placeholder="US", width=70)
        channels = _enum_choices(ContactChannel, blank=("No preference", None))
        f.combo("contact.preferred_channel", "Preferred channel", channels)
        f.combo("contact.best_time", "Best time to reach", _enum_choices(BestTime, blank=("Any time", None)))
        f.line("contact.best_time_note", "Best time note", placeholder="e.g. after 3 pm on weekdays")
        for key, label in CONSENTS:
            answer = f.combo(f"contact.{key}.granted", f"{label} consent", ANSWERS)
            answer.currentIndexChanged.connect(lambda _i, key=key: self._date_answer(key))
            f.line(f"contact.{key}.recorded_on", f"{label} consent date", placeholder="MM/DD/YYYY")
        f.checks("contact.do_not_contact", "Do not contact by", [(words(c), c.value) for c in ContactChannel])
        f.line("contact.do_not_contact_reason", "Do-not-contact reason")

        self.body_layout.addWidget(section_title("Phones and email"))
        grid = self.grid()
        add_field(grid, 0, 0, "&Mobile phone", f, "phones.mobile")
        add_field(grid, 0, 1, "&Home phone", f, "phones.home")
        add_field(grid, 0, 2, "&Work phone", f, "phones.work")
        add_field(grid, 1, 0, "&Email", f, "email", span=2)
        self.body_layout.addWidget(section_title("Postal address"))
        grid = self.grid()
        add_field(grid, 0, 0, "St&reet address", f, "address.line1", span=2)
        add_field(grid, 0, 2, "Address line &2", f, "address.line2", span=2)
        add_field(grid, 1, 0, "Cit&y", f, "address.city")
        add_field(grid, 1, 1, "S&tate", f, "address.state")
        add_field(grid, 1, 2, "&ZIP code", f, "address.postal_code")
        add_field(grid, 1, 3, "Co&untry", f, "address.country")
        self.body_layout.addWidget(section_title("Preferences and consent"))
        grid = self.grid()
        add_field(grid, 0, 0, "&Preferred channel", f, "contact.preferred_channel")
        add_field(grid, 0, 1, "&Best time", f, "contact.best_time")
        add_field(grid, 0, 2, "Best time n&ote", f, "contact.best_time_note")
        for row, (key, label) in enumerate(CONSENTS, start=1):
            add_field(grid, row, 0, f"{label} consent", f, f"contact.{key}.granted")
            add_field(grid, row, 1, "Recorded on", f, f"contact.{key}.recorded_on")
        add_field(grid, 4, 0, "Do &not contact by", f, "contact.do_not_contact", span=2)
        add_field(grid, 4, 2, "Reason", f, "contact.do_not_contact_reason")
        self.body_layout.addWidget(section_title("Caregivers and family"))
        self.caregivers = self.row_list("contact.caregivers", self._caregiver_row, "caregiver")
        self.body_layout.addStretch(1)

    def _date_answer(self, key: str) -> None:
        """Recording an answer defaults its date to today; the person can change it."""
        answer = self.fields.value(f"contact.{key}.granted")
        when = f"contact.{key}.recorded_on"
        if answer and not self.fields.value(when).strip():
            self.fields.set_value(when, format_date(self.clock.today()))

    def _caregiver_row(self, path: str, grid: Any) -> None:
        f = self.fields
        f.line(f"{path}.name", "Caregiver name")
        f.combo(f"{path}.relationship", "Relationship", _enum_choices(CaregiverRelationship, blank=None))
        f.line(f"{path}.phone", "Caregiver phone")
        f.line(f"{path}.email", "Caregiver email")
        f.check(f"{path}.is_emergency_contact", "Emergency contact")
        f.check(f"{path}.is_health_care_proxy", "Health care proxy")
        f.combo(
            f"{path}.sharing.authorized",
            "Sharing authorization",
            (("Not asked", ""), ("Authorized", "yes"), ("Declined", "no")),
        )
        f.line(f"{path}.sharing.authorized_on", "Authorization date", placeholder="MM/DD/YYYY")
        f.line(f"{path}.sharing.expires_on", "Authorization expires", placeholder="MM/DD/YYYY")
        f.checks(f"{path}.sharing.scopes", "May share", [(words(s), s.value) for s in SharingScope])
        f.line(f"{path}.sharing.note", "Authorization note")
        add_field(grid, 0, 0, "Name", f, f"{path}.name")
        add_field(grid, 0, 1, "Relationship", f, f"{path}.relationship")
        add_field(grid, 0, 2, "Phone", f, f"{path}.phone")
        add_field(grid, 0, 3, "Email", f, f"{path}.email")
        grid.addWidget(f.box(f"{path}.is_emergency_contact"), 1, 0)
        grid.addWidget(f.box(f"{path}.is_health_care_proxy"), 1, 1)
        add_field(grid, 2, 0, "Sharing information", f, f"{path}.sharing.authorized")
        add_field(grid, 2, 1, "Authorized on", f, f"{path}.sharing.authorized_on")
        add_field(grid, 2, 2, "Expires on", f, f"{path}.sharing.expires_on")
        add_field(grid, 2, 3, "Note", f, f"{path}.sharing.note")
        add_field(grid, 3, 0, "May share", f, f"{path}.sharing.scopes", span=4)

    def load(self, patient: Patient) -> None:
        contact = patient.contact
        address = patient.address
        values: dict[str, Any] = {
            "phones.mobile": phone(patient.phones.mobile) if patient.phones.mobile else "",
            "phones.home": phone(patient.phones.home) if patient.phones.home else "",
            "phones.work": phone(patient.phones.work) if patient.phones.work else "",
            "email": _text(patient.email),
            "address.line1": address.line1 if address else "",
            "address.line2": _text(address.line2 if address else None),
            "address.city": address.city if address else "",
            "address.state": _text(address.state if address else None),
            "address.postal_code": address.postal_code if address else "",
            "address.country": address.country if address else "US",
            "contact.preferred_channel": contact.preferred_channel.value
            if contact.preferred_channel
            else None,
            "contact.best_time": contact.best_time.value if contact.best_time else None,
            "contact.best_time_note": _text(contact.best_time_note),
            "contact.do_not_contact": [c.value for c in contact.do_not_contact],
            "contact.do_not_contact_reason": _text(contact.do_not_contact_reason),
        }
        for key, _label in CONSENTS:
            answer, when = _consent_values(getattr(contact, key))
            values[f"contact.{key}.granted"] = answer
            values[f"contact.{key}.recorded_on"] = when
        self.fields.restore(values)
        rows = []
        for caregiver in contact.caregivers:
            sharing = caregiver.sharing
            rows.append(
                {
                    "name": caregiver.name,
                    "relationship": caregiver.relationship.value,
                    "phone": phone(caregiver.phone) if caregiver.phone else "",
                    "email": _text(caregiver.email),
                    "is_emergency_contact": caregiver.is_emergency_contact,
                    "is_health_care_proxy": caregiver.is_health_care_proxy,
                    "sharing.authorized": "" if sharing is None else ("yes" if sharing.authorized else "no"),
                    "sharing.authorized_on": format_date(sharing.authorized_on) if sharing else "",
                    "sharing.expires_on": format_date(sharing.expires_on)
                    if sharing and sharing.expires_on
                    else "",
                    "sharing.scopes": [s.value for s in sharing.scopes] if sharing else [],
                    "sharing.note": _text(sharing.note if sharing else None),
                }
            )
        self.caregivers.set_rows(rows)

    def changes(self) -> dict[str, Any]:
        v = self.fields.value
        address = {
            "line1": v("address.line1"),
            "line2": blank_to_none(v("address.line2")),
            "city": v("address.city"),
            "state": blank_to_none(v("address.state")),
            "postal_code": v("address.postal_code"),
            "country": blank_to_none(v("address.country")) or "US",
        }
        typed = [address[k] for k in ("line1", "line2", "city", "state", "postal_code")]
        contact: dict[str, Any] = {
            "preferred_channel": v("contact.preferred_channel"),
            "best_time": v("contact.best_time"),
            "best_time_note": blank_to_none(v("contact.best_time_note")),
            "do_not_contact": v("contact.do_not_contact"),
            "do_not_contact_reason": blank_to_none(v("contact.do_not_contact_reason")),
            "caregivers": [self._caregiver(row) for row in self.caregivers.all_values()],
        }
        for key, _label in CONSENTS:
            answer = v(f"contact.{key}.granted")
            contact[key] = (
                {"granted": answer == "yes", "recorded_on": v(f"contact.{key}.recorded_on")}
                if answer
                else None
            )
        return {
            "phones": {kind: blank_to_none(v(f"phones.{kind}")) for kind in ("mobile", "home", "work")},
            "email": blank_to_none(v("email")),
            "address": address if any(blank_to_none(x) for x in typed) else None,
            "contact": contact,
        }

    def _caregiver(self, row: dict[str, Any]) -> dict[str, Any]:
        answer = row["sharing.authorized"]
        sharing = (
            {
                "authorized": answer == "yes",
                "authorized_on": row["sharing.authorized_on"],
                "scopes": row["sharing.scopes"],
                "expires_on": _optional_date(row["sharing.expires_on"], self.clock.today()),
                "note": blank_to_none(row["sharing.note"]),
            }
            if answer
            else None
        )
        return {
            "name": row["name"],
            "relationship": row["relationship"],
            "phone": blank_to_none(row["phone"]),
            "email": blank_to_none(row["email"]),
            "is_emergency_contact": row["is_emergency_contact"],
            "is_health_care_proxy": row["is_health_care_proxy"],
            "sharing": sharing,
        }
