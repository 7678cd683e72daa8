"""Demo medication lists: most active patients get a realistic list built from the Synthea drug codes in the
bundled vocabulary (by RxCUI), by the problems a primary-care panel has: statins, antihypertensives, diabetes
medicines with insulin, anticoagulation with digoxin and verapamil, inhalers, pain relief with NSAIDs and
opioids, SSRIs and benzodiazepines. So the demo has interacting pairs (warfarin with naproxen, digoxin with
verapamil, clopidogrel or sertraline with ibuprofen, oxycodone with clonazepam) and high-alert medicines, plus
over-the-counter products, supplements, an uncoded herbal and a cannabis product, some entries on hold or
stopped and some changed (with history). Seeded: the same seed gives the same lists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from carecoord_desktop.domain.drug_vocabulary import Vocabulary
from carecoord_desktop.domain.medications import Frequency, Medication, MedicationKind, MedicationStatus
from carecoord_desktop.domain.validation import DEFAULT_RULES
from carecoord_desktop.interop import drug_data
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import medications_repo, referrals_repo

SHARE: Final = 0.85  # of active patients with a recorded list
CHUNK: Final = 1000  # patients whose lists are written in one statement
CHANGED_LISTS: Final = 2000  # at most this many lists have holds, stops and changes (a third of them)
F = Frequency
K = MedicationKind


@dataclass(frozen=True)
class Item:
    """One medicine of a regimen: the Synthea RxCUI (or a free-text name) and how it is taken."""

    code: str  # an RxCUI in the bundled vocabulary, or free text (uncoded)
    dose: str
    frequency: Frequency
    indication: str
    kind: MedicationKind = K.PRESCRIPTION
    route: str = "by mouth"
    prn_reason: str | None = None
    notes: str | None = None


#: problem → (share of patients aged 50+ who have it, its usual medicines); younger patients half as often
REGIMENS: Final[dict[str, tuple[float, tuple[Item, ...]]]] = {
    "cholesterol": (0.45, (Item("316672", "1 tablet", F.AT_BEDTIME, "high cholesterol"),)),
    "cholesterol_high_dose": (0.08, (Item("259255", "1 tablet", F.ONCE_DAILY, "heart attack prevention"),)),
    "blood_pressure": (
        0.4,
        (
            Item("316049", "1 tablet", F.EVERY_MORNING, "high blood pressure"),
            Item("197361", "1 tablet", F.ONCE_DAILY, "high blood pressure"),
        ),
    ),
    "diabetes": (
        0.18,
        (
            Item("860975", "2 tablets", F.TWICE_DAILY, "type 2 diabetes"),
            Item("106892", "20 units", F.TWICE_DAILY, "type 2 diabetes", K.INJECTABLE, "under the skin"),
        ),
    ),
    "atrial_fibrillation": (
        0.07,
        (
            Item("855332", "1 tablet", F.AT_BEDTIME, "atrial fibrillation"),
            Item("197604", "1 tablet", F.ONCE_DAILY, "atrial fibrillation"),
            Item("897718", "1 tablet", F.THREE_TIMES_DAILY, "heart rate control"),
        ),
    ),
    "heart_failure": (
        0.06,
        (
            Item("315971", "1 tablet", F.EVERY_MORNING, "heart failure (water pills)"),
            Item("866414", "1 tablet", F.ONCE_DAILY, "heart failure"),
        ),
    ),
    "coronary_disease": (
        0.08,
        (
            Item("309362", "1 tablet", F.ONCE_DAILY, "after a heart stent"),
            Item("243670", "1 tablet", F.ONCE_DAILY, "heart attack prevention", K.OTC),
            Item(
                "705129", "1 spray", F.AS_NEEDED, "angina", route="under the tongue", prn_reason="chest pain"
            ),
        ),
    ),
    "asthma_copd": (
        0.12,
        (
            Item("745679", "2 puffs", F.AS_NEEDED, "asthma", K.INHALER, "inhaled", "wheezing"),
            Item("896209", "1 puff", F.TWICE_DAILY, "asthma", K.INHALER, "inhaled"),
        ),
    ),
    "joint_pain": (
        0.25,
        (
            Item("849574", "1 tablet", F.AS_NEEDED, "joint pain", K.OTC, prn_reason="pain"),
            Item("313782", "2 tablets", F.AS_NEEDED, "pain", K.OTC, prn_reason="pain"),
        ),
    ),
    "back_pain_opioid": (
        0.05,
        (Item("1049221", "1 tablet", F.AS_NEEDED, "chronic back pain", prn_reason="severe pain"),),
    ),
    "anxiety": (0.06, (Item("1153378", "0.5 mg", F.AT_BEDTIME, "anxiety"),)),
    "depression": (
        0.12,
        (
            Item("328670", "1 tablet", F.EVERY_MORNING, "depression"),
            Item("310965", "2 tablets", F.AS_NEEDED, "headache", K.OTC, prn_reason="headache"),
        ),
    ),
    "hypothyroid": (0.1, (Item("966222", "1 tablet", F.EVERY_MORNING, "underactive thyroid"),)),
    "rheumatoid_arthritis": (
        0.02,
        (
            Item(
                "105586",
                "1 tablet",
                F.WEEKLY,
                "rheumatoid arthritis",
                notes="Take on Mondays, with folic acid on the other days.",
            ),
        ),
    ),
    "gout": (0.04, (Item("197319", "1 tablet", F.ONCE_DAILY, "gout"),)),
    "osteoporosis": (0.08, (Item("904419", "1 tablet", F.EVERY_MORNING, "osteoporosis"),)),
    "allergies": (
        0.15,
        (Item("997488", "1 tablet", F.AS_NEEDED, "hay fever", K.OTC, prn_reason="sneezing"),),
    ),
    "anaemia": (0.06, (Item("310325", "1 tablet", F.ONCE_DAILY, "low iron", K.SUPPLEMENT),)),
    "smoking": (
        0.05,
        (Item("198031", "1 patch", F.EVERY_MORNING, "quitting smoking", K.PATCH, "on the skin"),),
    ),
    "supplements": (
        0.3,
        (
            Item("4419", "1 capsule", F.ONCE_DAILY, "heart health", K.SUPPLEMENT),
            Item("Turmeric capsules (store brand)", "2 capsules", F.ONCE_DAILY, "joint pain", K.HERBAL),
        ),
    ),
    "cannabis": (
        0.03,
        (Item("CBD oil 10% drops", "5 drops", F.AT_BEDTIME, "sleep", K.CANNABIS, "under the tongue"),),
    ),
}
_PRESCRIBERS: Final = ("Dr Anika Patel", "Dr Samuel Reyes", "Dr Hannah Cole (cardiology)", None)


def _medication(vocabulary: Vocabulary, item: Item, rng: random.Random, today: date) -> Medication:
    entry = vocabulary.by_rxcui(item.code) if item.code.isdigit() else None
    prescribed = item.kind in (K.PRESCRIPTION, K.INJECTABLE, K.INHALER, K.PATCH)
    data: dict[str, object] = {
        "display": entry.name if entry else item.code,
        "rxnorm": entry.rxcui if entry else None,
        "ingredients": list(entry.ingredients) if entry else [],
        "strength": entry.strength if entry else None,
        "form": entry.form if entry else None,
        "dose": item.dose,
        "route": item.route,
        "frequency": item.frequency,
        "notes": item.notes,
        "prn": item.prn_reason is not None,
        "prn_reason": item.prn_reason,
        "indication": item.indication,
        "prescriber": rng.choice(_PRESCRIBERS) if prescribed else None,
        "start_date": today - timedelta(days=rng.randrange(20, 3000)),
        "kind": item.kind,
    }
    return Medication.model_validate(data, context=DEFAULT_RULES.for_input(today).context())


def demo_list(vocabulary: Vocabulary, rng: random.Random, today: date, *, older: bool) -> list[Medication]:
    """One patient's list: each problem with its chance (halved under 50), each medicine of it usually."""
    chosen: list[Medication] = []
    for chance, items in REGIMENS.values():
        if rng.random() < (chance if older else chance / 2):
            chosen += [_medication(vocabulary, item, rng, today) for item in items if rng.random() < 0.9]
    return chosen


def _changed(medication: Medication, rng: random.Random, today: date) -> Medication | None:
    """Now and then the list has moved on: a medicine on hold, stopped, or taken differently."""
    roll = rng.random()
    started = medication.start_date or today
    if roll < 0.04:
        update: dict[str, object] = {
            "status": MedicationStatus.ON_HOLD,
            "hold_reason": rng.choice(("procedure next week", "low blood pressure", "stomach upset")),
            "hold_until": today + timedelta(days=rng.randrange(1, 14)) if rng.random() < 0.7 else None,
        }
    elif roll < 0.09:
        update = {
            "status": MedicationStatus.STOPPED,
            "stopped_on": max(started, today - timedelta(days=rng.randrange(1, 200))),
            "stop_reason": rng.choice(("side effects", "no longer needed", "replaced by another medicine")),
        }
    elif roll < 0.14:
        update = {"actual_use": "takes it most days, not every day"}
    else:
        return None
    data = {**medication.model_dump(), **update}
    return Medication.model_validate(data, context=DEFAULT_RULES.for_input(today).context())


def fill(session: Session, rng: random.Random, *, share: float = SHARE) -> int:
    """Give `share` of the active patients a medication list; returns how many entries were written."""
    session.require(Permission.MANAGE_STAFF, "demo.fill")
    today = session.clock.today()
    vocabulary = drug_data.load_vocabulary()
    actor = session.user.username
    with session.audited_write(Permission.MANAGE_STAFF, "demo.add_medications") as conn:
        owners = referrals_repo.patient_owners(conn)
        chosen = sorted(rng.sample([row[0] for row in owners], round(len(owners) * min(share, 1.0))))
        written = 0
        for start in range(0, len(chosen), CHUNK):  # a large practice's lists are written a slice at a time
            rows = [
                (p, m)
                for p in chosen[start : start + CHUNK]
                for m in demo_list(vocabulary, rng, today, older=rng.random() < 0.6)
            ]
            medications_repo.add_many(conn, rows, actor)
            written += len(rows)
        for patient_id in chosen[: min(CHANGED_LISTS, max(1, len(chosen) // 3))]:
            for record in medications_repo.for_patient(conn, patient_id):
                changed = _changed(record.medication, rng, today)
                if changed is not None:
                    medications_repo.update(conn, record.id, changed, actor)
    return written
