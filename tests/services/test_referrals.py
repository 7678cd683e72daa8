"""Referrals through the services: stamps, audit, roles, outreach and contact preferences, worklist."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.referrals import ReferralState, TransitionRequest
from carecoord_desktop.services import audit_trail, due_items, referral_worklist, referrals
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.referral_worklist import WorklistFilter, WorklistQuery
from carecoord_desktop.services.session import Session
from tests.referral_practice import TODAY, ReferralPractice, acting, build, new_referral

S = ReferralState
ALL = WorklistFilter()


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _actions(path: Path, action: str) -> list[tuple[str, str, str]]:
    with acting(path, "admin") as admin:
        entries = audit_trail.search(admin, AuditFilter(action=action))
    return [(e.username, e.outcome, e.subject) for e in entries]


def test_transition_is_stamped_from_session_and_clock_and_audited(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    with acting(practice.path, "nina", datetime(2026, 11, 19, 9, 0)) as nurse:
        referrals.transition(nurse, rid, TransitionRequest(to=S.SENT, note="Faxed 3 pages"))
        view = referral_worklist.open_referral(nurse, rid)
    sent = view.events[-1]
    assert (sent["from_state"], sent["to_state"], sent["note"]) == ("draft", "sent", "Faxed 3 pages")
    assert sent["by_name"] == "Nina Okafor" and sent["at"] == datetime(
        2026, 11, 19, 14, 0, tzinfo=UTC
    )  # 9:00 NY
    assert view.row["sent_on"] == date(2026, 11, 19)
    # sent, routine: a response is due in 5 business days (Thanksgiving, Thu 26 Nov, skipped)
    assert view.row["next_action_due"] == date(2026, 11, 27)
    assert ("nina", "ok", f"referral:{rid}") in _actions(practice.path, "referral.transition")


def test_illegal_move_is_refused_audited_and_changes_nothing(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        with pytest.raises(ValidationFailed) as refused:
            referrals.transition(nurse, rid, TransitionRequest(to=S.SEEN))
        assert "Allowed from here: sent, cancelled" in refused.value.message
        assert referral_worklist.open_referral(nurse, rid).state is S.DRAFT
    assert ("nina", "failed", f"referral:{rid}") in _actions(practice.path, "referral.transition")


def _walk_to(session: Session, rid: int, *targets: ReferralState) -> None:
    extra: dict[ReferralState, dict[str, object]] = {
        S.SCHEDULED: {"appointment_on": date(2026, 12, 2)},
        S.REPORT_RECEIVED: {"report_summary": "Rate controlled; continue"},
        S.CLOSED: {"patient_told_how": "phone"},
    }
    for target in targets:
        referrals.transition(
            session, rid, TransitionRequest.model_validate({"to": target, **extra.get(target, {})})
        )


def test_front_desk_does_logistics_but_not_review_and_never_sees_clinical_detail(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    with acting(practice.path, "fred") as front:
        _walk_to(front, rid, S.SENT, S.ACCEPTED, S.SCHEDULED, S.SEEN)
        with pytest.raises(PermissionDenied):
            referrals.transition(front, rid, TransitionRequest(to=S.REPORT_RECEIVED, report_summary="x"))
        with pytest.raises(PermissionDenied):
            referrals.create_referral(front, {"patient_id": practice.patient_ids[0]})
    with acting(practice.path, "nina") as nurse:
        _walk_to(nurse, rid, S.REPORT_RECEIVED)
    with acting(practice.path, "fred") as front:
        with pytest.raises(PermissionDenied):
            referrals.transition(front, rid, TransitionRequest(to=S.REVIEWED))
        seen_by_front = referral_worklist.open_referral(front, rid)
    assert seen_by_front.row["reason"] == "Palpitations"
    assert seen_by_front.clinical_question == "" and seen_by_front.report_summary == ""
    assert seen_by_front.clinical_info.problems == ()
    assert S.REVIEWED not in seen_by_front.moves
    with acting(practice.path, "priya") as provider:
        seen_by_provider = referral_worklist.open_referral(provider, rid)
        assert "metoprolol" in seen_by_provider.clinical_question
        assert seen_by_provider.report_summary.startswith("Rate")
        _walk_to(provider, rid, S.REVIEWED, S.CLOSED)
        assert referral_worklist.open_referral(provider, rid).row["is_open"] is False
    assert ("fred", "refused", f"referral:{rid}") in _actions(practice.path, "referral.transition")


def test_the_referring_provider_must_be_a_provider(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        with pytest.raises(ValidationFailed) as refused:
            new_referral(nurse, practice, referring_provider_id=practice.staff_ids["Fred"])
        assert "referring_provider_id" in refused.value.field_errors
        with pytest.raises(ValidationFailed) as missing:
            new_referral(nurse, practice, patient_id=None)
        assert list(missing.value.field_errors) == ["patient_id"]
        assert referral_worklist.worklist_groups(nurse, ALL) == {}


def test_decline_needs_a_reason_and_offers_reroute(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        _walk_to(nurse, rid, S.SENT)
        with pytest.raises(ValidationFailed) as refused:
            referrals.transition(nurse, rid, TransitionRequest(to=S.DECLINED))
        assert "reason" in refused.value.field_errors
        referrals.transition(nurse, rid, TransitionRequest(to=S.DECLINED, reason="Not taking new patients"))
        with pytest.raises(ValidationFailed):
            referrals.reroute(nurse, rid, practice.directory_ids[0])
        new_id = referrals.reroute(nurse, rid, practice.directory_ids[1])
        rerouted = referral_worklist.open_referral(nurse, new_id)
    assert rerouted.state is S.DRAFT and rerouted.directory_name == "Beacon Heart Center"
    assert rerouted.row["rerouted_from"] == rid and "metoprolol" in rerouted.clinical_question


def test_outreach_honours_preferences_and_suggests_lost_after_three_failures(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    with acting(practice.path, "fred") as front:
        _walk_to(front, rid, S.SENT, S.ACCEPTED, S.SCHEDULED, S.NO_SHOW)
        with pytest.raises(ValidationFailed) as refused:
            referrals.log_outreach(
                front, rid, {"target": "patient", "channel": "text", "outcome": "left_message"}
            )
        assert "preferences" in refused.value.message
        attempt = {
            "target": "patient",
            "channel": "phone",
            "outcome": "no_answer",
            "next_try_on": "2026-11-19",
        }
        assert [referrals.log_outreach(front, rid, attempt) for _ in range(3)] == [1, 2, 3]
        referrals.log_outreach(front, rid, {"target": "specialist", "channel": "fax", "outcome": "sent"})
    with acting(practice.path, "nina") as nurse:
        view = referral_worklist.open_referral(nurse, rid)
    assert view.suggest_lost and len(view.outreach) == 4
    assert view.row["failed_patient_attempts"] == 3  # the fax to the specialist is not a patient attempt


def test_bulk_send_is_one_audited_transition_per_row(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        drafts = [new_referral(nurse, practice) for _ in range(3)]
        _walk_to(nurse, drafts[2], S.SENT)
        result = referrals.bulk_transition(nurse, drafts, TransitionRequest(to=S.SENT, note="Fax batch"))
    assert result.done == tuple(drafts[:2]) and list(result.refused) == [drafts[2]]
    outcomes = [a[1] for a in _actions(practice.path, "referral.transition")]
    assert sorted(outcomes) == ["failed", "ok", "ok", "ok"]


def test_worklist_puts_overdue_first_then_groups_by_state(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina", datetime(2026, 11, 2, 9, 0)) as earlier:
        overdue = new_referral(earlier, practice)
        _walk_to(earlier, overdue, S.SENT)  # a response was due 9 Nov
    with acting(practice.path, "nina") as nurse:
        draft = new_referral(nurse, practice, patient_id=practice.patient_ids[1], specialty="Dermatology")
        sent = new_referral(nurse, practice, urgency="urgent")
        _walk_to(nurse, sent, S.SENT)

        def ids(flt: WorklistFilter = ALL, **query: object) -> list[int]:
            return [r.id for r in referral_worklist.worklist_page(nurse, WorklistQuery(flt, **query))]  # type: ignore[arg-type]

        rows = referral_worklist.worklist_page(nurse, WorklistQuery())
        assert [r.id for r in rows] == [overdue, draft, sent]
        assert [referral_worklist.group_title(r.group) for r in rows] == [
            "Overdue or due today",
            "Draft",
            "Sent",
        ]
        assert referral_worklist.worklist_groups(nurse, WorklistFilter()) == {0: 1, 1: 1, 2: 1}
        assert ids(WorklistFilter(overdue_only=True)) == [overdue]
        assert ids(WorklistFilter(urgencies=("urgent", "stat"))) == [sent]
        assert ids(WorklistFilter(specialty="Dermatology")) == [draft]
        assert ids(sort="patient", descending=True) == [overdue, draft, sent]  # sorted within groups
        assert ids(WorklistFilter(coordinator_id=nurse.user.id, referred_from=TODAY, referred_to=TODAY)) == [
            sent
        ]


def test_an_open_referral_is_the_patients_next_due_item_until_it_ends(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        patient_id = int(referral_worklist.open_referral(nurse, rid).row["patient_id"])
    with acting(practice.path, "nina", datetime(2026, 11, 19, 9, 0)) as nurse:
        referrals.transition(nurse, rid, TransitionRequest(to=S.SENT))
        due = [i for i in due_items.open_items(nurse, patient_id) if i.item.source_table == "referrals"]
        assert [(i.item.source_id, i.item.due_on, i.overdue) for i in due] == [
            (rid, date(2026, 11, 27), False)
        ]
        referrals.transition(nurse, rid, TransitionRequest(to=S.CANCELLED, reason="Seen elsewhere"))
        assert not [i for i in due_items.open_items(nurse, patient_id) if i.item.source_table == "referrals"]


def test_a_referral_entered_in_error_is_kept_with_its_reason_and_leaves_every_list(
    practice: ReferralPractice,
) -> None:
    patient_id = practice.patient_ids[0]
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        keep = new_referral(nurse, practice)
        with pytest.raises(ValidationFailed, match="Say why this referral was entered in error"):
            referrals.mark_entered_in_error(nurse, rid, "  ")
        referrals.mark_entered_in_error(nurse, rid, "Made for the wrong patient")
        rows = referral_worklist.worklist_page(nurse, WorklistQuery(WorklistFilter(include_closed=True)))
        assert [r.id for r in rows if r.id is not None] == [keep]
        assert [r.id for r in referral_worklist.patient_referrals(nurse, patient_id)] == [keep]
        due = [i.item.source_id for i in due_items.open_items(nurse, patient_id)]
        assert rid not in due and keep in due
        view = referral_worklist.open_referral(nurse, rid)  # still there, as a record
        assert view.entered_in_error and view.moves == ()
        last = view.events[-1]
        assert (last["reason"], last["note"], last["by_name"]) == (
            "Made for the wrong patient",
            referrals.ERROR_NOTE,
            "Nina Okafor",
        )
        with pytest.raises(ValidationFailed, match="entered in error"):
            referrals.transition(nurse, rid, TransitionRequest(to=S.SENT))
        with pytest.raises(ValidationFailed, match="entered in error"):
            referrals.mark_entered_in_error(nurse, rid, "Twice")
    with acting(practice.path, "fred") as front, pytest.raises(PermissionDenied):
        referrals.mark_entered_in_error(front, keep, "Not mine to say")
    assert ("nina", "ok", f"referral:{rid}") in _actions(practice.path, "referral.entered_in_error")
    assert ("fred", "refused", f"referral:{keep}") in _actions(practice.path, "referral.entered_in_error")
