"""Referral worklist performance on a synthetic practice (50,000 referrals in 100,000 patients). Prints JSON.

    python -m benchmarks.worklists --patients 100000 --vault-dir DIR [--json FILE] [--seed S] [--panel]

The practice is built in a child process (benchmarks.panel's practice plus services/demo_referrals, one
referral for every second patient) and reused only when its build record matches this harness's version, the
schema revision, the size, the seed and today's date (overdue states depend on today). The worklist, filter and
sort figures drive the UI's own table model (offscreen): the service calls (group counts and the first page), the
model update and the text of the rows a screen shows. referral_transition_ms is the service call that checks,
writes and audits one move (draft -> sent). The practice also has 2 % of its patients discharged in the 30 days
before the build day and routine follow-ups (services/demo_transitions, demo_calls): today_ms (the slowest role's
Today screen) and call_list_ms (the front desk's calls) are measured on it (benchmarks/today.py). With --panel,
the panel harness's figures are measured on the same vault, with the referrals present.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks import panel
from benchmarks.panel import ADMIN, BENCH_PASSWORD, NURSE, _ms, _timed

HARNESS_VERSION = 4  # 2, 3: the worklist's covering indexes changed (migration 0006); 4: discharges and calls
REFERRALS_PER_PATIENT = 0.5


def _record(patients: int, seed: int) -> dict[str, Any]:
    from carecoord_desktop.storage.vault import head_revision

    return {
        "harness_version": HARNESS_VERSION,
        "schema_revision": head_revision(),
        "patients": patients,
        "seed": seed,
        "built_on": date.today().isoformat(),
    }


def build(path: Path, patients: int, seed: int) -> None:
    from carecoord_desktop.services import auth, demo_calls, demo_referrals, demo_transitions

    for part in (path, path.with_name(path.name + ".keys"), path.with_suffix(".build.json")):
        part.unlink(missing_ok=True)  # a stale build (another day, version or schema) is replaced
    start = time.perf_counter()
    panel.build(path, patients, seed)
    admin = auth.sign_in(path, ADMIN, BENCH_PASSWORD)
    try:
        referrals = demo_referrals.fill(admin, random.Random(seed), per_patient=REFERRALS_PER_PATIENT)
        # 2 % discharged in the 30 days before the run date (each with its visit to book), 1 % with a
        # routine follow-up, some visits booked: the Today screens' and the call list's work.
        discharges = demo_transitions.fill(admin, random.Random(seed))
        demo_calls.fill(admin, random.Random(seed))
        admin.vault.analyze()
    finally:
        auth.sign_out(admin)
    record = {
        **_record(patients, seed),
        "referrals": referrals,
        "discharges": discharges,
        "generate_s": round(time.perf_counter() - start, 2),
    }
    path.with_suffix(".worklists.json").write_text(json.dumps(record))


def measure(path: Path) -> dict[str, Any]:
    from carecoord_desktop.domain.referrals import ReferralState, TransitionRequest
    from carecoord_desktop.services import auth, referral_worklist, referrals
    from carecoord_desktop.services.referral_worklist import WorklistFilter, WorklistQuery

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import shiboken6
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from benchmarks.today import measure_today
    from carecoord_desktop.ui.referrals.worklist_model import ReferralWorklistModel

    app = QApplication.instance() or QApplication([])  # widgets: the Today screens are measured too
    session = auth.sign_in(path, NURSE, BENCH_PASSWORD)
    result: dict[str, Any] = {}
    try:
        model = ReferralWorklistModel(session)
        columns = range(model.columnCount())

        def first_page(query: WorklistQuery) -> None:
            assert model.set_query(query)
            for row in range(min(40, model.rowCount())):
                for column in columns:
                    model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)

        everything = WorklistQuery()
        first_page(everything)  # warm the page cache once, as a user's second look would be
        result["referral_worklist_ms"] = _ms(statistics.median(_timed(lambda: first_page(everything), 5)))
        result["open_referrals"] = model.total
        result["overdue_or_due_today"] = model.groups.get(0, 0)
        some = referral_worklist.worklist_page(session, everything, limit=1)[0]
        chart = referral_worklist.open_referral(session, some.id)
        today = session.clock.today()
        filters = {
            "my_referrals": WorklistQuery(WorklistFilter(coordinator_id=session.user.id)),
            "referring_provider": WorklistQuery(
                WorklistFilter(provider_id=chart.row["referring_provider_id"])
            ),
            "specialty": WorklistQuery(WorklistFilter(specialty=some.specialty)),
            "urgent_or_stat": WorklistQuery(WorklistFilter(urgencies=("urgent", "stat"))),
            "overdue_only": WorklistQuery(WorklistFilter(overdue_only=True)),
            "last_30_days": WorklistQuery(
                WorklistFilter(referred_from=today - timedelta(days=30), referred_to=today)
            ),
            "including_ended": WorklistQuery(WorklistFilter(include_closed=True)),
        }
        times = {
            name: _ms(statistics.median(_timed(lambda q=q: first_page(q), 3))) for name, q in filters.items()
        }
        result["referral_filter_ms"] = max(times.values())
        result["referral_filter_ms_by_filter"] = times
        # Sorting within the groups by a column header (not a filter: reported on its own).
        sorts = {
            f"{key}{' desc' if descending else ''}": WorklistQuery(sort=key, descending=descending)
            for key in ("patient", "specialist", "specialty", "urgency", "state", "requested_by")
            for descending in (False, True)
        }
        sort_times = {
            name: _ms(statistics.median(_timed(lambda q=q: first_page(q), 3))) for name, q in sorts.items()
        }
        result["referral_sort_ms"] = max(sort_times.values())
        result["referral_sort_ms_by_key"] = sort_times

        drafts = referral_worklist.worklist_page(
            session, WorklistQuery(WorklistFilter(states=(ReferralState.DRAFT.value,))), limit=30
        )
        moves = []
        for row in drafts:
            start = time.perf_counter()
            referrals.transition(session, row.id, TransitionRequest(to=ReferralState.SENT, note="benchmark"))
            moves.append(time.perf_counter() - start)
        result["referral_transition_ms"] = _ms(statistics.median(moves)) if moves else None
        result["referral_transitions_timed"] = len(moves)
        result.update(measure_today(session))
        shiboken6.delete(model)
    finally:
        auth.sign_out(session)
    gc.collect()  # every Qt object goes before the application does (else a crash at the interpreter's exit)
    del app
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--vault-dir", type=Path, help="where to build or reuse the practice (default: a temp folder)"
    )
    parser.add_argument("--json", type=Path, help="also write the JSON here")
    parser.add_argument(
        "--panel", action="store_true", help="also measure the panel harness on the same vault"
    )
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    folder = args.vault_dir or Path(tempfile.mkdtemp(prefix="cc-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"worklists-{args.patients}-seed{args.seed}.ccvault"
    if args.build_only:
        build(path, args.patients, args.seed)
        return 0
    record_path = path.with_suffix(".worklists.json")
    record = json.loads(record_path.read_text()) if record_path.exists() and path.exists() else {}
    reused = bool(record) and all(record.get(k) == v for k, v in _record(args.patients, args.seed).items())
    if not reused:
        command = [sys.executable, "-m", "benchmarks.worklists", "--build-only"]
        command += ["--patients", str(args.patients), "--seed", str(args.seed), "--vault-dir", str(folder)]
        subprocess.run(command, check=True)
        record = json.loads(record_path.read_text())
    result: dict[str, Any] = {
        "patients": args.patients,
        "seed": args.seed,
        "referrals": record["referrals"],
        "discharges_last_30_days": record["discharges"],
        "reused_vault": reused,
        "generate_s": record["generate_s"],
        "vault_mb": round(path.stat().st_size / 2**20, 1),
    }
    result.update(measure(path))
    if args.panel:
        result["panel"] = panel.measure(path, args.seed)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    code = main()
    # Skip the interpreter's teardown: at 100,000 patients (never at 2,000) PySide6's clean-up at exit aborts
    # with "none_dealloc: deallocating None" in the garbage collector, after the JSON is out. Not understood
    # yet; the app itself deletes its windows before exit (carecoord_desktop/app.py) and does not crash.
    sys.stdout.flush()
    os._exit(code)
