"""Audit entries as sentences a privacy officer understands: "Dr Anika Patel opened the chart of DiMarco,
Laura (MRN 45878618)". The codes stay in the CSV export; this is only how the viewer says them."""

from __future__ import annotations

#: What each action code says; {patient} is "Family, Given (MRN …)" and {subject} the entry's subject.
PHRASES: dict[str, str] = {
    "chart.open": "opened the chart of {patient}",
    "chart.history": "looked at the history of {patient}",
    "chart.due_items": "looked at what is due for {patient}",
    "medications.view": "looked at the medication list of {patient}",
    "medications.history": "looked at the medication history of {patient}",
    "medication.add": "added a medicine to the list of {patient}",
    "medication.edit": "changed a medicine on the list of {patient}",
    "medication.hold": "put a medicine of {patient} on hold",
    "medication.resume": "resumed a medicine of {patient}",
    "medication.stop": "stopped a medicine of {patient}",
    "medication.entered_in_error": "marked a medicine of {patient} as entered in error",
    "practice.high_alert": "changed the high-alert medicines list",
    "patient.add": "added the patient {patient}",
    "patient.edit": "changed {subject} in the record of {patient}",
    "patient.search": "searched for patients",
    "patient.lookup": "looked up a patient by MRN",
    "panel.view": "opened the patient panel",
    "panel.clinical_filter": "filtered the panel by clinical facts",
    "panel.save_view": "saved a panel view",
    "panel.delete_view": "deleted a panel view",
    "referrals.save_view": "saved a referral worklist view",
    "referrals.delete_view": "deleted a referral worklist view",
    "disclosure.view": "looked at the disclosures of {patient}",
    "referral.create": "wrote a referral for {patient}",
    "referral.add": "wrote a referral for {patient}",
    "referral.open": "opened a referral of {patient}",
    "referral.prefill": "looked at the problems, medicines and allergies of {patient} for a referral",
    "referral.outreach": "recorded outreach for {patient}",
    "referral.transition": "moved a referral of {patient} on",
    "referral.entered_in_error": "marked a referral of {patient} entered in error",
    "referrals.worklist.view": "opened the referral worklist",
    "follow_up.add": "added a follow-up for {patient}",
    "follow_ups.view": "looked at the follow-ups of {patient}",
    "follow_ups.worklist": "opened the list of open follow-ups",
    "appointment.book": "booked an appointment for {patient}",
    "follow_up.contact_attempt": "logged a contact attempt with {patient}",
    "care_gaps.view": "looked at the care-gap proposals",
    "care_gap.accept": "accepted a care-gap follow-up for {patient}",
    "care_gap.dismiss": "dismissed a care gap of {patient}",
    "appointments.export": "exported appointments to a calendar file",
    "audit.view": "looked at the audit trail",
    "audit.filter_patient": "looked for {patient} in the audit trail",
    "audit.export": "exported the audit trail",
    "audit.verify": "checked the audit trail's seal",
    "practice.update_settings": "changed the practice settings",
    "practice.update_letterhead": "changed the letterhead",
    "practice.set_logo": "set the practice logo",
    "practice.remove_logo": "removed the practice logo",
    "staff.add": "added the staff account {subject}",
    "staff.disable": "disabled the staff account {subject}",
    "staff.reset_password": "reset the password of {subject}",
    "staff.change_role": "changed the role of {subject}",
    "staff.list": "looked at the staff accounts",
    "password.change": "changed their password",
    "backup.create": "made a backup",
    "backup.verify": "checked a backup",
    "backup.drill": "rehearsed a restore",
    "backup.restore": "restored a backup",
    "backup.inspect": "looked inside a backup",
    "security.view": "looked at the security page",
    "vault.info": "looked at the vault's details",
    "draft.save": "kept unsaved input",
    "draft.drop": "dropped kept input",
    "sign_in": "signed in",
    "sign_out": "signed out",
    "lock": "locked the window",
    "unlock": "unlocked the window",
}

_REFUSED = {"denied": "was refused", "refused": "was refused", "failed": "failed"}


def sentence(actor: str, action: str, outcome: str, *, patient: str = "", subject: str = "") -> str:
    """One audit entry as a sentence; an unknown code is said in words ("backup setup unattended")."""
    phrase = PHRASES.get(action)
    if phrase is None:
        phrase = action.replace(".", " ").replace("_", " ") + (" for {patient}" if patient else "")
    text = phrase.format(patient=patient or "a patient", subject=subject.replace(",", ", ") or "details")
    if outcome != "ok":
        return f"{actor} tried to {_infinitive(text)} but {_REFUSED.get(outcome, outcome)}"
    return f"{actor} {text}"


_BASE = {
    "made": "make",
    "wrote": "write",
    "kept": "keep",
    "set": "set",
    "reset": "reset",
    "changed": "change",
    "saved": "save",
    "moved": "move",
    "removed": "remove",
    "disabled": "disable",
    "rehearsed": "rehearse",
    "restored": "restore",
    "dropped": "drop",
    "deleted": "delete",
    "resumed": "resume",
    "stopped": "stop",
}


def _infinitive(text: str) -> str:
    """'opened the chart …' → 'open the chart …' (the verbs of the phrases above)."""
    verb, _, rest = text.partition(" ")
    base = _BASE.get(verb, verb.removesuffix("ed"))
    return f"{base} {rest}".strip()
