"""How long printed documents take to build. Prints one JSON object.

    python -m benchmarks.documents [--json FILE]

summary_ms: median wall time to check and build a full patient summary (letterhead with a logo, every
section, clinical content) from its snapshot; summary_cpu_ms: the same in this process's CPU time (on a
shared machine the wall time includes waiting for a core); font_check_ms: the font-coverage check alone;
prepare_ms: services.printing.prepare in a real vault (opening the chart, its audit entry, the letterhead,
the build), what a coordinator waits for after clicking Print. Later documents add their own keys:
med_list_pdf_ms, the patient's medication list (14 medicines with marks, the schedule grid; five pages in its large type);
care_plan_ms, batch_100_care_plans_s (benchmarks/care_plans.py); discharge_packet_ms (and _cpu_ms), a reconciled
12-medicine packet with two appointment months, no handouts. cjk_fallback_load_ms: reading the Korean and
Chinese/Japanese fallback fonts, once per run, by the first printout that needs them; summary_cjk_name_ms: the
full summary for a patient named in Hangul and Han (the fallbacks already loaded).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image

from benchmarks import care_plans
from benchmarks.bench_vault import nurse_session
from carecoord_desktop.documents import coverage, fonts
from carecoord_desktop.documents.frame import FrameFacts, PracticeHeading
from carecoord_desktop.documents.med_blocks import MedicineLine
from carecoord_desktop.documents.med_list import CallEntry, MedicationList, Reconciled
from carecoord_desktop.documents.patient_summary import (
    AllergyEntry,
    CaregiverEntry,
    CareTeamEntry,
    ClinicalEntries,
    PatientSummary,
    PhoneEntry,
    ProblemEntry,
    ProgramEntry,
)
from carecoord_desktop.documents.referral_letter import Party, ReferralClinical, ReferralLetter
from carecoord_desktop.documents.registry import DOCUMENTS
from carecoord_desktop.domain.letterhead import Letterhead
from carecoord_desktop.domain.medication_records import ChangeMark
from carecoord_desktop.domain.medications import Frequency, MedicationStatus

RUNS = 30


def _logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (480, 160), (31, 90, 140)).save(buffer, "PNG")
    return buffer.getvalue()


def full_summary() -> PatientSummary:
    practice = PracticeHeading(
        practice_name="Elm Street Family Practice",
        letterhead=Letterhead(
            address_line1="12 Elm Street, Suite 4", city_line="Springfield, IL 62701", phone="+12175550100"
        ),
        logo=_logo(),
    )
    frame = FrameFacts(
        practice=practice,
        patient_name="Nguyễn, Thị Ánh (Anh)",
        date_of_birth=date(1948, 7, 2),
        printed_at=datetime(2026, 11, 28, 15, 40, tzinfo=ZoneInfo("America/New_York")),
    )
    return PatientSummary(
        frame=frame,
        mrn="B-204811",
        name="Nguyễn, Thị Ánh (Anh)",
        date_of_birth=date(1948, 7, 2),
        sex_at_birth="female",
        phones=(
            PhoneEntry(kind="mobile", number="(217) 555-0142"),
            PhoneEntry(kind="home", number="(217) 555-0143"),
        ),
        email="anh.nguyen@example.org",
        address=("88 Maple Avenue, Springfield, IL 62704",),
        preferred_channel="phone",
        best_time="morning",
        preferred_language="vi",
        interpreter_needed=True,
        voicemail=True,
        texts=False,
        caregivers=tuple(
            CaregiverEntry(
                name=f"Caregiver {i} Nguyễn",
                relationship="child",
                phone="(217) 555-0150",
                sharing="authorized",
                scopes=("appointments", "medications"),
                authorized_on=date(2025, 3, 1),
            )
            for i in range(3)
        ),
        coordinator="Nina Okafor",
        pcp="Dr Priya Raman",
        care_team=(CareTeamEntry(role="specialist", name="Dr Ana Costa", detail="Cardiology"),),
        programs=(ProgramEntry(program="ccm", started_on=date(2025, 1, 10)),),
        clinical=ClinicalEntries(
            allergies=tuple(
                AllergyEntry(substance=s, severity="moderate") for s in ("Penicillin", "Sulfa", "Latex")
            ),
            problems=tuple(ProblemEntry(text=f"Chronic condition {i}", code="E11.9") for i in range(8)),
            risk_tier="high",
            risk_reason="Two admissions this year",
        ),
    )


def _median_ms(
    work: Callable[[], object], runs: int = RUNS, clock: Callable[[], float] = time.perf_counter
) -> float:
    work()  # warm: fonts registered, catalogues read
    times = []
    for _ in range(runs):
        start = clock()
        work()
        times.append((clock() - start) * 1000)
    return round(statistics.median(times), 2)


def _prepare_ms() -> float:
    from carecoord_desktop.services import patients, printing

    with nurse_session("carecoord-bench-docs-") as (nurse, _folder):
        patient_id = patients.add_patient(
            nurse,
            {
                "mrn": "B-204811",
                "given_name": "Thị Ánh",
                "family_name": "Nguyễn",
                "date_of_birth": "1948-07-02",
                "sex_at_birth": "female",
                "clinical": {"problems": [{"text": f"Chronic condition {i}"} for i in range(8)]},
            },
        )
        request = printing.PrintRequest("summary", patient_id)
        return _median_ms(lambda: printing.prepare(nurse, request), runs=10)


def referral_packet(frame: FrameFacts) -> ReferralLetter:
    """A referral with a page of problems and medications: the packet is laid out twice (its cover counts it)."""
    return ReferralLetter(
        frame=frame,
        referral_id=4811,
        to=Party(name="Harbor Cardiology Associates", detail="Cardiology", fax="(617) 555-0142"),
        sender=Party(name="Dr Priya Raman", detail="Elm Street Family Practice", phone="(617) 555-0100"),
        contact="Nina Okafor, (617) 555-0100",
        specialty="Cardiology",
        reason="Palpitations with new atrial fibrillation",
        urgency="urgent",
        requested_by=date(2026, 12, 15),
        mrn="B-204811",
        sex_at_birth="female",
        clinical=ReferralClinical(
            question="Is the rate controlled on metoprolol, and is anticoagulation indicated?",
            problems=tuple(f"Chronic condition {i}" for i in range(12)),
            medications=tuple(f"Medication {i} 25 mg daily" for i in range(12)),
            allergies=("Penicillin (Hives; moderate)",),
        ),
    )


def discharge_packet(frame: FrameFacts) -> Any:
    """A reconciled list of 12 medicines, two appointments a month apart, red flags: no handouts."""
    from carecoord_desktop.documents import discharge_packet_model as m

    marks = list(ChangeMark)
    return m.DischargePacket(
        frame=frame,
        facility="Riverside General Hospital",
        stay_kind="inpatient",
        admitted_on=date(2026, 11, 18),
        discharged_on=date(2026, 11, 24),
        disposition="home_health",
        reasons=("Heart failure exacerbation",),
        care_team=(CareTeamEntry(role="care_coordinator", name="Nina Okafor"),),
        practice_phone="(217) 555-0100",
        medicines=m.PacketMedicines(
            source=m.MedicineSource.RECONCILIATION,
            reconciled_on=date(2026, 11, 25),
            medicines=tuple(
                MedicineLine(
                    display=f"Medication {i} 25 mg tablet",
                    indication="Blood pressure",
                    dose="1 tablet",
                    frequency=Frequency.TWICE_DAILY,
                    mark=marks[i % 4],
                )
                for i in range(12)
            ),
        ),
        appointments=(
            m.PacketAppointment(on=date(2026, 12, 1), with_whom="Dr Priya Raman"),
            m.PacketAppointment(on=date(2027, 1, 6), with_whom="Dr Ana Costa"),
        ),
        call_us_if=("You gain more than 3 pounds in a day",),
        call_911_if=("You have chest pain",),
    )


def medication_list(frame: FrameFacts) -> MedicationList:
    """A signed list of 14 medicines (every frequency, two as needed, one stopped) with allergies (five pages in large type)."""
    frequencies = [f for f in Frequency if f is not Frequency.OTHER]
    marks = [ChangeMark.NEW, ChangeMark.CHANGED, ChangeMark.SAME]
    lines = [
        MedicineLine(
            display=f"Medicine {i} {10 * (i + 1)} mg oral tablet",
            indication=f"condition {i}",
            dose="1 tablet",
            route="by mouth",
            frequency=frequencies[i % len(frequencies)],
            prn=frequencies[i % len(frequencies)] is Frequency.AS_NEEDED,
            prn_reason="pain" if frequencies[i % len(frequencies)] is Frequency.AS_NEEDED else None,
            mark=marks[i % 3],
            mark_reason="dose changed at the hospital" if marks[i % 3] is ChangeMark.CHANGED else None,
        )
        for i in range(13)
    ]
    stopped = MedicineLine(
        display="Ibuprofen 200 mg",
        status=MedicationStatus.STOPPED,
        stop_reason="bleeding risk",
        mark=ChangeMark.STOPPED,
        mark_reason="bleeding risk with warfarin",
    )
    return MedicationList(
        frame=frame,
        medicines=(*lines, stopped),
        reconciled=Reconciled(signed_on=date(2026, 11, 27), signed_by="Nina Okafor, RN"),
        allergies=(AllergyEntry(substance="Penicillin", reactions=("hives",)),),
        calls=(CallEntry(role="practice", name="Elm Street Family Practice", phone="(617) 555-0100"),),
    )


def _fallback_load_ms() -> float:
    """The one-time cost of reading the CJK fallback fonts (4.1 MB), paid by the first printout with such a name."""
    start = time.perf_counter()
    fonts.fallbacks()
    return round((time.perf_counter() - start) * 1000, 1)


def measure() -> dict[str, Any]:
    fallback_load_ms = _fallback_load_ms()  # first, while no document has needed them yet
    snapshot = full_summary()
    korean = snapshot.model_copy(
        update={
            "name": "김서연 (王芳)",
            "frame": snapshot.frame.model_copy(update={"patient_name": "김서연 (王芳)"}),
        }
    )
    packet = referral_packet(snapshot.frame)
    discharge = discharge_packet(snapshot.frame)
    referral = DOCUMENTS["referral"]
    meds = medication_list(snapshot.frame)
    spec = DOCUMENTS["summary"]
    built = spec.produce(snapshot)
    plan = care_plans.care_plan(snapshot.frame)
    plan_spec = DOCUMENTS["care_plan"]
    batch_wall, batch_cpu = care_plans.batch_seconds()
    return {
        "summary_ms": _median_ms(lambda: spec.produce(snapshot)),
        # CPU time of this process alone: on a shared machine the wall time above includes waiting for a core.
        "summary_cpu_ms": _median_ms(lambda: spec.produce(snapshot), clock=time.process_time),
        "font_check_ms": _median_ms(lambda: coverage.check(snapshot, spec.field_labels)),
        "cjk_fallback_load_ms": fallback_load_ms,
        "summary_cjk_name_ms": _median_ms(lambda: spec.produce(korean)),
        "summary_pages": built.pages,
        "summary_bytes": len(built.pdf),
        "prepare_ms": _prepare_ms(),
        "referral_packet_ms": _median_ms(lambda: referral.produce(packet)),
        "referral_packet_pages": referral.produce(packet).pages,
        "care_plan_ms": _median_ms(lambda: plan_spec.produce(plan)),
        "care_plan_cpu_ms": _median_ms(lambda: plan_spec.produce(plan), clock=time.process_time),
        "care_plan_pages": plan_spec.produce(plan).pages,
        "batch_100_care_plans_s": batch_wall,
        "batch_100_care_plans_cpu_s": batch_cpu,
        "discharge_packet_ms": _median_ms(lambda: DOCUMENTS["discharge_packet"].produce(discharge)),
        "discharge_packet_cpu_ms": _median_ms(
            lambda: DOCUMENTS["discharge_packet"].produce(discharge), clock=time.process_time
        ),
        "med_list_pdf_ms": _median_ms(lambda: DOCUMENTS["med_list"].produce(meds)),
        "med_list_pages": DOCUMENTS["med_list"].produce(meds).pages,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    text = json.dumps(measure(), indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
