"""Every printable document, by key. Adding a document is one builder module and one line in DOCUMENTS."""

from __future__ import annotations

from collections.abc import Mapping

from carecoord_desktop.documents import (
    care_plan,
    disclosure_accounting,
    med_list,
    med_rec,
    patient_summary,
    recall_letter,
    referral_letter,
)
from carecoord_desktop.documents.discharge_packet import SPEC as DISCHARGE_PACKET
from carecoord_desktop.documents.spec import DocumentSpec

DOCUMENTS: Mapping[str, DocumentSpec] = {
    spec.key: spec
    for spec in (
        patient_summary.SPEC,
        disclosure_accounting.SPEC,
        referral_letter.PACKET,
        referral_letter.FAX_COVER,
        DISCHARGE_PACKET,
        med_list.SPEC,
        care_plan.PATIENT,
        care_plan.PROVIDER,
        recall_letter.SPEC,
        med_rec.SPEC,
    )
}


def document(key: str) -> DocumentSpec:
    return DOCUMENTS[key]
