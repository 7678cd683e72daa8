"""How fast the medication engine is. Prints one JSON object.

    python -m benchmarks.medrec [--json FILE] [--samples DIR]

medrec_engine_ms: median wall time of one comparison of a 30-medicine current list against 4 source lists
(omissions, new medicines, dose/frequency/route/form changes, interacting pairs, allergies), target <= 20 ms;
medrec_engine_cpu_ms: the same in this process's CPU time (the wall time on a shared machine includes waiting
for a core); vocabulary_load_ms: median time to read resources/drugs/vocabulary.json and make it searchable
(type-ahead), target < 100 ms; vocabulary_search_ms: median of one type-ahead query; meds_check_sample_s: wall
seconds for `carecoord meds check` on the 16 Synthea sample bundles, one process each (null when the folder is
absent; default ../shared/data/synthea-r4 beside the repository); meds_check_sample_max_s: the slowest one.
Runtime dependencies only.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from carecoord_desktop.domain.med_comparison import SourceKind, SourceList, compare
from carecoord_desktop.domain.medications import Frequency, Medication, MedicationStatus
from carecoord_desktop.interop import drug_data

RUNS = 50
ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 27)
CHANGES: list[dict[str, Any]] = [
    {"dose": "2 tablets"},
    {"frequency": Frequency.FOUR_TIMES_DAILY},
    {"route": "IV"},
    {"status": MedicationStatus.ON_HOLD, "hold_reason": "procedure"},
]
QUERIES = ("warf", "coum", "metoprolol succ", "aleve", "insulin gl", "hydrocodone acet", "lisin", "tyl")


def _median_ms(action: Callable[[], object], runs: int | None = None) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``action`` (over RUNS runs unless told)."""
    wall, cpu = [], []
    for _ in range(runs or RUNS):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start_wall) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return round(statistics.median(wall), 3), round(statistics.median(cpu), 3)


def _lists(seed: int = 11) -> tuple[list[Medication], list[SourceList]]:
    """A 30-medicine current list from the vocabulary's clinical drugs (with the classic interacting ones),
    and 4 sources that each drop, add and change a few."""
    rng = random.Random(seed)
    vocabulary = drug_data.load_vocabulary()
    codes = ["855332", "849574", "197604", "897718", "312961", "309362", "105586", "1049221", "860975"]
    products = [e for e in (vocabulary.by_rxcui(c) for c in codes) if e is not None]
    pool = [
        vocabulary.entry(i)
        for i in range(len(vocabulary))
        if vocabulary.entry(i).kind.value == "clinical_drug"
    ]
    products += rng.sample(pool, 30 - len(products))
    frequencies = [Frequency.ONCE_DAILY, Frequency.TWICE_DAILY, Frequency.AT_BEDTIME]

    def medication(entry: Any, **changes: Any) -> Medication:
        data = {
            "display": entry.name,
            "rxnorm": entry.rxcui,
            "ingredients": list(entry.ingredients),
            "form": entry.form,
            "strength": entry.strength,
            "dose": "1 tablet",
            "route": "by mouth",
            "frequency": rng.choice(frequencies),
        }
        return Medication.model_validate({**data, **changes})

    current = [medication(p) for p in products]
    sources = []
    for kind in (
        SourceKind.HOSPITAL_DISCHARGE,
        SourceKind.INTERVIEW,
        SourceKind.PILL_BOTTLES,
        SourceKind.PHARMACY_FILLS,
    ):
        entries = [m for m in current if rng.random() > 0.1]
        for index in rng.sample(range(len(entries)), 4):
            entries[index] = entries[index].model_copy(update=rng.choice(CHANGES))
        entries += [medication(p) for p in rng.sample(pool, 3)]
        sources.append(SourceList(kind, "bench", DAY, tuple(entries)))
    return current, sources


def _engine() -> dict[str, float]:
    current, sources = _lists()
    interactions = drug_data.load_interactions()
    high_alert = drug_data.load_default_high_alert()
    classes = drug_data.load_allergy_classes()
    allergies = ["penicillin", "sulfa", "codeine"]

    def run() -> object:
        return compare(
            current,
            sources,
            allergies=allergies,
            interactions=interactions,
            high_alert=high_alert,
            allergy_classes=classes,
        )

    run()  # warm the normalisation caches once, as a session's first screen does
    wall, cpu = _median_ms(run)
    return {"medrec_engine_ms": wall, "medrec_engine_cpu_ms": cpu}


def _vocabulary() -> dict[str, float]:
    load = drug_data.load_vocabulary.__wrapped__  # the uncached loader: a cold read each time
    wall, _ = _median_ms(load, runs=min(15, RUNS))
    vocabulary = drug_data.load_vocabulary()
    searches = [
        _median_ms(functools.partial(vocabulary.search, query), runs=min(20, RUNS))[0] for query in QUERIES
    ]
    return {"vocabulary_load_ms": wall, "vocabulary_search_ms": round(statistics.median(searches), 3)}


def _samples_folder(given: Path | None) -> Path | None:
    candidates = (
        [given]
        if given is not None
        else [
            ROOT.parent / "shared" / "data" / "synthea-r4",
            ROOT.parent.parent / "shared" / "data" / "synthea-r4",
        ]
    )
    return next((folder for folder in candidates if folder is not None and folder.is_dir()), None)


def _meds_check(folder: Path | None) -> dict[str, float | None]:
    if folder is None:
        return {"meds_check_sample_s": None, "meds_check_sample_max_s": None}
    bundles = sorted(p for p in folder.glob("*.json") if not p.name.startswith(("hospital", "practitioner")))
    if not bundles:
        return {"meds_check_sample_s": None, "meds_check_sample_max_s": None}
    times = []
    for bundle in bundles:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "carecoord_desktop.cli", "meds", "check", str(bundle)],
            capture_output=True,
            check=False,
            timeout=120,
        )
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"meds check failed on {bundle.name}: {result.stderr.decode(errors='replace')}")
    return {"meds_check_sample_s": round(sum(times), 2), "meds_check_sample_max_s": round(max(times), 2)}


def measure(samples: Path | None) -> dict[str, Any]:
    return {
        **_engine(),
        **_vocabulary(),
        **_meds_check(_samples_folder(samples)),
        "runs": RUNS,
        "medicines": 30,
        "sources": 4,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the JSON here")
    parser.add_argument("--samples", type=Path, help="the Synthea R4 sample folder (default: the shared one)")
    args = parser.parse_args(argv)
    text = json.dumps(measure(args.samples), indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
