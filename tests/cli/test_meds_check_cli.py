"""`carecoord meds check FILE`: the engine on the 16 Synthea R4 bundles against their MANIFEST (every listed
interacting pair found, none where none is listed), and the refusals, without a vault."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from carecoord_desktop.interop.drug_data import load_interactions
from tests.cli.helpers import run
from tests.sample_data import shared_data


def _manifest() -> list[dict[str, str]]:
    with shared_data("synthea-r4", "MANIFEST.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _rows() -> list[Any]:
    try:
        rows = _manifest()
    except pytest.skip.Exception:
        return [pytest.param(None, marks=pytest.mark.skip(reason="no shared data folder"))]
    return [pytest.param(row, id=row["name"]) for row in rows]


def _members(side: str) -> set[str]:
    """A MANIFEST class name as ingredients: "nsaid" is the table's NSAID class (aspirin not counted)."""
    if side == "nsaid":
        rule = next(r for r in load_interactions().rules if r.b.id == "nsaids")
        return set(rule.b.members)
    return {side}


@pytest.mark.parametrize("row", _rows())
def test_every_sample_bundle_gets_the_manifest_answer(
    row: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shared_data("synthea-r4", row["file"])
    code, out, err = run(monkeypatch, capsys, ["meds", "check", str(path)])
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert set(result) == {"patient", "medications", "unread", "findings"}
    assert result["patient"] == {"id": row["patient_id"], "name": row["name"]}
    expected_codes = {
        item.split(":", 1)[0] for item in row["active_rxnorm (code:display)"].split(" | ") if item
    }
    assert {m["rxnorm"] for m in result["medications"]} == expected_codes
    assert all(m["ingredients"] for m in result["medications"]), "every sample medicine is coded"
    assert all(
        i == i.lower() and not i.endswith((" sodium", " hydrochloride"))
        for m in result["medications"]
        for i in m["ingredients"]
    )
    assert result["unread"] == []
    interactions = [f for f in result["findings"] if f["type"] == "interaction"]
    listed = [pair.split("+") for pair in row["coactive_interaction_classes"].split(";") if pair]
    for first, second in listed:
        assert any(
            (set(f["ingredients"][:1]) <= _members(first) and set(f["ingredients"][1:]) <= _members(second))
            or (
                set(f["ingredients"][:1]) <= _members(second) and set(f["ingredients"][1:]) <= _members(first)
            )
            for f in interactions
        ), f"{first}+{second} not found in {interactions}"
    assert len(interactions) == len(listed), "no interaction beyond the ones the MANIFEST lists"
    for finding in result["findings"]:
        assert finding["explanation"].endswith(".") and finding["ingredients"]
        assert (finding["source"] is not None) == (finding["type"] == "interaction")


def _write(tmp_path: Path, data: object, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _request(rid: str, code: str, display: str, status: str = "active", **extra: Any) -> dict[str, Any]:
    return {
        "resource": {
            "resourceType": "MedicationRequest",
            "id": rid,
            "status": status,
            "intent": "order",
            "subject": {"reference": "Patient/p1"},
            "medicationCodeableConcept": {
                "coding": [
                    {
                        "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                        "code": code,
                        "display": display,
                    }
                ]
            },
            **extra,
        }
    }


def test_a_hand_made_bundle_names_what_it_could_not_read_and_counts_only_active_medicines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Patient",
                    "id": "p1",
                    "name": [{"given": ["Ada"], "family": "Reyes"}],
                }
            },
            _request("m1", "855332", "Warfarin Sodium 5 MG Oral Tablet"),
            _request("m2", "198014", "Naproxen 500 MG Oral Tablet", status="stopped"),
            _request("m3", "309362", "Clopidogrel 75 MG Oral Tablet", status="on-hold"),
            {
                "resource": {
                    "resourceType": "MedicationRequest",
                    "id": "m4",
                    "status": "active",
                    "intent": "order",
                    "subject": {"reference": "Patient/p1"},
                    "medicationCodeableConcept": {"text": 42},
                }
            },
            {
                "resource": {
                    "resourceType": "MedicationRequest",
                    "id": "m5",
                    "status": "active",
                    "intent": "order",
                    "subject": {"reference": "Patient/p1"},
                    "medicationReference": {"reference": "Medication/x"},
                }
            },
            _request(
                "m6",
                "999999",
                "Lisinopril 10 MG Oral Tablet",
                dosageInstruction=[
                    {
                        "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
                        "route": {"text": "oral"},
                    }
                ],
            ),
            {
                "resource": {
                    "resourceType": "AllergyIntolerance",
                    "id": "a1",
                    "patient": {"reference": "Patient/p1"},
                    "code": {"text": "Allergy to warfarin"},
                }
            },
        ],
    }
    code, out, _ = run(monkeypatch, capsys, ["meds", "check", str(_write(tmp_path, bundle))])
    result = json.loads(out)
    assert code == 0
    assert result["patient"] == {"id": "p1", "name": "Ada Reyes"}
    assert result["medications"] == [
        {"display": "Warfarin Sodium 5 MG Oral Tablet", "rxnorm": "855332", "ingredients": ["warfarin"]},
        {"display": "Lisinopril 10 MG Oral Tablet", "rxnorm": "999999", "ingredients": ["lisinopril"]},
    ]
    unread = {u["entry"]: u["why"] for u in result["unread"]}
    assert set(unread) == {"MedicationRequest m4", "MedicationRequest m5"}
    assert unread["MedicationRequest m4"].startswith("not a valid R4 MedicationRequest")
    assert "names no medicine" in unread["MedicationRequest m5"]
    assert [(f["type"], f["ingredients"]) for f in result["findings"]] == [("allergy", ["warfarin"])]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "is not a JSON file, so not a FHIR Bundle."),
        ('{"hello": 1}', "is not a FHIR resource (it has no resourceType)."),
        ('{"resourceType": "Patient", "id": "p"}', "is a FHIR Patient, not a FHIR Bundle."),
        (
            '{"resourceType": "MedicationStatement", "status": "active"}',
            "is a FHIR MedicationStatement, not a FHIR Bundle.",
        ),
        ('{"resourceType": "Bundle", "type": "collection", "entry": 5}', "its entries are not a list."),
        (
            '{"resourceType": "Bundle", "type": "collection", "total": "many"}',
            "is not a readable FHIR R4 Bundle (total",
        ),
    ],
)
def test_a_file_that_is_not_a_readable_bundle_exits_2_with_one_line(
    content: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "export.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(monkeypatch, capsys, ["meds", "check", str(path)])
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("carecoord: export.json ") and message in err


def test_a_missing_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(monkeypatch, capsys, ["meds", "check", str(tmp_path / "nope.json")])
    assert (code, out) == (2, "")
    assert "nope.json could not be opened" in err
