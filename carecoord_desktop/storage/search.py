"""Patient search: names through FTS5, MRN, date of birth and phone digits through B-tree indexes.

The one SQLite-specific piece (FTS5) lives here. Ranking every match of a short prefix is slow, so
candidates are capped in SQL and only they are ranked: exact and family-name matches first, then
alphabetical. A family-name prefix range over the sorted index adds the alphabetically first matches,
so a one-letter query still shows "A..." names in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, delete, select, text

from carecoord_desktop.storage.schema import patient_phones, patients

CANDIDATES = 400


@dataclass(frozen=True)
class NameEntry:
    family: str  # normalized (casefolded, Latin accents removed)
    given: str  # normalized given and preferred names


def index_names(conn: Connection, patient_id: int, entry: NameEntry) -> None:
    conn.execute(text("DELETE FROM patient_names WHERE rowid = :id"), {"id": patient_id})
    conn.execute(
        text("INSERT INTO patient_names(rowid, family, given) VALUES (:id, :family, :given)"),
        {"id": patient_id, "family": entry.family, "given": entry.given},
    )


def index_names_bulk(conn: Connection, rows: Sequence[tuple[int, NameEntry]]) -> None:
    conn.exec_driver_sql(
        "INSERT INTO patient_names(rowid, family, given) VALUES (?, ?, ?)",
        [(pid, e.family, e.given) for pid, e in rows],
    )


def index_phones(conn: Connection, patient_id: int, national_numbers: Sequence[str]) -> None:
    conn.execute(delete(patient_phones).where(patient_phones.c.patient_id == patient_id))
    if national_numbers:
        conn.execute(
            patient_phones.insert(),
            [{"patient_id": patient_id, "digits": d, "reversed_digits": d[::-1]} for d in national_numbers],
        )


def _fts_phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"*'


def _upper_bound(prefix: str) -> str:
    return prefix + "\U0010ffff"


def _score(tokens: Sequence[str], family: str, given: str) -> int:
    family_words, given_words = family.split(), given.split()
    score = 0
    for index, token in enumerate(tokens):
        best = 0
        for word in family_words:
            if word == token:
                best = max(best, 8 if index == 0 else 6)
            elif word.startswith(token):
                best = max(best, 5 if index == 0 else 4)
        for word in given_words:
            if word == token:
                best = max(best, 3)
            elif word.startswith(token):
                best = max(best, 2)
        score += best
    return score


def by_name(conn: Connection, tokens: Sequence[str], limit: int) -> list[int]:
    """Patients whose names start with every token, in any order; best matches first."""
    if not tokens:
        return []
    match = " ".join(_fts_phrase(t) for t in tokens)
    found: dict[int, tuple[str, str]] = {}
    rows = conn.execute(
        text("SELECT rowid, family, given FROM patient_names WHERE patient_names MATCH :m LIMIT :n"),
        {"m": match, "n": CANDIDATES},
    )
    for pid, family, given in rows:
        found[pid] = (family, given)
    # The alphabetically first family-name matches, through the sorted index (cheap, and what a person expects).
    first = tokens[0]
    alpha = conn.execute(
        select(patients.c.id)
        .where(patients.c.sort_name >= first, patients.c.sort_name < _upper_bound(first))
        .order_by(patients.c.sort_name)
        .limit(limit)
    ).scalars()
    missing = [pid for pid in alpha if pid not in found]
    if missing:
        for pid, family, given in conn.execute(
            text(
                f"SELECT rowid, family, given FROM patient_names WHERE rowid IN ({','.join(map(str, missing))})"
            )
        ):
            if all(any(w.startswith(t) for w in f"{family} {given}".split()) for t in tokens):
                found[pid] = (family, given)
    ranked = sorted(
        found.items(), key=lambda item: (-_score(tokens, *item[1]), item[1][0], item[1][1], item[0])
    )
    return [pid for pid, _ in ranked[:limit]]


def by_mrn_prefix(conn: Connection, prefix: str, limit: int) -> list[int]:
    rows = conn.execute(
        select(patients.c.id)
        .where(patients.c.mrn >= prefix, patients.c.mrn < _upper_bound(prefix))
        .order_by(patients.c.mrn)
        .limit(limit)
    )
    return list(rows.scalars())


def by_birth_date(conn: Connection, born: date, limit: int) -> list[int]:
    rows = conn.execute(
        select(patients.c.id)
        .where(patients.c.date_of_birth == born)
        .order_by(patients.c.sort_name)
        .limit(limit)
    )
    return list(rows.scalars())


def by_phone_digits(conn: Connection, digits: str, limit: int) -> list[int]:
    """Numbers that start with the digits (area code first) or end with them (the last four)."""
    starts = select(patient_phones.c.patient_id).where(
        patient_phones.c.digits >= digits, patient_phones.c.digits < digits + ":"
    )
    backwards = digits[::-1]
    ends = select(patient_phones.c.patient_id).where(
        patient_phones.c.reversed_digits >= backwards, patient_phones.c.reversed_digits < backwards + ":"
    )
    ids: list[int] = []
    for query in (starts.limit(limit), ends.limit(limit)):
        for pid in conn.execute(query).scalars():
            if pid not in ids:
                ids.append(pid)
    return ids[:limit]
