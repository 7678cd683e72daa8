"""Contact details and permissions: phone numbers, consents, do-not-contact, caregivers' sharing."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from carecoord_desktop.domain.contact import (
    Caregiver,
    ContactChannel,
    ContactPreferences,
    InvalidPhoneNumber,
    PatientPhones,
    SharingScope,
    format_phone,
    may_contact,
    may_leave_voicemail,
    normalize_phone,
)
from carecoord_desktop.domain.validation import PatientRules, field_errors

TODAY = date(2026, 1, 15)
RULES = PatientRules(today=TODAY)
AREA_CODE_HINT = "Enter a phone number with area code, e.g. (617) 555-0142"


def phones(values: dict[str, Any], rules: PatientRules = RULES) -> PatientPhones:
    return PatientPhones.model_validate(values, context=rules.context())


def phone_errors(values: dict[str, Any], rules: PatientRules = RULES) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        phones(values, rules)
    return field_errors(caught.value)


# ---------------------------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(617) 555-0142", "+16175550142"),
        ("617-555-0142", "+16175550142"),
        ("617.555.0142", "+16175550142"),
        ("6175550142", "+16175550142"),
        ("1 617 555 0142", "+16175550142"),
        ("+1 (617) 555-0142", "+16175550142"),
        ("(617) 555-0142 x123", "+16175550142;ext=123"),
        ("617-555-0142 ext. 45", "+16175550142;ext=45"),
        ("+16175550142;ext=45", "+16175550142;ext=45"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_valid_phones_are_stored_in_e164(typed: str, stored: str) -> None:
    assert normalize_phone(typed) == stored
    assert phones({"mobile": typed}).mobile == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("555-0142", AREA_CODE_HINT),
        ("5550142", AREA_CODE_HINT),
        ("12", AREA_CODE_HINT),
        ("call me", AREA_CODE_HINT),
        ("(123) 456-7890", "This is not a valid phone number; check the area code and the number"),
        ("617 555 0142 1234 5678", "This phone number has too many digits"),
    ],
)
def test_invalid_phones_say_what_to_fix(typed: str, message: str) -> None:
    with pytest.raises(InvalidPhoneNumber, match=re.escape(message)):
        normalize_phone(typed)
    assert phone_errors({"home": typed}) == {"home": message}


def test_blank_phone_is_no_phone() -> None:
    assert phones({"mobile": "  ", "home": ""}).numbers() == {}


def test_phone_region_comes_from_the_practice_rules() -> None:
    uk = PatientRules(today=TODAY, phone_region="GB")
    assert phones({"home": "020 7946 0958"}, uk).home == "+442079460958"
    message = phone_errors({"home": "7946 0958"}, uk)["home"]
    assert message.startswith("Enter a phone number with area code, e.g. 0")


def test_unknown_phone_region_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="Unknown phone region"):
        PatientRules(phone_region="XX")


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+16175550142", "(617) 555-0142"),
        ("+16175550142;ext=45", "(617) 555-0142 ext. 45"),
        ("+442079460958", "+44 20 7946 0958"),
    ],
)
def test_format_phone_for_display(stored: str, shown: str) -> None:
    assert format_phone(stored) == shown


# ---------------------------------------------------------------------------------------------- contact rules


def _preferences(**values: Any) -> ContactPreferences:
    return ContactPreferences.model_validate(values, context=RULES.context())


YES = {"granted": True, "recorded_on": "2025-01-01"}
NO = {"granted": False, "recorded_on": "2025-01-01"}


@pytest.mark.parametrize(
    ("values", "channel", "allowed"),
    [
        ({}, ContactChannel.PHONE, True),
        ({}, ContactChannel.MAIL, True),
        ({}, ContactChannel.TEXT, False),
        ({}, ContactChannel.EMAIL, False),
        ({"text_consent": YES}, ContactChannel.TEXT, True),
        ({"text_consent": NO}, ContactChannel.TEXT, False),
        ({"email_consent": YES}, ContactChannel.EMAIL, True),
        ({"text_consent": YES, "do_not_contact": ["text"]}, ContactChannel.TEXT, False),
        ({"do_not_contact": ["phone"]}, ContactChannel.PHONE, False),
    ],
)
def test_may_contact(values: dict[str, Any], channel: ContactChannel, allowed: bool) -> None:
    assert may_contact(_preferences(**values), channel) is allowed


@pytest.mark.parametrize(
    ("values", "allowed"),
    [
        ({}, False),
        ({"voicemail_consent": YES}, True),
        ({"voicemail_consent": NO}, False),
        ({"voicemail_consent": YES, "do_not_contact": ["phone"]}, False),
    ],
)
def test_may_leave_voicemail(values: dict[str, Any], allowed: bool) -> None:
    assert may_leave_voicemail(_preferences(**values)) is allowed


def test_caregiver_sharing_follows_scope_and_expiry() -> None:
    caregiver = Caregiver.model_validate(
        {
            "name": "Ana Núñez",
            "relationship": "child",
            "sharing": {
                "authorized": True,
                "authorized_on": "2025-01-01",
                "scopes": ["appointments"],
                "expires_on": "2025-12-31",
            },
        },
        context=RULES.context(),
    )
    assert caregiver.may_receive(SharingScope.APPOINTMENTS, date(2025, 6, 1))
    assert not caregiver.may_receive(SharingScope.MEDICATIONS, date(2025, 6, 1))
    assert not caregiver.may_receive(SharingScope.APPOINTMENTS, date(2026, 1, 1))
    everything = caregiver.model_copy(
        update={
            "sharing": caregiver.sharing.model_copy(update={"scopes": (SharingScope.ALL_HEALTH_INFORMATION,)})
        }  # type: ignore[union-attr]
    )
    assert everything.may_receive(SharingScope.TEST_RESULTS, date(2025, 6, 1))


def test_declined_sharing_cannot_list_scopes() -> None:
    with pytest.raises(ValidationError) as caught:
        Caregiver.model_validate(
            {
                "name": "Ana",
                "relationship": "child",
                "sharing": {"authorized": False, "authorized_on": "2025-01-01", "scopes": ["billing"]},
            },
            context=RULES.context(),
        )
    assert field_errors(caught.value) == {
        "sharing.scopes": "Sharing was declined, so clear what may be shared"
    }
