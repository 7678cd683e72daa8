"""`carecoord report referrals`: the metrics of referrals made through the services, as JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from carecoord_desktop.domain.referrals import ReferralState, TransitionRequest
from carecoord_desktop.services import referrals
from tests.cli.helpers import run
from tests.conftest import NURSE_PASSWORD
from tests.referral_practice import ReferralPractice, acting, build, new_referral

S = ReferralState


def _on(practice: ReferralPractice, day: date, rid: int, **request: object) -> None:
    with acting(practice.path, "nina", datetime.combine(day, datetime.min.time()).replace(hour=10)) as nurse:
        referrals.transition(nurse, rid, TransitionRequest.model_validate(request))


def _hand_built(practice: ReferralPractice) -> None:
    """Patient 1: a closed loop (sent 3 Mar, appointment 13 Mar, report 20 Mar), then a no-show. Patient 2:
    declined. Expected: CMS50 1 of 2, medians 15 (10, 20) and 7 days, no-shows 1 of 2 scheduled, declines 1 of 3 sent."""
    with acting(practice.path, "nina", datetime(2026, 3, 2, 10)) as nurse:
        closed = new_referral(nurse, practice)
        declined = new_referral(nurse, practice, patient_id=practice.patient_ids[1], specialty="Dermatology")
    _on(practice, date(2026, 3, 3), closed, to="sent")
    _on(practice, date(2026, 3, 3), declined, to="sent")
    _on(practice, date(2026, 3, 4), declined, to="declined", reason="Out of network")
    _on(practice, date(2026, 3, 5), closed, to="accepted")
    _on(practice, date(2026, 3, 5), closed, to="scheduled", appointment_on="2026-03-13")
    _on(practice, date(2026, 3, 13), closed, to="seen")
    _on(practice, date(2026, 3, 20), closed, to="report_received", report_summary="Stable; no change")
    _on(practice, date(2026, 3, 23), closed, to="reviewed")
    _on(practice, date(2026, 3, 24), closed, to="closed", patient_told_how="phone")
    with acting(practice.path, "nina", datetime(2026, 5, 1, 10)) as nurse:
        no_show = new_referral(nurse, practice)
    _on(practice, date(2026, 5, 1), no_show, to="sent")
    _on(practice, date(2026, 5, 4), no_show, to="accepted")
    _on(practice, date(2026, 5, 4), no_show, to="scheduled", appointment_on="2026-05-21")
    _on(practice, date(2026, 5, 21), no_show, to="no_show")


def test_report_matches_the_hand_built_data_set(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    practice = build(vault_path)
    _hand_built(practice)
    argv = ["report", "referrals", "--from", "2026-01-01", "--to", "2026-12-31"]
    code, out, err = run(
        monkeypatch,
        capsys,
        [*argv, "--vault", str(vault_path), "--user", "nina", "--password-stdin"],
        NURSE_PASSWORD,
    )
    assert code == 0, err
    overall = json.loads(out)["overall"]
    assert {k: v for k, v in overall.items() if k != "open_overdue_by_state"} == {
        "referrals": 3,
        "cms50_denominator": 2,
        "cms50_numerator": 1,
        "loop_closure_rate": 0.5,
        "median_days_sent_to_appointment": 15.0,  # 10 and 20 days
        "median_days_appointment_to_report": 7.0,
        "no_show_rate": 0.5,
        "decline_rate": 0.3333,
    }
    # the no-show's outreach was due 2 business days after 21 May 2026: overdue by today
    assert overall["open_overdue_by_state"] == {"no_show": 1}


def test_an_inverted_period_is_a_plain_error(
    practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", "referrals", "--from", "2026-12-31", "--to", "2026-01-01", "--vault", str(practice)]
    code, _out, err = run(monkeypatch, capsys, [*argv, "--user", "nina", "--password-stdin"], NURSE_PASSWORD)
    assert code == 2 and "ends before it starts" in err
