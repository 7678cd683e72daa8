"""Finding 2: a user who can sign in today cannot rewrite or truncate past audit entries unnoticed.

The attack from issue 8: with the front desk's key, delete a nurse's three chart views, renumber,
rehash and re-MAC the head. The hash chain and head alone then say "intact"; the forward-secure seals,
checked with the seed only administrators hold, say it is broken, in the app and on the command line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from carecoord_desktop.services import audit_trail, auth
from carecoord_desktop.storage import audit
from carecoord_desktop.storage.db import make_engine
from carecoord_desktop.storage.keys import KeySlotsFile
from carecoord_desktop.storage.vault import keys_path_for
from tests.cli.helpers import run
from tests.conftest import ADMIN_PASSWORD, FRONT_PASSWORD, MemoryKeyring, nurse_opens_charts, sign_in

COLUMNS = "seq, at, staff_id, username, action, outcome, patient_id, subject, detail, workstation, prev_hash"


def _front_desk_key(practice: Path) -> bytes:
    """What a front-desk user gets with their own password and a few lines of Python."""
    return KeySlotsFile.load(keys_path_for(practice)).unwrap_any("user", "fred", FRONT_PASSWORD.encode())


def _rewrite(practice: Path, dek: bytes, *, delete: str, reseal: bool) -> None:
    """Delete entries, renumber, rehash, re-MAC the head; with `reseal`, also re-seal every rewritten entry
    with the only sealing key a signed-in user can read (today's) and point the appending key past the end."""
    engine = make_engine(practice, dek)
    with engine.connect() as conn, conn.begin():
        for trigger in ("audit_log_no_update", "audit_log_no_delete", "audit_seals_no_delete"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
        rows = [
            dict(r) for r in conn.execute(text(f"SELECT {COLUMNS} FROM audit_log ORDER BY seq")).mappings()
        ]
        conn.execute(text("DELETE FROM audit_log"))
        kept = [r for r in rows if not eval(delete, {}, {"r": r})]  # noqa: S307 - a test's own expression
        prev = audit.genesis_hash(KeySlotsFile.load(keys_path_for(practice)).vault_id)
        for number, row in enumerate(kept, start=1):
            row.update(seq=number, prev_hash=prev)
            row["entry_hash"] = prev = audit._entry_hash(row)
            conn.execute(text(f"INSERT INTO audit_log ({COLUMNS}, entry_hash) VALUES ({_params()})"), row)
        key = bytes.fromhex(conn.execute(text("SELECT key FROM audit_sealing_key")).scalar_one())
        if reseal:
            conn.execute(text("DELETE FROM audit_seals"))
            for row in kept:
                mac = audit.audit_seal._mac(key, row["seq"], row["entry_hash"])
                conn.execute(
                    text("INSERT INTO audit_seals (seq, mac) VALUES (:s, :m)"), {"s": row["seq"], "m": mac}
                )
            conn.execute(text("UPDATE audit_sealing_key SET next_seq = :n"), {"n": len(kept) + 1})
        head_key = audit._head_key(conn, audit.head_mac_key(dek))
        conn.execute(
            text("UPDATE audit_head SET seq = :s, entry_hash = :h, mac = :m"),
            {"s": len(kept), "h": prev, "m": audit._head_mac(head_key, len(kept), prev)},
        )
    engine.dispose()


def _params() -> str:
    return ", ".join(f":{c.strip()}" for c in (COLUMNS + ", entry_hash").split(","))


def _admin_verify(practice: Path) -> audit_trail.ChainReport:
    admin = sign_in(practice, "admin")
    try:
        return audit_trail.verify(admin)
    finally:
        auth.sign_out(admin)


@pytest.mark.parametrize("reseal", [False, True], ids=["chain-rewritten", "chain-and-seals-rewritten"])
def test_front_desk_rewrite_of_the_past_is_named_by_admin_verify_and_the_cli(
    practice: Path, reseal: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    nurse_opens_charts(practice)
    _rewrite(practice, _front_desk_key(practice), delete="r['action'] == 'chart.open'", reseal=reseal)
    engine = make_engine(practice, _front_desk_key(practice))
    with engine.connect() as conn:  # what protected the log before the seal: fooled by the rewrite
        assert audit.verify(conn, audit.head_mac_key(_front_desk_key(practice)), _vault_id(practice)).ok
    engine.dispose()
    report = _admin_verify(practice)
    assert not report.ok
    assert any(word in report.problem for word in ("rewritten", "replaced", "removed", "missing"))
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["audit", "verify", "--vault", str(practice), "--user", "admin", "--password-stdin"],
        ADMIN_PASSWORD + "\n",
    )
    assert code == 2 and "Audit trail BROKEN" in out


def test_truncating_the_newest_entries_is_named(practice: Path) -> None:
    nurse_opens_charts(practice)
    engine = make_engine(practice, _front_desk_key(practice))
    with engine.connect() as conn:
        last = conn.execute(text("SELECT max(seq) FROM audit_log")).scalar_one()
    engine.dispose()
    _rewrite(practice, _front_desk_key(practice), delete=f"r['seq'] > {last - 3}", reseal=False)
    report = _admin_verify(practice)
    assert not report.ok and report.first_broken_seq == last - 2
    assert f"#{last - 2} is missing" in report.problem  # the admin's sign-in came after, numbered #{last + 1}


def test_appending_with_todays_key_still_verifies(practice: Path) -> None:
    nurse_opens_charts(practice)
    fred = sign_in(practice, "fred")  # any user appends (refusals, views) with the key of the day
    fred.audit_separately("chart.open", "refused")
    auth.sign_out(fred)
    report = _admin_verify(practice)
    assert report.ok, report.problem
    assert report.sealed_from == 1 and "forward-secure seals" in report.describe()


def test_an_admin_slot_stripped_of_its_seed_cannot_call_the_trail_intact(practice: Path) -> None:
    keys = KeySlotsFile.load(keys_path_for(practice))
    for slot in keys.slots:
        slot.audit_box = {}
    keys.save()
    report = _admin_verify(practice)
    assert not report.ok and "no verifying key" in report.problem


def test_a_non_admin_slot_never_holds_the_seed(practice: Path) -> None:
    keys = KeySlotsFile.load(keys_path_for(practice))
    holders = {(s.kind, s.label) for s in keys.slots if s.audit_box}
    assert holders == {("user", "admin"), ("recovery", "recovery")}


def _vault_id(practice: Path) -> str:
    return KeySlotsFile.load(keys_path_for(practice)).vault_id


def test_a_vault_from_before_the_seal_starts_sealing_at_the_first_admin_sign_in(tmp_path: Path) -> None:
    from carecoord_desktop.services import key_rotation

    fixture = Path(__file__).parent / "data" / "schema-0002.ccvault"
    target = tmp_path / fixture.name
    shutil.copy2(fixture, target)
    shutil.copy2(keys_path_for(fixture), keys_path_for(target))
    assert {s.version for s in KeySlotsFile.load(keys_path_for(target)).slots} == {1}
    admin = auth.sign_in(target, "admin", ADMIN_PASSWORD)
    report = audit_trail.verify(admin)
    assert report.ok and report.sealed_from is not None and report.sealed_from > 1, report.describe()
    slots = {(s.kind, s.label): s for s in KeySlotsFile.load(keys_path_for(target)).slots}
    assert (
        slots["user", "admin"].version == 2 and slots["user", "admin"].audit_box
    )  # upgraded, holds the seed
    assert slots["recovery", "recovery"].version == 1  # never used since: cannot receive a rotated key
    outcome = key_rotation.rotate_database_key(admin)
    auth.sign_out(admin)
    assert outcome.new_recovery_key and any(
        "nina's password: made by an older version" in d for d in outcome.dropped
    )
    auth.sign_out(auth.sign_in(target, "admin", ADMIN_PASSWORD))


def test_an_admin_staying_signed_in_can_still_verify(practice: Path, memory_keyring: MemoryKeyring) -> None:
    from carecoord_desktop.services import practice as practice_service
    from carecoord_desktop.services import stay_signed_in

    admin = sign_in(practice, "admin")
    practice_service.update_settings(admin, allow_stay_signed_in=True)
    stay_signed_in.remember_this_computer(admin)
    auth.sign_out(admin)
    admin = auth.sign_in_with_keyring(practice, "admin")
    report = audit_trail.verify(admin)
    auth.sign_out(admin)
    assert report.ok and report.sealed_from == 1, report.describe()


def test_an_entry_rolled_back_takes_its_key_step_with_it(practice: Path) -> None:
    admin = sign_in(practice, "admin")
    with pytest.raises(RuntimeError), admin.vault.write() as conn:
        admin.record(conn, "chart.open", patient_id=1)  # sealed, key advanced ... then the transaction fails
        raise RuntimeError("disk gone")
    admin.audit_separately("chart.open", "ok", patient_id=2)
    report = audit_trail.verify(admin)
    auth.sign_out(admin)
    assert report.ok, report.problem
