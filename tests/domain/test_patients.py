"""The patient record's validation rules and the pure helpers the panel and search rely on."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from carecoord_desktop.domain.clinical_summary import ClinicalSummary
from carecoord_desktop.domain.contact import SharingScope
from carecoord_desktop.domain.duplicates import DuplicateReason, duplicate_reasons
from carecoord_desktop.domain.patients import (
    CareProgram,
    Patient,
    PatientStatus,
    age_on,
    display_name,
    normalize_for_search,
    parse_dob_query,
    phone_digits,
)
from carecoord_desktop.domain.validation import PatientRules, field_errors

TODAY = date(2026, 1, 15)
RULES = PatientRules(today=TODAY)

MINIMAL: dict[str, Any] = {
    "mrn": "00123456",
    "given_name": "José",
    "family_name": "Núñez",
    "date_of_birth": "1952-03-14",
    "sex_at_birth": "male",
}


def validate(changes: dict[str, Any], rules: PatientRules = RULES) -> Patient:
    return Patient.model_validate({**MINIMAL, **changes}, context=rules.context())


def errors(changes: dict[str, Any], rules: PatientRules = RULES) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate(changes, rules)
    return field_errors(caught.value)


# ---------------------------------------------------------------------------------------------- phone search


@pytest.mark.parametrize(
    ("typed", "digits"),
    [("(617) 555-0142", "6175550142"), ("+1 617", "1617"), ("٦١٧-٥٥٥", "617555"), ("Smith", "")],
)
def test_phone_digits(typed: str, digits: str) -> None:
    assert phone_digits(typed) == digits


# ---------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("03/14/1952", date(1952, 3, 14)),
        ("3/14/1952", date(1952, 3, 14)),
        ("3/14/52", date(1952, 3, 14)),
        ("03-14-1952", date(1952, 3, 14)),
        ("1952-03-14", date(1952, 3, 14)),
        ("19520314", date(1952, 3, 14)),
        ("14.03.1952", date(1952, 3, 14)),
        ("14.3.52", date(1952, 3, 14)),
        ("Mar 14, 1952", date(1952, 3, 14)),
        ("march 14 1952", date(1952, 3, 14)),
        ("14 March 1952", date(1952, 3, 14)),
        ("  3/14/52 ", date(1952, 3, 14)),
        # Two-digit years land in the latest century that keeps the date in the past (today is 2026-01-15).
        ("3/14/25", date(2025, 3, 14)),
        ("1/15/26", date(2026, 1, 15)),
        ("1/16/26", date(1926, 1, 16)),
        ("12/31/99", date(1999, 12, 31)),
        ("01/01/00", date(2000, 1, 1)),
        ("2/29/24", date(2024, 2, 29)),
        ("2/29/2000", date(2000, 2, 29)),
    ],
)
def test_dob_queries_in_common_forms(typed: str, meant: date) -> None:
    assert parse_dob_query(typed, TODAY) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "Smith",
        "3/14",
        "3/14/195",
        "02/30/1952",
        "13/01/1952",
        "2/29/2023",
        "3/14/2099",
        "617-555-0142",
        "00123456",
    ],
)
def test_text_that_is_not_a_date_of_birth(typed: str) -> None:
    assert parse_dob_query(typed, TODAY) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_two_digit_years_are_never_in_the_future(born: date) -> None:
    parsed = parse_dob_query(f"{born.month}/{born.day}/{born.year % 100:02d}", TODAY)
    if parsed is None:  # 29 February of a century's non-leap year
        assert (born.month, born.day) == (2, 29)
        return
    assert parsed <= TODAY
    assert (parsed.month, parsed.day, parsed.year % 100) == (born.month, born.day, born.year % 100)
    assert parsed > TODAY - timedelta(days=36525)


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_four_digit_forms_round_trip(born: date) -> None:
    for typed in (
        born.strftime("%m/%d/%Y"),
        born.isoformat(),
        born.strftime("%d.%m.%Y"),
        born.strftime("%b %d, %Y"),
    ):
        assert parse_dob_query(typed, TODAY) == born


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(1952, 3, 14), date(2026, 3, 13), 73),
        (date(1952, 3, 14), date(2026, 3, 14), 74),
        (date(2000, 2, 29), date(2023, 2, 28), 22),
        (date(2000, 2, 29), date(2023, 3, 1), 23),
        (date(2000, 2, 29), date(2024, 2, 29), 24),
        (date(2026, 1, 15), date(2026, 1, 15), 0),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


def test_age_before_birth_is_a_bug() -> None:
    with pytest.raises(ValueError, match="before the date of birth"):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


# ---------------------------------------------------------------------------------------------- names and search


@pytest.mark.parametrize(
    ("family", "given", "preferred", "shown"),
    [
        ("Núñez", "José", "Pepe", "Núñez, José (Pepe)"),
        ("Núñez", "José", None, "Núñez, José"),
        ("Núñez", "José", "", "Núñez, José"),
        ("Núñez", "José", "jose", "Núñez, José"),
        ("王", "芳", "Fang", "王, 芳 (Fang)"),
    ],
)
def test_display_name(family: str, given: str, preferred: str | None, shown: str) -> None:
    assert display_name(family, given, preferred) == shown


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("José Núñez", "jose nunez"),
        ("JOSE NUNEZ", "jose nunez"),
        ("Zoë Brontë", "zoe bronte"),
        ("Nguyễn Văn An", "nguyen van an"),
        ("Đặng Thị Ánh", "dang thi anh"),
        ("Søren Ångström", "soren angstrom"),
        ("Łukasz Wójcik", "lukasz wojcik"),
        ("Straße", "strasse"),
        ("ＪＯＳＥ", "jose"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Smith-Jones", "smith jones"),
        ("  Mary   Ann ", "mary ann"),
        # Non-Latin scripts keep their letters and marks; only case is folded.
        ("王芳", "王芳"),
        ("Наталья Иванова", "наталья иванова"),
        ("Фёдоров", "фёдоров"),
        ("محمد", "محمد"),
        ("김지은", "김지은"),
        ("がくせい", "がくせい"),
    ],
)
def test_normalize_for_search(name: str, key: str) -> None:
    assert normalize_for_search(name) == key


@given(st.text())
def test_normalize_for_search_is_idempotent(text: str) -> None:
    once = normalize_for_search(text)
    assert normalize_for_search(once) == once


@given(st.text(alphabet=st.characters(codec="latin-1", categories=["Lu", "Ll"]), min_size=1))
def test_latin_accents_never_matter(text: str) -> None:
    plain = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    assert normalize_for_search(text) == normalize_for_search(plain)


# ---------------------------------------------------------------------------------------------- the record


def test_minimal_record_gets_sensible_defaults() -> None:
    patient = validate({})
    assert patient.status is PatientStatus.ACTIVE
    assert patient.preferred_language == "en"
    assert patient.display_name == "Núñez, José"
    assert patient.age_on(TODAY) == 73
    assert patient.clinical == ClinicalSummary()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"date_of_birth": "2026-01-16"}, {"date_of_birth": "Date of birth cannot be in the future"}),
        ({"date_of_birth": "31/31/1950"}, {"date_of_birth": "Enter a date such as 03/14/1952"}),
        (
            {"date_of_birth": "1/1/1880"},
            {"date_of_birth": "Check the year: date of birth is more than 130 years ago"},
        ),
        ({"status": "deceased"}, {"date_of_death": "Enter the date of death"}),
        (
            {"date_of_death": "2024-05-01"},
            {
                "date_of_death": "A date of death goes only with the status Deceased; clear it or change the status"
            },
        ),
        (
            {"status": "deceased", "date_of_death": "1950-01-01"},
            {"date_of_death": "Date of death cannot be before the date of birth"},
        ),
        (
            {"status": "deceased", "date_of_death": "2027-01-01"},
            {"date_of_death": "Date of death cannot be in the future"},
        ),
        ({"mrn": "  "}, {"mrn": "Enter the MRN"}),
        (
            {"mrn": "ab"},
            {"mrn": "The MRN must be 4 to 20 letters or digits (hyphens allowed inside), e.g. 00123456"},
        ),
        (
            {"mrn": "-1234"},
            {"mrn": "The MRN must be 4 to 20 letters or digits (hyphens allowed inside), e.g. 00123456"},
        ),
        ({"given_name": " "}, {"given_name": "Enter the patient's given (first) name"}),
        ({"family_name": ""}, {"family_name": "Enter the patient's family (last) name"}),
        ({"family_name": "Sm1th"}, {"family_name": "A name cannot contain digits"}),
        ({"given_name": "Ann\x07"}, {"given_name": "Remove the special (control) characters from this text"}),
        ({"email": "jose@"}, {"email": "Enter an email address like name@example.com"}),
        (
            {"preferred_language": "Spanish!"},
            {"preferred_language": "Choose a language from the list, or a language code such as es"},
        ),
        (
            {"address": {"line1": "", "city": "Boston", "state": "XX", "postal_code": "2139"}},
            {
                "address.line1": "Enter the street address",
                "address.state": "Enter the two-letter state code, e.g. MA",
                "address.postal_code": "Enter a 5-digit ZIP code, e.g. 02139",
            },
        ),
        (
            {"contact": {"preferred_channel": "text"}},
            {
                "contact.preferred_channel": "Texts need a mobile number; add one or choose another preferred channel"
            },
        ),
        (
            {"contact": {"preferred_channel": "mail"}},
            {
                "contact.preferred_channel": "Letters need a postal address; add one or choose another preferred channel"
            },
        ),
        (
            {
                "phones": {"mobile": "6175550142"},
                "contact": {"preferred_channel": "text", "do_not_contact": ["text"]},
            },
            {
                "contact.preferred_channel": "The patient asked not to be contacted by text; choose another preferred channel"
            },
        ),
        (
            {
                "phones": {"mobile": "6175550142"},
                "contact": {
                    "preferred_channel": "text",
                    "text_consent": {"granted": False, "recorded_on": "2025-01-02"},
                },
            },
            {
                "contact.preferred_channel": "The patient declined contact by text; choose another preferred channel"
            },
        ),
        (
            {"contact": {"voicemail_consent": {"granted": True, "recorded_on": "2027-01-01"}}},
            {"contact.voicemail_consent.recorded_on": "Consent date cannot be in the future"},
        ),
        (
            {"programs": [{"program": "ccm", "started_on": "2025-01-01"}]},
            {"programs.0.consent_date": "Enter the date the patient consented to CCM"},
        ),
        (
            {"programs": [{"program": "pcm", "started_on": "2025-01-01", "consent_date": "2025-02-01"}]},
            {"programs.0.consent_date": "Consent must be given on or before the start date"},
        ),
        (
            {"programs": [{"program": "tcm", "started_on": "2025-01-01", "ended_on": "2024-12-01"}]},
            {"programs.0.ended_on": "The end date cannot be before the start date"},
        ),
        (
            {
                "programs": [
                    {"program": "ccm", "started_on": "2024-01-01", "consent_date": "2024-01-01"},
                    {"program": "ccm", "started_on": "2025-01-01", "consent_date": "2025-01-01"},
                ]
            },
            {"programs": "The patient already has an open CCM enrolment"},
        ),
        (
            {"clinical": {"problems": [{"text": "Hypertension", "code": "I10"}]}},
            {"clinical.problems.0.code": "Choose the code system for this code"},
        ),
        (
            {"clinical": {"problems": [{"text": "Hypertension", "code_system": "icd-10-cm"}]}},
            {"clinical.problems.0.code": "Enter the code, or clear the code system"},
        ),
        (
            {"clinical": {"problems": [{"text": "T2DM", "code_system": "icd-10-cm", "code": "11.9"}]}},
            {"clinical.problems.0.code": "Enter an ICD-10-CM code such as E11.9"},
        ),
        (
            {"clinical": {"problems": [{"text": "T2DM", "code_system": "snomed-ct", "code": "44054007"}]}},
            {"clinical.problems.0.code": "This SNOMED CT code has a typo (its check digit does not match)"},
        ),
        (
            {"clinical": {"problems": [{"text": "Asthma", "onset": "1940-01-01"}]}},
            {"clinical.problems.0.onset": "Onset date cannot be before the date of birth"},
        ),
        (
            {"clinical": {"problems": [{"text": " "}]}},
            {"clinical.problems.0.text": "Describe the problem, e.g. Type 2 diabetes"},
        ),
        (
            {"clinical": {"no_known_allergies": True, "allergies": [{"substance": "Penicillin"}]}},
            {"clinical.no_known_allergies": "Clear 'No known allergies' or remove the listed allergies"},
        ),
        (
            {"clinical": {"risk_tier": {"tier": "high", "set_by": 3, "reason": "", "set_on": "2025-06-01"}}},
            {"clinical.risk_tier.reason": "Say why this risk tier was chosen"},
        ),
        (
            {"care_team": [{"kind": "staff", "role": "nurse"}]},
            {"care_team.0.staff_id": "Choose the staff member"},
        ),
        (
            {"care_team": [{"kind": "external", "role": "specialist"}]},
            {"care_team.0.name": "Enter the provider's name"},
        ),
        (
            {
                "contact": {
                    "caregivers": [
                        {
                            "name": "Ana",
                            "relationship": "child",
                            "sharing": {"authorized": True, "authorized_on": "2025-01-01"},
                        }
                    ]
                }
            },
            {"contact.caregivers.0.sharing.scopes": "Choose what may be shared with this person"},
        ),
        (
            {"contact": {"caregivers": [{"name": "", "relationship": "child"}]}},
            {"contact.caregivers.0.name": "Enter the caregiver's name"},
        ),
        (
            {"insurance": {"payer_name": "Aetna", "member_id": "W12#4"}},
            {"insurance.member_id": "The member ID may contain only letters, digits and hyphens"},
        ),
        ({"favourite_colour": "blue"}, {"favourite_colour": "This field is not part of the record"}),
    ],
)
def test_invalid_records_get_one_plain_message_per_field(
    changes: dict[str, Any], expected: dict[str, str]
) -> None:
    assert errors(changes) == expected


def test_missing_fields_are_named() -> None:
    with pytest.raises(ValidationError) as caught:
        Patient.model_validate({}, context=RULES.context())
    assert field_errors(caught.value) == {
        "mrn": "This field is required",
        "given_name": "This field is required",
        "family_name": "This field is required",
        "date_of_birth": "This field is required",
        "sex_at_birth": "This field is required",
    }


@pytest.mark.parametrize(
    ("changes", "field", "stored"),
    [
        ({"mrn": " ab-12 34 "}, "mrn", "AB-1234"),
        ({"preferred_language": "ES-mx"}, "preferred_language", "es-MX"),
        ({"preferred_language": "zh-hant-tw"}, "preferred_language", "zh-Hant-TW"),
        ({"preferred_language": ""}, "preferred_language", "en"),
        ({"given_name": "  Mary   Ann "}, "given_name", "Mary Ann"),
        ({"preferred_name": "   "}, "preferred_name", None),
        ({"email": "Jose.Nunez@Example.COM"}, "email", "Jose.Nunez@example.com"),
        ({"date_of_birth": "3/14/52"}, "date_of_birth", date(1952, 3, 14)),
        ({"pcp_id": "7"}, "pcp_id", 7),
    ],
)
def test_input_is_normalized(changes: dict[str, Any], field: str, stored: object) -> None:
    assert getattr(validate(changes), field) == stored


def test_deceased_with_a_date_of_death_is_valid() -> None:
    patient = validate({"status": "deceased", "date_of_death": "12/01/2025"})
    assert patient.date_of_death == date(2025, 12, 1)


def test_mrn_format_is_configurable() -> None:
    rules = PatientRules(today=TODAY, mrn_pattern=r"\d{8}", mrn_hint="8 digits", mrn_example="00012345")
    assert validate({"mrn": "12345678"}, rules).mrn == "12345678"
    assert errors({"mrn": "AB-1234"}, rules) == {"mrn": "The MRN must be 8 digits, e.g. 00012345"}


def test_address_outside_the_us_keeps_its_own_postal_code() -> None:
    address = {
        "country": "ca",
        "line1": "1 Rue Sainte-Catherine",
        "city": "Montréal",
        "postal_code": "h2x 1y4",
    }
    patient = validate({"address": address})
    assert patient.address is not None
    assert (patient.address.country, patient.address.state, patient.address.postal_code) == (
        "CA",
        None,
        "H2X 1Y4",
    )


def test_us_zip_plus_four() -> None:
    address = {"line1": "1 Main St", "city": "Boston", "state": "ma", "postal_code": "021181234"}
    patient = validate({"address": address})
    assert patient.address is not None
    assert (patient.address.state, patient.address.postal_code) == ("MA", "02118-1234")
    assert patient.address.one_line() == "1 Main St, Boston, MA 02118-1234"


def test_full_record_round_trips_through_json() -> None:
    data = {
        "phones": {"mobile": "(617) 555-0142", "work": "617 555 0100 x12"},
        "email": "jose@example.com",
        "address": {
            "line1": "12 Elm St",
            "line2": "Apt 2",
            "city": "Somerville",
            "state": "MA",
            "postal_code": "02143",
        },
        "pcp_id": 2,
        "coordinator_id": 3,
        "insurance": {"payer_name": "Medicare", "member_id": "1eg4-te5-mk73"},
        "programs": [{"program": "ccm", "started_on": "2025-02-01", "consent_date": "2025-01-20"}],
        "contact": {
            "preferred_channel": "text",
            "best_time": "morning",
            "text_consent": {"granted": True, "recorded_on": "2025-01-20"},
            "caregivers": [
                {
                    "name": "Ana Núñez",
                    "relationship": "child",
                    "phone": "617-555-0199",
                    "sharing": {
                        "authorized": True,
                        "authorized_on": "2025-01-20",
                        "scopes": ["medications", "appointments", "medications"],
                    },
                }
            ],
            "do_not_contact": ["mail"],
        },
        "care_team": [
            {"kind": "staff", "role": "primary_care_provider", "staff_id": 2},
            {"kind": "external", "role": "specialist", "name": "Dr. Helen Park", "specialty": "Cardiology"},
        ],
        "clinical": {
            "problems": [
                {"text": "Type 2 diabetes", "code_system": "icd-10-cm", "code": "e119", "onset": "2010-05-01"}
            ],
            "allergies": [{"substance": "Penicillin", "reactions": ["Hives", " "], "severity": "moderate"}],
            "risk_tier": {
                "tier": "moderate",
                "set_by": 3,
                "reason": "Two chronic conditions",
                "set_on": "2025-06-01",
            },
        },
    }
    patient = validate(data)
    assert patient.insurance is not None and patient.insurance.member_id == "1EG4-TE5-MK73"
    assert patient.clinical.problems[0].code == "E11.9"
    assert patient.clinical.allergies[0].reactions == ("Hives",)
    sharing = patient.contact.caregivers[0].sharing
    assert sharing is not None and sharing.scopes == (SharingScope.APPOINTMENTS, SharingScope.MEDICATIONS)
    assert patient.open_programs(TODAY) == (CareProgram.CCM,)
    again = Patient.model_validate_json(patient.model_dump_json(), context=RULES.context())
    assert again == patient


# ---------------------------------------------------------------------------------------------- duplicates


@pytest.mark.parametrize(
    ("existing", "reasons"),
    [
        ({"mrn": "99999999"}, (DuplicateReason.SAME_NAME_AND_DOB,)),
        (
            {"mrn": "99999999", "given_name": "JOSE", "family_name": "Nunez"},
            (DuplicateReason.SAME_NAME_AND_DOB,),
        ),
        (
            {"mrn": "99999999", "given_name": "Joseph", "preferred_name": "José"},
            (DuplicateReason.SAME_NAME_AND_DOB,),
        ),
        ({"mrn": "99999999", "date_of_birth": "1952-03-15"}, ()),
        ({"given_name": "Ana", "date_of_birth": "1980-01-01"}, (DuplicateReason.SAME_MRN,)),
        (
            {"mrn": "99999999", "given_name": "Ana", "phones": {"home": "617 555 0142 x9"}},
            (DuplicateReason.SAME_PHONE,),
        ),
        (
            {"phones": {"mobile": "617-555-0142"}},
            (DuplicateReason.SAME_NAME_AND_DOB, DuplicateReason.SAME_MRN, DuplicateReason.SAME_PHONE),
        ),
    ],
)
def test_duplicate_reasons(existing: dict[str, Any], reasons: tuple[DuplicateReason, ...]) -> None:
    candidate = validate({"phones": {"mobile": "(617) 555-0142"}})
    assert duplicate_reasons(candidate, validate(existing)) == reasons
