"""Care-gap proposals (domain.md 9, post-discharge and the referral loop): which gaps are proposed when,
accepting one makes its follow-up, dismissing one needs a reason, and neither is proposed again."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from carecoord_desktop.domain.care_gaps import GapRule
from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.followups import FollowUpState, Serves
from carecoord_desktop.domain.referrals import ReferralState, TransitionRequest
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import care_gaps, due_items, followups, referrals, transitions
from carecoord_desktop.services.session import Session
from tests.referral_practice import ReferralPractice, acting, build, new_referral

DISCHARGE = {
    "kind": "inpatient",
    "facility_name": "Mercy General Hospital",
    "admitted_on": "2026-11-09",
    "discharged_on": "2026-11-13",  # a Friday: contact due Tuesday 17th, visit by Friday 20th, med rec by 12/13
    "disposition": "home",
}


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _rules(session: Session) -> list[tuple[GapRule, int]]:
    return [(p.gap.key.rule, p.gap.patient_id) for p in care_gaps.proposals(session)]


def test_missed_tcm_work_is_proposed_from_the_day_after_its_deadline(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", datetime(2026, 11, 17, 9, 0)) as nurse:
        stay = transitions.record_stay(nurse, patient, DISCHARGE)
        assert _rules(nurse) == []  # the contact is due today, not missed yet
    with acting(practice.path, "nina", datetime(2026, 11, 18, 9, 0)) as nurse:
        (proposal,) = care_gaps.proposals(nurse)
        assert proposal.gap.key.rule is GapRule.TCM_CONTACT and proposal.mrn == "R-0001"
        assert proposal.gap.found == "No contact after discharge: due 11/17/2026 (discharged 11/13/2026)."
        assert (proposal.gap.proposal.owner_role, proposal.gap.proposal.serves_id) == (
            Role.NURSE_COORDINATOR,
            stay.id,
        )
    with acting(practice.path, "nina", datetime(2026, 11, 23, 9, 0)) as nurse:
        # the visit was due on the 20th, but its follow-up (planned at discharge) is still open: no visit gap
        assert _rules(nurse) == [(GapRule.TCM_CONTACT, patient)]
        (planned,) = followups.for_chart(nurse, patient).follow_ups
        followups.cancel(nurse, patient, planned.id, "Patient moved to another practice's care")
        assert sorted(_rules(nurse)) == [(GapRule.TCM_CONTACT, patient), (GapRule.TCM_VISIT, patient)]
    with acting(practice.path, "nina", datetime(2026, 12, 14, 9, 0)) as nurse:
        assert GapRule.MED_REC in {rule for rule, _ in _rules(nurse)}


def test_accepting_makes_the_follow_up_and_dismissing_needs_a_reason(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", datetime(2026, 11, 17, 9, 0)) as nurse:
        transitions.record_stay(nurse, patient, DISCHARGE)
    with acting(practice.path, "nina", datetime(2026, 12, 14, 9, 0)) as nurse:
        by_rule = {p.gap.key.rule: p.gap.key for p in care_gaps.proposals(nurse)}
        record = care_gaps.accept(nurse, by_rule[GapRule.MED_REC])
        assert (record.state, record.follow_up.reason, record.follow_up.serves) == (
            FollowUpState.OPEN,
            "Medication reconciliation after discharge",
            Serves.TRANSITION,
        )
        assert (record.follow_up.due_from, record.follow_up.due_to) == (
            date(2026, 12, 14),
            date(2026, 12, 21),
        )
        assert "follow_up" in {i.item.kind for i in due_items.open_items(nurse, patient)}
        with pytest.raises(ValidationFailed, match="Say why the gap is dismissed"):
            care_gaps.dismiss(nurse, by_rule[GapRule.TCM_CONTACT], " ")
        care_gaps.dismiss(nurse, by_rule[GapRule.TCM_CONTACT], "Reached by the hospital's nurse; documented")
        assert GapRule.MED_REC not in {r for r, _ in _rules(nurse)}
        assert GapRule.TCM_CONTACT not in {r for r, _ in _rules(nurse)}
        with pytest.raises(ValidationFailed, match="already decided"):
            care_gaps.accept(nurse, by_rule[GapRule.MED_REC])


def test_a_referral_waiting_for_its_report_past_due_is_a_loop_gap(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        referrals.transition(nurse, rid, TransitionRequest(to=ReferralState.SENT))
        assert _rules(nurse) == []
    with acting(practice.path, "nina", datetime(2026, 12, 7, 9, 0)) as nurse:
        (proposal,) = care_gaps.proposals(nurse)
        assert proposal.gap.key.rule is GapRule.REFERRAL_REPORT
        assert proposal.gap.proposal.reason == "Chase the Cardiology consult report"
        assert proposal.gap.found.startswith(
            "Consult report not received: Cardiology referral sent 11/18/2026"
        )


def test_front_desk_sees_no_gaps(practice: ReferralPractice) -> None:
    with acting(practice.path, "fred") as desk, pytest.raises(PermissionDenied):
        care_gaps.proposals(desk)
