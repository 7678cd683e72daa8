"""Patients through the services: search, panel, chart, edits with history, role limits, duplicates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.patients import normalize_for_search
from carecoord_desktop.services import audit_trail, auth, patients, synthetic_practice
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage.keys import set_default_kdf
from tests.conftest import TEST_KDF, make_practice, sign_in

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def filled_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A practice with 600 synthetic patients, made once for this module (copied per test when written to)."""
    previous = set_default_kdf(TEST_KDF)  # a module fixture runs outside the per-test cheap_kdf fixture
    path = tmp_path_factory.mktemp("filled") / "filled.ccvault"
    session = make_practice(path, "Filled", synthetic=True)
    synthetic_practice.fill(session, 600, seed=11, as_of=TODAY)
    auth.sign_out(session)
    set_default_kdf(previous)
    return path


@pytest.fixture
def vault(filled_vault: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / filled_vault.name
    shutil.copy2(filled_vault, target)
    shutil.copy2(filled_vault.with_name(filled_vault.name + ".keys"), target.with_name(target.name + ".keys"))
    return target


@pytest.fixture
def nurse(vault: Path) -> Iterator[Session]:
    session = sign_in(vault, "nina")
    yield session
    auth.sign_out(session)


def _first_rows(session: Session, count: int = 40) -> list[patients.PanelRow]:
    return patients.panel_page(session, PanelQuery(PanelFilter()), limit=count)


def test_search_by_name_any_order_prefix_and_accents(nurse: Session) -> None:
    rows = _first_rows(nurse, 200)
    accented = next(r for r in rows if normalize_for_search(r.family_name) != r.family_name.casefold())
    target = next(r for r in rows if r.family_name.isascii() and r.given_name.isascii())
    for query in (
        f"{target.given_name} {target.family_name}",
        f"{target.family_name} {target.given_name}",
        f"{target.family_name[:3]} {target.given_name[:2]}",
        f"{target.given_name.upper()[:4]} {target.family_name.lower()[:4]}",
    ):
        found = patients.search_patients(nurse, query)
        assert target.id in [r.id for r in found[:10]], query
    plain = normalize_for_search(accented.family_name)
    assert accented.id in [r.id for r in patients.search_patients(nurse, f"{plain} {accented.given_name}")]


def test_exact_family_match_ranks_before_prefix_matches(nurse: Session) -> None:
    rows = _first_rows(nurse, 600)
    target = next(r for r in rows if r.family_name.isascii() and len(r.family_name) >= 4)
    found = patients.search_patients(nurse, target.family_name)
    assert found, "the family name must be found"
    assert normalize_for_search(found[0].family_name) == normalize_for_search(target.family_name)


def test_search_by_preferred_name(nurse: Session) -> None:
    rows = _first_rows(nurse, 600)
    target = next(r for r in rows if r.preferred_name and r.preferred_name.isascii())
    found = patients.search_patients(nurse, f"{target.preferred_name} {target.family_name}")
    assert target.id in [r.id for r in found]


def test_search_by_mrn_dob_and_phone(nurse: Session) -> None:
    target = next(r for r in _first_rows(nurse, 100) if r.phone)
    assert patients.search_patients(nurse, target.mrn)[0].id == target.id
    assert target.id in [r.id for r in patients.search_patients(nurse, target.mrn[:5])]
    born = target.date_of_birth
    for text in (
        born.strftime("%m/%d/%Y"),
        f"{born.month}/{born.day}/{born.strftime('%y')}",
        born.isoformat(),
    ):
        if len(text) == 8 and born.year < 1927:  # a two-digit year means the last 100 years
            continue
        assert target.id in [r.id for r in patients.search_patients(nurse, text, today=TODAY)], text
    national = target.phone[2:]
    assert target.id in [r.id for r in patients.search_patients(nurse, national[-4:])]
    pretty = f"({national[:3]}) {national[3:6]}-{national[6:]}"
    assert patients.search_patients(nurse, pretty)[0].phone == target.phone


def test_one_letter_search_lists_family_names_in_order(nurse: Session) -> None:
    found = patients.search_patients(nurse, "m")
    families = [
        normalize_for_search(r.family_name)
        for r in found
        if normalize_for_search(r.family_name).startswith("m")
    ]
    assert len(families) >= 5
    assert families == sorted(families)


def test_panel_sorts_and_filters_in_sql(nurse: Session) -> None:
    by_dob = patients.panel_page(nurse, PanelQuery(PanelFilter(), sort="date_of_birth"), limit=50)
    assert [r.date_of_birth for r in by_dob] == sorted(r.date_of_birth for r in by_dob)
    newest = patients.panel_page(
        nurse, PanelQuery(PanelFilter(), sort="date_of_birth", descending=True), limit=1
    )
    assert newest[0].date_of_birth >= by_dob[-1].date_of_birth
    high = patients.panel_page(nurse, PanelQuery(PanelFilter(risk_tiers=("high", "complex"))), limit=500)
    assert high and all(r.risk_tier in ("high", "complex") for r in high)
    assert patients.panel_count(nurse, PanelFilter(risk_tiers=("high", "complex"))) == len(high)
    mine = patients.default_panel_filter(nurse)
    assert mine.coordinator_id == nurse.user.id
    assert all(
        r.coordinator_name == "Nina Okafor" for r in patients.panel_page(nurse, PanelQuery(mine), limit=100)
    )
    ccm = patients.panel_page(nurse, PanelQuery(PanelFilter(program="ccm")), limit=500)
    assert ccm and all("CCM" in r.programs for r in ccm)
    older = patients.panel_page(nurse, PanelQuery(PanelFilter(born_before=date(1950, 1, 1))), limit=500)
    assert older and all(r.date_of_birth <= date(1950, 1, 1) for r in older)


def test_condition_filter(nurse: Session) -> None:
    rows = patients.panel_page(nurse, PanelQuery(PanelFilter(condition="hypertension")), limit=500)
    assert rows
    chart = patients.open_chart(nurse, rows[0].id)
    assert any("hypertension" in p.text.lower() for p in chart.patient.clinical.problems)


def test_chart_open_is_audited_and_front_desk_sees_no_clinical_detail(vault: Path) -> None:
    nurse = sign_in(vault, "nina")
    row = next(
        r for r in _first_rows(nurse, 200) if patients.open_chart(nurse, r.id).patient.clinical.problems
    )
    auth.sign_out(nurse)
    fred = sign_in(vault, "fred")
    chart = patients.open_chart(fred, row.id)
    assert not chart.clinical_visible and chart.patient.clinical.problems == ()
    assert chart.patient.clinical.allergies == () and chart.patient.clinical.risk_tier is None
    with pytest.raises(PermissionDenied, match="clinical"):
        patients.update_patient(fred, row.id, {"clinical": {"problems": []}})
    auth.sign_out(fred)
    admin = sign_in(vault, "admin")
    opened = audit_trail.search(admin, AuditFilter(action="chart.open", patient_id=row.id))
    refused = audit_trail.search(admin, AuditFilter(username="fred", outcome="refused"))
    auth.sign_out(admin)
    assert {e.username for e in opened} >= {"nina", "fred"}
    assert refused and refused[0].action == "patient.edit" and refused[0].patient_id == row.id


def test_front_desk_panel_hides_and_refuses_clinical_facts(vault: Path) -> None:
    fred = sign_in(vault, "fred")
    rows = patients.panel_page(fred, PanelQuery(PanelFilter()), limit=200)
    assert rows and all(r.risk_tier is None for r in rows)
    assert all(r.risk_tier is None for r in patients.search_patients(fred, rows[0].family_name))
    for query in (
        PanelQuery(PanelFilter(risk_tiers=("high",))),
        PanelQuery(PanelFilter(condition="diab")),
        PanelQuery(PanelFilter(), sort="risk_tier"),
    ):
        with pytest.raises(PermissionDenied, match="clinical"):
            patients.panel_page(fred, query)
    auth.sign_out(fred)


def test_admin_has_no_patient_access(vault: Path) -> None:
    admin = sign_in(vault, "admin")
    with pytest.raises(PermissionDenied):
        patients.search_patients(admin, "a")
    auth.sign_out(admin)


def test_edit_keeps_history_and_refuses_bad_input_without_saving(nurse: Session) -> None:
    row = _first_rows(nurse, 1)[0]
    before = patients.open_chart(nurse, row.id).patient
    with pytest.raises(ValidationFailed) as refused:
        patients.update_patient(nurse, row.id, {"phones": {"mobile": "555-12", "home": None, "work": None}})
    assert "phones.mobile" in refused.value.field_errors
    assert "area code" in refused.value.field_errors["phones.mobile"]
    assert patients.open_chart(nurse, row.id).patient == before  # nothing half-written
    chart = patients.update_patient(
        nurse,
        row.id,
        {"phones": {"mobile": "(617) 555-0142", "home": None, "work": None}, "pronouns": "they/them"},
    )
    assert chart.patient.phones.mobile == "+16175550142"
    entries = patients.history(nurse, row.id)
    newest = entries[0]
    assert newest.changed_by == "nina"
    changed = {c.path: (c.old, c.new) for c in newest.changes}
    assert changed["phones.mobile"][1] == "+16175550142"
    assert changed["pronouns"] == (before.pronouns, "they/them")
    assert entries[-1].changes == []  # the creation entry
    assert patients.search_patients(nurse, "0142")  # the phone index follows the edit


def test_new_patient_duplicates_are_shown_and_mrn_clash_refused(nurse: Session) -> None:
    row = _first_rows(nurse, 1)[0]
    existing = patients.open_chart(nurse, row.id).patient
    data = {
        "mrn": "NEW-0001",
        "given_name": existing.given_name,
        "family_name": existing.family_name,
        "date_of_birth": existing.date_of_birth.isoformat(),
        "sex_at_birth": "female",
    }
    _, duplicates = patients.check_new_patient(nurse, data)
    assert [d.row.id for d in duplicates] == [row.id]
    assert duplicates[0].reasons[0].value == "same_name_and_dob"
    with pytest.raises(ValidationFailed, match="may be the same person"):
        patients.add_patient(nurse, data)
    new_id = patients.add_patient(nurse, data, duplicates_reviewed=True)
    assert patients.open_chart(nurse, new_id).patient.mrn == "NEW-0001"
    with pytest.raises(ValidationFailed, match="already has MRN"):
        patients.add_patient(
            nurse, {**data, "given_name": "Someone", "family_name": "Else"}, duplicates_reviewed=True
        )


def test_saved_views_are_per_user(vault: Path) -> None:
    nina = sign_in(vault, "nina")
    patients.save_view(nina, "High risk", {"risk_tiers": ["high"]})
    assert patients.saved_views(nina) == {"High risk": {"risk_tiers": ["high"]}}
    auth.sign_out(nina)
    fred = sign_in(vault, "fred")
    assert patients.saved_views(fred) == {}
    auth.sign_out(fred)


def test_generation_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    admin_session = make_practice(tmp_path / "synthetic.ccvault", synthetic=True)
    synthetic_practice.fill(admin_session, 50, seed=3, as_of=TODAY)
    # The admin has no patient access; read the panel as a provider.
    from carecoord_desktop.domain.roles import Role
    from carecoord_desktop.services import staff

    staff.add_staff(
        admin_session,
        "doc",
        "Doc Tor",
        Role.PROVIDER,
        "amber forest 5512 kite",
        "amber forest 5512 kite",
        must_change_password=False,
    )
    path = admin_session.vault.path
    auth.sign_out(admin_session)
    doc = auth.sign_in(path, "doc", "amber forest 5512 kite")
    first = [(r.mrn, r.family_name, r.date_of_birth) for r in _first_rows(doc, 50)]
    auth.sign_out(doc)
    assert len(first) == 50
    from carecoord_desktop.synthetic.practice import SyntheticStaff, generate_patients

    again = sorted(
        (p.mrn, p.family_name, p.date_of_birth)
        for p in generate_patients(50, 3, SyntheticStaff(pcp_ids=(1,), coordinator_ids=(2,)), as_of=TODAY)
    )
    assert sorted(first) == again
