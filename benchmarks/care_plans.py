"""The care plan part of `python -m benchmarks.documents`.

care_plan_ms: median wall time to check and build a patient's care plan (patient version: two conditions'
goals, interventions, education and warning signs) from its snapshot. batch_100_care_plans_s: wall time of
services.care_plan_batch.save_batch for 100 patients in a real vault (each plan prepared, the PDFs merged and
written, one disclosure recorded per patient), what a coordinator waits for behind the progress bar, and
batch_100_care_plans_cpu_s the same in this process's CPU time (the wall time includes waiting for a core).
"""

from __future__ import annotations

import time
from datetime import date

from benchmarks.bench_vault import nurse_session
from carecoord_desktop.documents.care_plan import CarePlanDocument, GoalLine, InterventionLine
from carecoord_desktop.documents.frame import FrameFacts
from carecoord_desktop.domain.disclosures import Purpose, Recipient
from carecoord_desktop.storage.care_plan_templates_repo import default_templates

BATCH = 100


def care_plan(frame: FrameFacts) -> CarePlanDocument:
    """Diabetes and heart failure together, as the templates write them."""
    texts = [t.text["en"] for t in default_templates() if t.key in ("diabetes", "heart_failure")]
    return CarePlanDocument(
        frame=frame,
        mrn="B-204811",
        title="Type 2 diabetes and Heart failure care plan",
        written_on=date(2026, 11, 20),
        written_by="Nina Okafor",
        practice_phone="(217) 555-0100",
        coordinator="Nina Okafor",
        problems=("Type 2 diabetes mellitus", "Heart failure with reduced ejection fraction"),
        expected_outcome=" ".join(t.expected_outcome or "" for t in texts),
        goals=tuple(
            GoalLine(description=g.description, measure=g.measure, target=g.target, due_on=date(2027, 5, 20))
            for t in texts
            for g in t.goals
        ),
        symptom_management=tuple(line for t in texts for line in t.symptom_management),
        interventions=tuple(
            InterventionLine(
                description=i.description, who_kind="staff", who="Nina Okafor", frequency=i.frequency
            )
            for t in texts
            for i in t.interventions
        ),
        education=tuple(line for t in texts for line in t.education),
        call_us_if=tuple(line for t in texts for line in t.call_us_if),
        call_911_if=tuple(line for t in texts for line in t.call_911_if),
        next_review_on=date(2027, 5, 20),
    )


def batch_seconds() -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds) of one batch of 100."""
    from carecoord_desktop.services import care_plan_batch, care_plans, patients

    with nurse_session("carecoord-bench-plans-") as (nurse, folder):
        ids = []
        for i in range(BATCH):
            patient_id = patients.add_patient(
                nurse,
                {
                    "mrn": f"B-{i:06d}",
                    "given_name": "Thị Ánh",
                    "family_name": f"Nguyễn-{chr(65 + i // 26)}{chr(97 + i % 26)}",
                    "date_of_birth": "1948-07-02",
                    "sex_at_birth": "female",
                    "coordinator_id": nurse.user.id,
                    "clinical": {
                        "problems": [{"text": "Type 2 diabetes", "code_system": "icd-10-cm", "code": "E11.9"}]
                    },
                },
                duplicates_reviewed=True,
            )
            data = care_plans.draft_from_templates(nurse, patient_id, ["diabetes", "heart_failure"])
            for item in data["interventions"]:
                item["responsible"] = {**item["responsible"], "kind": "staff", "staff_id": nurse.user.id}
            care_plans.create_plan(nurse, patient_id, data)
            ids.append(patient_id)
        start, cpu = time.perf_counter(), time.process_time()
        care_plan_batch.save_batch(
            nurse, ids, folder / "batch.pdf", Recipient.parse("patient"), Purpose.parse("treatment")
        )
        return round(time.perf_counter() - start, 2), round(time.process_time() - cpu, 2)
