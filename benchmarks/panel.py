"""Panel, search and chart performance on a synthetic practice. Prints one JSON object.

    python -m benchmarks.panel --patients 100000 [--vault-dir DIR] [--json FILE] [--seed S]

The practice is built in a child process, so peak_rss_mb is the memory of the measuring process: open,
panel, sort, filter, search and charts, as the app does them. The panel,
sort, filter and search figures drive the UI's own table model (offscreen): the service call, the model
update and the text of the rows a screen shows. Search is timed over realistic queries typed one character
at a time. chart_open is the service call that loads, checks and audits a chart. The same queries' SQL is timed on the encrypted vault and on
an unencrypted copy (made in a temp folder from synthetic data and deleted at the end), so the encryption
overhead is a ratio within one run.

With --vault-dir, a practice built there earlier is reused only when its build record names this harness
version, the code's schema revision, the same size and the same seed (benchmarks/build_record.py); otherwise it
is rebuilt. Bump HARNESS_VERSION whenever build() would make a different practice from the same size and seed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.build_record import BuildRecord, ensure_built, read_build_record

HARNESS = "benchmarks.panel"
HARNESS_VERSION = 3  # 2: one random stream per feature of each synthetic patient; 3: medication lists
BENCH_PASSWORD = "lilac-orbit-7731-quay"  # noqa: S105 - protects synthetic data only
ADMIN, NURSE = "admin", "nurse"


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _timed(fn: Callable[[], Any], repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# -- building (child process) ----------------------------------------------------------------------
def build(path: Path, patients: int, seed: int) -> None:
    from carecoord_desktop.domain.practice import PracticeSettings
    from carecoord_desktop.domain.roles import Role
    from carecoord_desktop.services import auth, demo_medications, staff, synthetic_practice

    session, _ = auth.create_practice(
        auth.NewPractice(
            path,
            PracticeSettings(practice_name="Benchmark Practice"),
            ADMIN,
            "Ada Admin",
            BENCH_PASSWORD,
            synthetic=True,
        )
    )
    staff.add_staff(
        session,
        NURSE,
        "Nina Okafor",
        Role.NURSE_COORDINATOR,
        BENCH_PASSWORD,
        BENCH_PASSWORD,
        must_change_password=False,
    )
    start = time.perf_counter()
    synthetic_practice.fill(session, patients, seed)
    demo_medications.fill(session, random.Random(seed), share=1.0)  # a list on every active patient
    generate_s = time.perf_counter() - start
    revision = session.vault.schema_revision() or "none"
    auth.sign_out(session)
    record = BuildRecord(HARNESS, HARNESS_VERSION, revision, patients, seed)
    record.write(path, generate_s=round(generate_s, 2))


def wanted_build(patients: int, seed: int) -> BuildRecord:
    """The build this code would make: what a reusable vault's record must name."""
    from carecoord_desktop.storage.vault import head_revision

    return BuildRecord(HARNESS, HARNESS_VERSION, head_revision(), patients, seed)


def _build_in_child(path: Path, patients: int, seed: int) -> None:
    command = [
        sys.executable,
        "-m",
        HARNESS,
        "--build-only",
        "--patients",
        str(patients),
        "--seed",
        str(seed),
    ]
    subprocess.run([*command, "--vault-dir", str(path.parent)], check=True)


# -- measuring -------------------------------------------------------------------------------------
def _queries(rows: list[Any], rng: random.Random, today: date) -> list[str]:
    """Realistic things a coordinator types: names either way round, partial names, MRNs, DOBs, phones."""
    out: list[str] = []
    for row in rows:
        kind = rng.randrange(8)
        born = row.date_of_birth
        if kind <= 1:
            out.append(f"{row.family_name} {row.given_name}")
        elif kind == 2:
            out.append(f"{row.given_name} {row.family_name}")
        elif kind == 3:
            out.append(f"{row.family_name[:4]} {row.given_name[:2]}")
        elif kind == 4:
            out.append(row.mrn)
        elif kind == 5:
            out.append(born.strftime("%m/%d/%Y") if rng.random() < 0.5 else born.isoformat())
        elif kind == 6 and row.phone:
            out.append(row.phone[-4:])
        else:
            out.append(row.preferred_name or row.family_name)
    return out


def measure(path: Path, seed: int) -> dict[str, Any]:
    from carecoord_desktop.services import auth, medications, patients
    from carecoord_desktop.services.patients import PanelFilter, PanelQuery
    from carecoord_desktop.storage.db import make_engine
    from carecoord_desktop.storage.keys import KeySlotsFile
    from carecoord_desktop.storage.vault import Vault, keys_path_for

    today = date.today()
    rng = random.Random(seed)
    result: dict[str, Any] = {}

    signin = _timed(lambda: auth.sign_out(auth.sign_in(path, NURSE, BENCH_PASSWORD)), 3)
    result["signin_ms"] = _ms(statistics.median(signin))
    keys = KeySlotsFile.load(keys_path_for(path))
    dek = keys.unwrap_any("user", NURSE, BENCH_PASSWORD.encode())

    def open_close() -> None:
        vault = Vault.open(path, dek, keys, holder="bench")
        vault.meta_value("vault_id")
        vault.close()

    result["open_ms"] = _ms(statistics.median(_timed(open_close, 5)))

    session = auth.sign_in(path, NURSE, BENCH_PASSWORD)
    # The panel's and the quick search's own table model, offscreen: what the UI runs, minus painting.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, Qt

    from carecoord_desktop.ui.models.patient_table_model import PatientTableModel, patient_model

    app = QCoreApplication.instance() or QCoreApplication([])
    model = patient_model(session)
    display = Qt.ItemDataRole.DisplayRole

    def shown(rows: int, columns: range) -> None:
        """Read the text the view would paint for the first rows."""
        for r in range(min(rows, model.rowCount())):
            for c in columns:
                model.data(model.index(r, c), display)

    panel_columns = range(model.columnCount())

    def first_page(query: PanelQuery) -> None:
        assert model.set_query(query)
        shown(40, panel_columns)

    result["panel_first_page_ms"] = _ms(statistics.median(_timed(lambda: first_page(PanelQuery()), 5)))
    sorts = {}
    for column, key in enumerate(PatientTableModel.SORT_KEYS):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            times = []
            for _ in range(3):
                model.set_query(
                    PanelQuery(sort="mrn" if key == "name" else "name")
                )  # a real re-sort each time
                start = time.perf_counter()
                model.sort(column, order)
                shown(40, panel_columns)
                times.append(time.perf_counter() - start)
            sorts[f"{key}{' desc' if order == Qt.SortOrder.DescendingOrder else ''}"] = _ms(
                statistics.median(times)
            )
    result["sort_ms"] = max(sorts.values())
    result["sort_ms_by_key"] = sorts
    some = patients.panel_page(session, PanelQuery(), limit=1)[0]
    filters = {
        "my_patients": patients.default_panel_filter(session),
        "risk_high": PanelFilter(risk_tiers=("high", "complex")),
        "program_ccm": PanelFilter(program="ccm"),
        "condition_diab": PanelFilter(condition="diab"),
        "age_65_80": PanelFilter(
            born_after=date(today.year - 81, today.month, 1),
            born_before=date(today.year - 65, today.month, 1),
        ),
        "status_active": PanelFilter(statuses=("active",)),
        "pcp": PanelFilter(pcp_id=patients.open_chart(session, some.id).patient.pcp_id),
        "ccm_high_by_dob": PanelFilter(program="ccm", risk_tiers=("high",)),
        "high_alert_medication": PanelFilter(on_high_alert_medication=True, statuses=("active",)),
    }
    filter_times = {
        name: _ms(
            statistics.median(_timed(lambda f=flt: first_page(PanelQuery(filter=f, sort="date_of_birth")), 3))
        )
        for name, flt in filters.items()
    }
    result["filter_ms"] = max(filter_times.values())
    result["filter_ms_by_filter"] = filter_times

    # Search: realistic queries typed one character at a time; each keystroke is the service call, the
    # model update and the text of the rows the quick-search list shows (name, DOB, MRN, phone).
    count = patients.panel_count(session, PanelFilter())
    sample_offsets = [rng.randrange(count) for _ in range(260)]
    sample = [patients.panel_page(session, PanelQuery(), limit=1, offset=o)[0] for o in sample_offsets]
    queries = _queries(sample, rng, today)
    keystrokes = [q[:i] for q in queries for i in range(1, len(q) + 1)]
    search_columns = range(PatientTableModel.PHONE + 1)
    latencies = []
    for text in keystrokes:
        start = time.perf_counter()
        model.set_search_results(patients.search_patients(session, text))
        shown(12, search_columns)
        latencies.append(time.perf_counter() - start)
    result["search_queries"] = len(queries)
    result["search_keystrokes"] = len(keystrokes)
    result["search_p50_ms"] = _ms(_pct(latencies, 0.50))
    result["search_p95_ms"] = _ms(_pct(latencies, 0.95))
    result["search_max_ms"] = _ms(max(latencies))
    del app

    charts = [rng.choice(sample).id for _ in range(200)]
    chart_times = []
    for patient_id in charts:
        start = time.perf_counter()
        patients.open_chart(session, patient_id)
        chart_times.append(time.perf_counter() - start)
    result["chart_open_p50_ms"] = _ms(_pct(chart_times, 0.50))
    result["chart_open_p95_ms"] = _ms(_pct(chart_times, 0.95))
    meds_times = []  # the Medications tab, read when it is first shown: the list, histories and marks
    for patient_id in charts:
        start = time.perf_counter()
        medications.chart_medications(session, patient_id)
        meds_times.append(time.perf_counter() - start)
    result["medications_tab_p95_ms"] = _ms(_pct(meds_times, 0.95))
    auth.sign_out(session)

    # The same search SQL on the encrypted vault and on an unencrypted copy.
    from carecoord_desktop.services.patients import _search_ids
    from carecoord_desktop.storage import patients_repo

    plain_dir = Path(tempfile.mkdtemp(prefix="cc-bench-plain-"))
    try:
        plain = plain_dir / "plain.db"
        raw = make_engine(path, dek).raw_connection()
        raw.cursor().execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
        raw.cursor().execute("SELECT sqlcipher_export('plaintext')")
        raw.cursor().execute("DETACH DATABASE plaintext")
        raw.close()
        engines = {"encrypted": make_engine(path, dek), "plain": make_engine_plain(plain)}
        sql_times: dict[str, list[float]] = {"encrypted": [], "plain": []}
        for _round in range(2):  # alternate, so neither side always runs on a warmer machine
            for name, engine in engines.items():
                with engine.connect() as conn:
                    for text in keystrokes:
                        start = time.perf_counter()
                        patients_repo.rows_by_id(
                            conn, _search_ids(conn, text, patients.SEARCH_LIMIT, today), today=today
                        )
                        sql_times[name].append(time.perf_counter() - start)
        for engine in engines.values():
            engine.dispose()
    finally:
        shutil.rmtree(plain_dir, ignore_errors=True)
    result["encrypted_sql_search_p50_ms"] = _ms(statistics.median(sql_times["encrypted"]))
    result["plain_sqlite_search_p50_ms"] = _ms(statistics.median(sql_times["plain"]))
    result["encryption_overhead_ratio"] = round(
        result["encrypted_sql_search_p50_ms"] / result["plain_sqlite_search_p50_ms"], 3
    )
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def make_engine_plain(path: Path) -> Any:
    """The same driver (sqlcipher3) and pragmas as the vault, without a key."""
    import sqlcipher3
    from sqlalchemy import create_engine

    def connect() -> Any:
        conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn

    return create_engine("sqlite://", creator=connect, module=sqlcipher3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--vault-dir", type=Path, help="where to build or reuse the practice (default: a temp folder)"
    )
    parser.add_argument("--json", type=Path, help="also write the JSON here")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    folder = args.vault_dir or Path(tempfile.mkdtemp(prefix="cc-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{args.patients}-seed{args.seed}.ccvault"
    if args.build_only:
        build(path, args.patients, args.seed)
        return 0
    wanted = wanted_build(args.patients, args.seed)
    reused = ensure_built(path, wanted, lambda p: _build_in_child(p, args.patients, args.seed))
    built = read_build_record(path) or {}
    result: dict[str, Any] = {
        "patients": args.patients,
        "seed": args.seed,
        "harness_version": HARNESS_VERSION,
        "schema_revision": wanted.schema_revision,
        "reused_vault": reused,
        "generate_s": built.get("generate_s"),
        "vault_mb": round(path.stat().st_size / 2**20, 1),
    }
    result.update(measure(path, args.seed))
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
