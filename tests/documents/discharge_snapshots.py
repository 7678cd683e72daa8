"""Discharge packets built straight from the documents layer: a full one, an empty one, and a very long one."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from carecoord_desktop.documents.discharge_packet_model import (
    DischargePacket,
    MedicineSource,
    PacketAppointment,
    PacketMedicines,
    PendingFollowUp,
    PendingTest,
    TcmLine,
    TransitionRecord,
    Version,
)
from carecoord_desktop.documents.med_blocks import MedicineLine
from carecoord_desktop.documents.patient_summary import CareTeamEntry
from carecoord_desktop.domain.medication_records import ChangeMark
from carecoord_desktop.domain.medications import Frequency, MedicationStatus
from tests.documents.snapshots import frame


def medicines() -> PacketMedicines:
    return PacketMedicines(
        source=MedicineSource.RECONCILIATION,
        reconciled_on=date(2026, 11, 25),
        reconciled_by="Nina Okafor, RN",
        medicines=(
            MedicineLine(
                display="Furosemide 40 mg tablet",
                indication="Extra fluid (swelling)",
                dose="1 tablet",
                route="by mouth",
                frequency=Frequency.EVERY_MORNING,
                mark=ChangeMark.NEW,
            ),
            MedicineLine(
                display="Metoprolol succinate 50 mg tablet",
                indication="Heart rate",
                dose="1 tablet",
                route="by mouth",
                frequency=Frequency.TWICE_DAILY,
                mark=ChangeMark.CHANGED,
                mark_reason="Dose raised from 25 mg in the hospital",
            ),
            MedicineLine(
                display="Ibuprofen 200 mg tablet",
                indication="Pain",
                status=MedicationStatus.STOPPED,
                mark=ChangeMark.STOPPED,
                mark_reason="Can make heart failure worse",
            ),
            MedicineLine(
                display="Metformin 500 mg tablet",
                indication="Diabetes",
                dose="1 tablet",
                route="by mouth",
                frequency=Frequency.TWICE_DAILY,
                mark=ChangeMark.SAME,
            ),
            MedicineLine(
                display="Acetaminophen 500 mg tablet",
                indication="Pain",
                dose="1 to 2 tablets",
                route="by mouth",
                frequency=Frequency.AS_NEEDED,
                prn=True,
                mark=ChangeMark.SAME,
            ),
        ),
    )


def packet(name: str = "Núñez, José (Pepe)", **kw: Any) -> DischargePacket:
    fields: dict[str, Any] = {
        "frame": frame(name, **kw.pop("frame_kw", {})),
        "facility": "Riverside General Hospital",
        "stay_kind": "inpatient",
        "admitted_on": date(2026, 11, 18),
        "discharged_on": date(2026, 11, 24),
        "disposition": "home_health",
        "reasons": ("Heart failure exacerbation",),
        "diagnoses": ("Heart failure exacerbation", "Type 2 diabetes mellitus"),
        "care_team": (
            CareTeamEntry(role="care_coordinator", name="Nina Okafor"),
            CareTeamEntry(role="primary_care_provider", name="Dr Priya Raman"),
            CareTeamEntry(
                role="specialist", name="Dr Ana Costa", detail="Cardiology", phone="(217) 555-0190"
            ),
        ),
        "practice_phone": "(217) 555-0100",
        "after_hours_phone": "(217) 555-0199",
        "medicines": medicines(),
        "appointments": (
            PacketAppointment(
                on=date(2026, 12, 1),
                at=time(9, 30),
                with_whom="Dr Priya Raman",
                where="Elm Street Family Practice",
                what_for="Visit after the hospital",
            ),
            PacketAppointment(
                on=date(2027, 1, 6), with_whom="Dr Ana Costa", where="Springfield Heart Clinic"
            ),
        ),
        "pending_tests": (
            PendingTest(test="Blood culture", follow_up_by="Dr Priya Raman", by_when=date(2026, 11, 30)),
        ),
        "pending_follow_up": PendingFollowUp(
            role="care_coordinator", who="Nina Okafor", due_on=date(2026, 12, 1)
        ),
        "diet": ("Less than 2,000 mg of salt a day",),
        "activity": ("Walk a little more each day",),
        "equipment": ("A bathroom scale",),
        "home_health": True,
        "call_us_if": ("You gain more than 3 pounds in a day or 5 pounds in a week",),
        "call_911_if": ("You have chest pain or cannot catch your breath",),
        "advance_directive": "Living will on file (copy received 03/2025)",
        "health_care_proxy": "María Núñez",
    }
    fields.update(kw)
    return DischargePacket(**fields)


def provider_packet(**kw: Any) -> DischargePacket:
    record = TransitionRecord(
        inpatient_practitioner="Dr Lena Hart (hospitalist)",
        stay_kind="inpatient",
        admission_type="emergent",
        procedure_during_stay=False,
        allergies=("Penicillin (Hives)",),
        summary_received_on=date(2026, 11, 25),
        tcm=(
            TcmLine(clock="contact", due_on=date(2026, 11, 26), status="met"),
            TcmLine(clock="visit", due_on=date(2026, 12, 1), status="due"),
        ),
    )
    return packet(version=Version.PROVIDER, transition=record, **kw)


def empty_packet(**kw: Any) -> DischargePacket:
    """A stay recorded with nothing else: every section must still print, saying what to ask for."""
    return DischargePacket(
        frame=frame(**kw.pop("frame_kw", {})),
        facility="Riverside General Hospital",
        stay_kind="observation",
        admitted_on=date(2026, 11, 20),
        discharged_on=date(2026, 11, 21),
        disposition="home",
        **kw,
    )


LONG_NAME = "Vanderbilt-Montgomery-Worthington-Smythe"  # 40 characters


def long_medicine_name(i: int) -> str:
    return f"Medicine{i:02d} Hydrochlorothiazide-Lisinoprilo"[:40]


def long_packet(**frame_kw: Any) -> DischargePacket:
    """30 medicines with 40-character names, accents, Vietnamese and Cyrillic: pages must break cleanly."""
    marks = list(ChangeMark)
    meds = tuple(
        MedicineLine(
            display=long_medicine_name(i),
            indication=("Tension artérielle", "Huyết áp cao", "Давление", "Diabète sucré de type 2")[i % 4],
            dose=f"{i + 1} comprimés",
            route="by mouth",
            frequency=Frequency.TWICE_DAILY if i % 3 else Frequency.FOUR_TIMES_DAILY,
            status=MedicationStatus.STOPPED
            if marks[i % 4] is ChangeMark.STOPPED
            else MedicationStatus.ACTIVE,
            mark=marks[i % 4],
            mark_reason="Changed by Dr Nguyễn Văn Thắng" if i % 4 == 1 else None,
        )
        for i in range(30)
    )
    return packet(
        f"{LONG_NAME}, Nguyễn Thị Ánh",
        frame_kw=frame_kw,
        medicines=PacketMedicines(
            source=MedicineSource.RECONCILIATION, reconciled_on=date(2026, 11, 25), medicines=meds
        ),
        care_team=tuple(
            CareTeamEntry(role="specialist", name=f"Dr Иванова Анна Сергеевна {i:02d}", detail="Кардиология")
            for i in range(8)
        ),
        call_us_if=tuple(f"Warning sign {i:02d}: Françoise noticed something new" for i in range(15)),
        call_911_if=tuple(f"Emergency sign {i:02d}" for i in range(6)),
        pending_tests=tuple(
            PendingTest(test=f"Test {i:02d} Ødegård panel", follow_up_by="Dr Priya Raman") for i in range(10)
        ),
    )
