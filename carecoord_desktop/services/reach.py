"""How each patient on a call list may be reached, read for many patients at once.

One query for the patients' phones, contact preferences, language and interpreter need; what the preferences
allow is worked out once per distinct set of preferences (most patients share a few), so a list of hundreds
costs one query and a handful of validations. None for a patient who asked not to be contacted at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from sqlalchemy import Connection

from carecoord_desktop.domain.contact import ContactPreferences
from carecoord_desktop.domain.today import Reach, reach_of
from carecoord_desktop.storage import call_list_repo


@lru_cache(maxsize=4096)
def _by_preferences(contact: str) -> Reach | None:
    """Caregivers do not change how the patient is reached: they are left out (their phones need no parsing)."""
    stored = {k: v for k, v in json.loads(contact).items() if k != "caregivers"}
    return reach_of(ContactPreferences.model_validate(stored), phone=None, language="", interpreter=False)


def reach_for(conn: Connection, patient_ids: Iterable[int]) -> dict[int, Reach | None]:
    """Each patient's Reach (None: do not contact; deceased patients are left out)."""
    found: dict[int, Reach | None] = {}
    for patient_id, row in call_list_repo.reach(conn, patient_ids).items():
        allowed = _by_preferences(row.contact)
        found[patient_id] = (
            None
            if allowed is None
            else replace(allowed, phone=row.phone, language=row.language, interpreter=row.interpreter)
        )
    return found
