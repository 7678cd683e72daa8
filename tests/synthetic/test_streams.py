"""One random stream per feature: a feature added to the demo later leaves every existing patient as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from carecoord_desktop.domain.clinical_summary import Allergy, CareTeamMember
from carecoord_desktop.domain.patients import Patient
from carecoord_desktop.synthetic import data
from carecoord_desktop.synthetic.practice import PracticeGenerator, SyntheticStaff, generate_patients
from carecoord_desktop.synthetic.streams import feature_random

AS_OF = date(2026, 1, 15)
STAFF = SyntheticStaff(pcp_ids=(11, 12, 13), coordinator_ids=(21, 22))
SEED = 4242
PANEL_SIZE = 400


def identity(patient: Patient) -> tuple[object, ...]:
    return (patient.mrn, patient.given_name, patient.family_name, patient.date_of_birth, patient.sex_at_birth)


def dumps(patients: list[Patient]) -> list[dict[str, object]]:
    return [patient.model_dump(mode="json") for patient in patients]


class WithMedications(PracticeGenerator):
    """What adding medications to the demo looks like: a new block, with its own stream, between existing ones."""

    def __init__(self, seed: int, staff: SyntheticStaff, as_of: date) -> None:
        super().__init__(seed, staff, as_of)
        self.index = 0
        self.medications: list[list[str]] = []

    def patient(self, index: int) -> Patient:
        self.index = index
        return super().patient(index)

    def care_team(
        self,
        age: int,
        chronic: list[data.ChronicCondition],
        pcp_id: int | None,
        coordinator_id: int | None,
        town: data.Town,
    ) -> tuple[CareTeamMember, ...]:
        team = super().care_team(age, chronic, pcp_id, coordinator_id, town)
        # The end of the clinical block: the new feature draws a varying amount from its own stream.
        self.use("medications", self.index)
        count = int(self.rng.random() * 9)
        self.medications.append([self.pick(data.ALLERGENS).substance for _ in range(count)])
        return team


class AllergiesDrawMore(PracticeGenerator):
    """One feature changes how much it draws (as the allergy move to its own table may): only it changes."""

    def allergies(self) -> tuple[tuple[Allergy, ...], bool]:
        for _ in range(17):
            self.rng.random()
        return super().allergies()


def test_an_added_feature_stream_changes_no_existing_patient() -> None:
    plain = list(generate_patients(PANEL_SIZE, SEED, STAFF, as_of=AS_OF))
    extended = WithMedications(SEED, STAFF, AS_OF)
    with_medications = list(extended.patients(PANEL_SIZE))

    assert [identity(p) for p in with_medications] == [identity(p) for p in plain]
    assert dumps(with_medications) == dumps(plain)
    # The new stream really drew, differently per patient.
    assert len(extended.medications) == PANEL_SIZE
    assert len({len(found) for found in extended.medications}) > 5
    assert len({tuple(found) for found in extended.medications}) > PANEL_SIZE / 2


def test_a_feature_drawing_more_changes_only_that_feature() -> None:
    plain = list(generate_patients(PANEL_SIZE, SEED, STAFF, as_of=AS_OF))
    changed = list(AllergiesDrawMore(SEED, STAFF, AS_OF).patients(PANEL_SIZE))

    def without_allergies(patient: Patient) -> dict[str, object]:
        dump = patient.model_dump(mode="json")
        clinical = dict(dump.pop("clinical"))
        del clinical["allergies"], clinical["no_known_allergies"]
        return {**dump, "clinical": clinical}

    assert [without_allergies(p) for p in changed] == [without_allergies(p) for p in plain]
    assert [p.clinical.allergies for p in changed] != [p.clinical.allergies for p in plain]


def test_streams_differ_by_seed_feature_and_patient() -> None:
    def first_draws(seed: int, feature: str, index: int | None) -> list[float]:
        stream = feature_random(seed, feature, index)
        return [stream.random() for _ in range(4)]

    keys = [
        (1, "identity", 0),
        (1, "identity", 1),
        (1, "clinical", 0),
        (2, "identity", 0),
        (1, "identity", None),
        (11, "identity", 1),  # "11/identity/1" must not meet "1/identity/11"
        (1, "identity", 11),
    ]
    draws = [first_draws(*key) for key in keys]
    assert len({tuple(d) for d in draws}) == len(keys)
    assert first_draws(1, "identity", 0) == draws[0]
    with pytest.raises(ValueError, match="plain name"):
        feature_random(1, "identity/1")  # would be the stream of ("identity", 1)


def test_the_same_seed_makes_the_same_practice_in_another_process() -> None:
    """Not tied to Python's per-process hash salt: the demo is the same on every machine and every run."""
    script = (
        "import json, sys; from datetime import date; "
        "from carecoord_desktop.synthetic.practice import SyntheticStaff, generate_patients; "
        "staff = SyntheticStaff(pcp_ids=(11, 12, 13), coordinator_ids=(21, 22)); "
        f"patients = generate_patients(20, {SEED}, staff, as_of=date(2026, 1, 15)); "
        "json.dump([p.model_dump(mode='json') for p in patients], sys.stdout)"
    )
    other_salt = "54321" if os.environ.get("PYTHONHASHSEED") == "12345" else "12345"
    env = {**os.environ, "PYTHONHASHSEED": other_salt}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == dumps(list(generate_patients(20, SEED, STAFF, as_of=AS_OF)))
