"""Fills a practice with synthetic patients (demo vaults and the benchmark harness). Deterministic for a seed."""

from __future__ import annotations

import itertools
from datetime import date

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services.patient_records import columns_for, staff_names
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import allergies_repo, patients_repo, programs_repo, staff_repo, vault_meta
from carecoord_desktop.synthetic.practice import SyntheticStaff, generate_patients

BATCH = 5000
PATIENTS_PER_PCP = 2500
PATIENTS_PER_COORDINATOR = 1000

_EXTRA_PCPS = ("Dr Mei Lin", "Dr Samuel Osei", "Dr Laura Bianchi", "Dr Tomás Herrera", "Dr Aisha Karim")
_EXTRA_COORDINATORS = (
    "Grace Mensah RN",
    "Noah Fischer RN",
    "Lucía Romero RN",
    "Hana Sato RN",
    "Owen Burke RN",
)


def _clinicians(session: Session, patients: int) -> SyntheticStaff:
    """Existing providers and coordinators, plus extra (sign-in-less) accounts so panels have a realistic size.

    The extra accounts have no key slot: nobody can sign in as them until an admin resets their password.
    """
    wanted = {
        Role.PROVIDER: max(2, -(-patients // PATIENTS_PER_PCP)),
        Role.NURSE_COORDINATOR: max(2, -(-patients // PATIENTS_PER_COORDINATOR)),
    }
    pools = {Role.PROVIDER: _EXTRA_PCPS, Role.NURSE_COORDINATOR: _EXTRA_COORDINATORS}
    with session.vault.write("the synthetic staff") as conn:
        existing = {role: staff_repo.active_ids(conn, role.value) for role in wanted}
        for role, count in wanted.items():
            names = itertools.cycle(pools[role])
            for number in range(len(existing[role]), count):
                base = next(names)
                name = base if number < len(pools[role]) + 1 else f"{base} ({number})"
                username = f"{role.value[:3]}{number:03d}"
                existing[role].append(
                    staff_repo.add(
                        conn,
                        username=username,
                        full_name=name,
                        role=role.value,
                        must_change_password=True,
                        actor=session.user.username,
                    )
                )
        session.record(
            conn, "demo.add_staff", detail={role.value: len(ids) for role, ids in existing.items()}
        )
    return SyntheticStaff(
        pcp_ids=tuple(existing[Role.PROVIDER]), coordinator_ids=tuple(existing[Role.NURSE_COORDINATOR])
    )


def require_synthetic(session: Session) -> None:
    """Made-up data (patients, referrals, ...) goes only into a practice created as synthetic (issue 8.17)."""
    session.require(Permission.MANAGE_STAFF, "demo.fill")
    with session.vault.read() as conn:
        synthetic = vault_meta.get(conn, vault_meta.SYNTHETIC) == "yes"
    if not synthetic:
        session.audit_separately("demo.fill", "refused", detail={"reason": "not a synthetic practice"})
        raise ValidationFailed(
            "Synthetic data goes only into a demo practice; this vault holds a real practice."
        )


def fill(session: Session, patients: int, seed: int, *, as_of: date | None = None) -> None:
    """Add `patients` synthetic patients in batches; each batch is one audited transaction.

    Only into a practice created as synthetic (demo, benchmark, tests): made-up patients never mix with real ones.
    """
    require_synthetic(session)
    if patients <= 0:
        return
    today = as_of or session.clock.today()
    clinicians = _clinicians(session, patients)
    generated = generate_patients(patients, seed, clinicians, as_of=today)
    while batch := list(itertools.islice(generated, BATCH)):
        columns = [columns_for(p, today) for p in batch]
        with session.audited_write(
            Permission.MANAGE_STAFF, "demo.add_patients", detail={"patients": len(columns), "seed": seed}
        ) as conn:
            ids = patients_repo.add_many(conn, columns, staff_names(conn), session.user.username)
            allergies_repo.add_many(
                conn,
                [(i, a) for i, p in zip(ids, batch, strict=True) for a in p.clinical.allergies],
                session.user.username,
            )
            programs_repo.add_many(
                conn,
                [(i, e) for i, p in zip(ids, batch, strict=True) for e in p.programs],
                session.user.username,
            )
    session.vault.analyze()
