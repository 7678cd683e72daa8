"""What counts toward the TCM contact (domain.md 3.1) and what the patient's preferences allow."""

from __future__ import annotations

from datetime import date

import pytest

from carecoord_desktop.domain.contact import ContactPreferences
from carecoord_desktop.domain.contact_attempts import (
    AttemptChannel,
    AttemptOutcome,
    offered_outcomes,
    refusal,
    tcm_contact_met_on,
)

C, R = AttemptChannel, AttemptOutcome
DISCHARGE, DUE = date(2026, 11, 20), date(2026, 11, 24)


@pytest.mark.parametrize(
    ("attempts", "met_on"),
    [
        ([], None),
        ([(date(2026, 11, 23), C.PHONE, R.NO_ANSWER)], None),
        ([(date(2026, 11, 23), C.PHONE, R.NO_ANSWER), (date(2026, 11, 24), C.PHONE, R.LEFT_VOICEMAIL)], DUE),
        ([(date(2026, 11, 23), C.PHONE, R.NO_ANSWER), (date(2026, 11, 25), C.PHONE, R.NO_ANSWER)], None),
        ([(date(2026, 11, 23), C.TEXT, R.NO_ANSWER), (date(2026, 11, 23), C.EMAIL, R.NO_ANSWER)], None),
        ([(date(2026, 11, 23), C.TEXT, R.REACHED)], None),  # a text is not two-way talk
        ([(date(2026, 11, 23), C.VIDEO, R.REACHED)], date(2026, 11, 23)),
        ([(date(2026, 11, 26), C.PHONE, R.REACHED)], date(2026, 11, 26)),  # late, but met
        ([(date(2026, 11, 19), C.PHONE, R.REACHED)], None),  # before discharge: hospital's, not ours
        ([(date(2026, 11, 23), C.PHONE, R.DECLINED), (date(2026, 11, 24), C.PHONE, R.NO_ANSWER)], None),
    ],
)
def test_tcm_contact_met_by_a_two_way_contact_or_two_failed_calls_in_the_window(
    attempts: list[tuple[date, AttemptChannel, AttemptOutcome]], met_on: date | None
) -> None:
    assert tcm_contact_met_on(attempts, DISCHARGE, DUE) == met_on


def test_preferences_decide_what_may_be_logged() -> None:
    open_to_all = ContactPreferences.model_validate(
        {"voicemail_consent": {"granted": True, "recorded_on": "2026-01-05"}}
    )
    assert refusal(open_to_all, C.PHONE, R.LEFT_VOICEMAIL) is None
    assert R.LEFT_VOICEMAIL in offered_outcomes(open_to_all)
    no_voicemail = ContactPreferences()
    assert R.LEFT_VOICEMAIL not in offered_outcomes(no_voicemail)
    assert "voicemail" in (refusal(no_voicemail, C.PHONE, R.LEFT_VOICEMAIL) or "")
    assert "text" in (refusal(no_voicemail, C.TEXT, R.REACHED) or "")  # texts need a yes on file
    blocked = ContactPreferences.model_validate({"do_not_contact": ["phone", "text", "email", "mail"]})
    assert refusal(blocked, C.PHONE, R.NO_ANSWER) == "The patient asked not to be contacted at all."
    assert refusal(blocked, C.IN_PERSON, R.REACHED) is None  # the patient came in
