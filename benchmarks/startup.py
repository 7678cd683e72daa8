"""Start-up time of the real app, as separate processes. Prints one JSON object.

    python -m benchmarks.startup [--json FILE]

Builds its own demo vault first (not timed; the product's strong key derivation, 2,000 patients). Then,
under Xvfb (and offscreen, the Qt platform without any display), five starts each of
`carecoord-desktop --vault VAULT` (benchmarks/startup_child.py), after one untimed start that warms the
disk cache:
- start_to_signin_ms: from just before the process is started to the sign-in window's first paint;
- enter_to_main_ms: from pressing Enter in the password field (once the background warm-up has finished,
  as it has while a person types) to the main window's first paint. It includes the key derivation at its
  strong product setting (Argon2id), opening the vault, the sign-in's audit entry and the Patients area.
Top-level figures are the medians under Xvfb (offscreen where there is no Xvfb); each mode also has the
process's CPU time for both steps (`*_cpu_ms`, all threads: what the wall-clock figures approach on an idle
machine) and how long the background warm-up took. `kdf` times the key derivation alone, `load_average`
says how busy the machine was. `slowest_imports` comes from `python -X importtime` on the way to the sign-in
window.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RUNS = 5
ROOT = Path(__file__).resolve().parents[1]  # where `-m benchmarks.startup_child` is found
NURSE = "nurse"  # the demo's nurse coordinator: lands on the Patients area with a full panel
DEMO_PATIENTS = 2000
TIMEOUT_S = 60


def build_vault(folder: Path) -> tuple[Path, str, dict[str, Any]]:
    from carecoord_desktop.services import demo
    from carecoord_desktop.services.demo_accounts import DEMO_ACCOUNTS

    started = time.perf_counter()
    path = demo.create_demo(folder, patients=DEMO_PATIENTS, seed=1)
    password = next(a.password for a in DEMO_ACCOUNTS if a.username == NURSE)
    return path, password, {"patients": DEMO_PATIENTS, "build_s": round(time.perf_counter() - started, 1)}


class Xvfb:
    """A private X server for the runs (display number chosen by the server itself)."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            self.display = ":" + pipe.readline().strip()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def child_env(profile: Path, platform: str, display: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "QT_", "DISPLAY"))}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(profile / name.lower())
    env["QT_QPA_PLATFORM"] = platform
    if display:
        env["DISPLAY"] = display
    return env


def one_start(vault: Path, password: str, env: dict[str, str]) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.startup_child", str(vault), NURSE, password, "full"]
    started = time.monotonic()
    done = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    events = {e["event"]: e for e in map(json.loads, filter(None, done.stdout.splitlines()))}
    if done.returncode != 0 or not {"signin", "enter", "main"} <= events.keys():
        raise RuntimeError(f"a start failed (exit {done.returncode}): {done.stderr[-2000:]}")
    return {
        "start_to_signin_ms": (events["signin"]["t"] - started) * 1000,
        "enter_to_main_ms": (events["main"]["t"] - events["enter"]["t"]) * 1000,
        "warm_up_ms": events["warm"]["seconds"] * 1000,
        # CPU the process used (all threads): what the wall-clock figures would approach on an idle machine
        "start_to_signin_cpu_ms": events["signin"]["cpu"] * 1000,
        "enter_to_main_cpu_ms": (events["main"]["cpu"] - events["enter"]["cpu"]) * 1000,
    }


def mode_figures(vault: Path, password: str, env: dict[str, str]) -> dict[str, Any]:
    one_start(vault, password, env)  # untimed: fills the disk cache
    runs = [one_start(vault, password, env) for _ in range(RUNS)]
    figures: dict[str, Any] = {key: round(statistics.median(r[key] for r in runs), 1) for key in runs[0]}
    figures["runs"] = [{k: round(v, 1) for k, v in r.items()} for r in runs]
    return figures


def slowest_imports(vault: Path, password: str, env: dict[str, str], count: int = 15) -> dict[str, Any]:
    """python -X importtime up to the sign-in window: the total and the imports that cost most themselves."""
    command = [
        sys.executable,
        "-X",
        "importtime",
        "-m",
        "benchmarks.startup_child",
        str(vault),
        NURSE,
        password,
    ]
    done = subprocess.run(
        [*command, "signin"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        rows.append((name, int(self_us.strip()), int(cumulative_us.strip()), len(name) - len(name.lstrip())))
    top = min((depth for *_rest, depth in rows), default=0)
    top_level = sum(cumulative for _name, _self, cumulative, depth in rows if depth == top)
    project = [r for r in rows if r[0].strip().startswith("carecoord_desktop")]
    return {
        "to_signin_total_ms": round(top_level / 1000, 1),
        "modules_imported": len(rows),
        "project_modules": sorted({r[0].strip() for r in project}),
        "by_self_time": [
            {"module": name.strip(), "self_ms": round(s / 1000, 1), "cumulative_ms": round(c / 1000, 1)}
            for name, s, c, _depth in sorted(rows, key=lambda r: -r[1])[:count]
        ],
    }


def measure() -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="carecoord-startup-"))
    try:
        vault, password, built = build_vault(work / "demo")
        modes: dict[str, Any] = {}
        xvfb = Xvfb() if shutil.which("Xvfb") else None
        try:
            if xvfb is not None:
                modes["xvfb"] = mode_figures(vault, password, child_env(work / "xvfb", "xcb", xvfb.display))
        finally:
            if xvfb is not None:
                xvfb.stop()
        offscreen = child_env(work / "offscreen", "offscreen")
        modes["offscreen"] = mode_figures(vault, password, offscreen)
        headline = modes.get("xvfb", modes["offscreen"])
        return {
            "benchmark": "startup",
            "start_to_signin_ms": headline["start_to_signin_ms"],
            "enter_to_main_ms": headline["enter_to_main_ms"],
            "headline_mode": "xvfb" if "xvfb" in modes else "offscreen",
            "targets_ms": {"start_to_signin": 500, "enter_to_main": 600},
            "runs_per_mode": RUNS,
            "modes": modes,
            "slowest_imports": slowest_imports(vault, password, offscreen),
            "vault": built,
            "kdf": _kdf(vault, password),
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _kdf(vault: Path, password: str) -> dict[str, float]:
    """The key derivation alone (unwrapping the nurse's key slot), in this process: the part of
    enter_to_main_ms that is the strong KDF at the machine's current load."""
    from carecoord_desktop.services import auth
    from carecoord_desktop.storage.keys import default_kdf

    keys = auth.load_keys(vault)
    walls, cpus = [], []
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        keys.unwrap_any("user", NURSE, password.encode("utf-8"))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    kdf = default_kdf()
    return {
        "time_cost": kdf.time_cost,
        "memory_kib": kdf.memory_kib,
        "parallelism": kdf.parallelism,
        "derive_ms": round(statistics.median(walls) * 1000, 1),
        "derive_cpu_ms": round(statistics.median(cpus) * 1000, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    text = json.dumps(measure(), indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
