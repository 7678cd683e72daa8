"""`carecoord report referrals`: the metrics of referrals made through the services, as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import NURSE_PASSWORD
from tests.referral_practice import build, hand_built_year


def test_report_matches_the_hand_built_data_set(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    practice = build(vault_path)
    hand_built_year(practice)
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
