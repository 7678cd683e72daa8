"""Referral metrics on a hand-built data set whose answers were worked out by hand (in the comments)."""

from __future__ import annotations

from datetime import date

from carecoord_desktop.domain.referral_metrics import ReferralFacts, report
from carecoord_desktop.domain.referrals import ReferralState

S = ReferralState
D = date


def facts() -> list[ReferralFacts]:
    return [
        # patient 1's first referral: the loop closed (sent->appointment 10 days, visit->report 7 days)
        ReferralFacts(1, 1, "Cardiology", "Nina", S.CLOSED, D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 13),
                      D(2026, 3, 13), D(2026, 3, 20), None,
                      frozenset({S.SENT, S.ACCEPTED, S.SCHEDULED, S.SEEN, S.REPORT_RECEIVED, S.REVIEWED, S.CLOSED})),
        # patient 1's second referral (not counted by CMS50): a no-show, overdue (20 days to appointment)
        ReferralFacts(2, 1, "Cardiology", "Nina", S.NO_SHOW, D(2026, 5, 1), D(2026, 5, 1), D(2026, 5, 21),
                      None, None, D(2026, 5, 26), frozenset({S.SENT, S.ACCEPTED, S.SCHEDULED, S.NO_SHOW})),
        # patient 2: declined by the specialist, no coordinator
        ReferralFacts(3, 2, "Dermatology", "", S.DECLINED, D(2026, 6, 10), D(2026, 6, 10),
                      entered=frozenset({S.SENT, S.DECLINED})),
        # patient 3: made after 31 October, so outside CMS50; report in, review overdue (4 and 6 days)
        ReferralFacts(4, 3, "Dermatology", "Nina", S.REPORT_RECEIVED, D(2026, 11, 5), D(2026, 11, 6),
                      D(2026, 11, 10), D(2026, 11, 10), D(2026, 11, 16), D(2026, 11, 19),
                      frozenset({S.SENT, S.ACCEPTED, S.SCHEDULED, S.SEEN, S.REPORT_RECEIVED})),
        # patient 4: sent, no response, overdue
        ReferralFacts(5, 4, "Cardiology", "Nina", S.SENT, D(2026, 9, 1), D(2026, 9, 2), next_action_due=D(2026, 9, 9),
                      entered=frozenset({S.SENT})),
    ]  # fmt: skip


def test_overall_figures() -> None:
    overall = report(facts(), D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 10))["overall"]
    assert overall == {
        "referrals": 5,
        "cms50_denominator": 3,  # first referral per patient made by 31 October: 1, 3, 5
        "cms50_numerator": 1,  # only referral 1 has its report
        "loop_closure_rate": 0.3333,
        "median_days_sent_to_appointment": 10.0,  # 10, 20, 4
        "median_days_appointment_to_report": 6.5,  # 7, 6
        "no_show_rate": 0.3333,  # 1 of 3 scheduled
        "decline_rate": 0.2,  # 1 of 5 sent
        "open_overdue_by_state": {"no_show": 1, "report_received": 1, "sent": 1},
    }


def test_per_specialty_coordinator_and_month() -> None:
    result = report(facts(), D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 10))
    assert set(result["by_specialty"]) == {"Cardiology", "Dermatology"}
    cardiology = result["by_specialty"]["Cardiology"]
    assert (cardiology["referrals"], cardiology["cms50_denominator"], cardiology["loop_closure_rate"]) == (
        3,
        2,
        0.5,
    )
    assert result["by_specialty"]["Dermatology"]["decline_rate"] == 0.5
    assert {k: v["referrals"] for k, v in result["by_coordinator"].items()} == {"(none)": 1, "Nina": 4}
    assert list(result["by_month"]) == ["2026-03", "2026-05", "2026-06", "2026-09", "2026-11"]


def test_a_period_counts_only_its_referrals_and_reports_up_to_its_end() -> None:
    result = report(facts(), D(2026, 3, 1), D(2026, 3, 15), D(2026, 12, 10))["overall"]
    # referral 1's report came on 20 March, after the period: not yet a closed loop
    assert (result["referrals"], result["cms50_numerator"], result["loop_closure_rate"]) == (1, 0, 0.0)
