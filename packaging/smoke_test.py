"""Smoke-tests a frozen CareCoord Desktop bundle the way a person would use it, on a private Xvfb screen.

    python packaging/smoke_test.py BUNDLE_DIR --out RESULT.json [--screenshots DIR]

Run by packaging/build.sh with the build virtualenv's Python (it needs python-xlib and Pillow); the bundle itself
runs with a bare environment (no virtualenv, no PYTHONPATH, a fresh HOME), as on a practice's machine.

1. `carecoord --version` and `carecoord-desktop --version` name the version, the build date and the commit.
2. `carecoord demo create` makes the demo practice where `--demo` looks for it; `carecoord vault info` opens it.
3. Start-up, five times: `carecoord-desktop --demo` until its sign-in window is on screen (the X server reports it
   viewable), then the window is closed as a window manager would (WM_DELETE_WINDOW) and the app must exit 0.
4. A session driven through the real UI with synthetic key presses (XTest): type the username and password into
   the sign-in window, wait for the main window, Ctrl+K, type in "Find a patient", Enter to open the first
   match's chart, then close the main window; the app must exit 0.
5. The vault's audit trail (read with the frozen `carecoord audit export`) must hold the sign-in and the chart
   opening, which proves the chart really opened; the log folder must hold no crash report.
Every frozen process must print nothing on stderr. Progress goes to stderr; the figures go to RESULT.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from Xlib import XK, X, display, protocol
from Xlib.ext import xtest
from Xlib.xobject.drawable import Window

# The demo practice's published accounts (README, "The demo practice"); they protect no real data. The session is
# the nurse coordinator's (an administrator has no patient panel); the administrator reads the vault's facts and
# its audit trail from the command line.
ADMIN, ADMIN_PASSWORD = "admin", "maple-harbor-2026"
USER, PASSWORD = "nurse", "birch-meadow-2026"
APP_TITLE = "— CareCoord Desktop"
SIGN_IN_TITLE = "DEMO — Sign in — CareCoord Desktop"
SEARCH_TITLE = "Find a patient"
SEARCH_TEXT = "1"  # an MRN prefix: about one demo patient in nine has one
STARTS = 5
VERSION_LINE = re.compile(
    r"^(carecoord|CareCoord Desktop) \d+\.\d+\.\d+\S* \(built \d{4}-\d\d-\d\d, commit \S+\)$"
)


def log(message: str) -> None:
    print(f"smoke: {message}", file=sys.stderr, flush=True)


class SmokeFailure(Exception):
    pass


class Screen:
    """A private Xvfb server and the X calls the test needs: find windows by title, type, close, screenshot."""

    def __init__(self) -> None:
        read_fd, write_fd = os.pipe()
        self.server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1200x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise SmokeFailure("Xvfb did not start")
        self.name = f":{number}"
        self.d = display.Display(self.name)
        self.root = self.d.screen().root
        self.net_wm_name = self.d.intern_atom("_NET_WM_NAME")
        self.utf8 = self.d.intern_atom("UTF8_STRING")
        self.wm_protocols = self.d.intern_atom("WM_PROTOCOLS")
        self.wm_delete = self.d.intern_atom("WM_DELETE_WINDOW")
        self.net_wm_icon = self.d.intern_atom("_NET_WM_ICON")

    def close(self) -> None:
        self.d.close()
        self.server.terminate()
        self.server.wait(10)

    def title(self, window: Window) -> str:
        prop = window.get_full_property(self.net_wm_name, self.utf8)
        if prop is not None:
            value = prop.value
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        return str(window.get_wm_name() or "")

    def windows(self) -> dict[str, Window]:
        """Viewable top-level windows by title (there is no window manager, so they are the root's children)."""
        found: dict[str, Window] = {}
        for window in self.root.query_tree().children:
            try:
                if window.get_attributes().map_state == X.IsViewable:
                    found[self.title(window)] = window
            except Exception:  # noqa: S112 - a window closed while we looked
                continue
        return found

    def icon_size(self, window: Window) -> tuple[int, int]:
        """The first image of the window's icon (_NET_WM_ICON: width, height, pixels...), or (0, 0)."""
        prop = window.get_full_property(self.net_wm_icon, X.AnyPropertyType)
        if prop is None or len(prop.value) < 3:
            return (0, 0)
        return (int(prop.value[0]), int(prop.value[1]))

    def wait_for(self, test: Callable[[str], bool], what: str, timeout: float) -> tuple[str, Window]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for title, window in self.windows().items():
                if test(title):
                    return title, window
            time.sleep(0.01)
        raise SmokeFailure(f"{what} did not appear within {timeout:.0f} s (windows: {list(self.windows())})")

    def focus(self, window: Window) -> None:
        geometry = window.get_geometry()
        xtest.fake_input(self.d, X.MotionNotify, x=geometry.x + 20, y=geometry.y + 20)
        window.set_input_focus(X.RevertToParent, X.CurrentTime)
        self.d.sync()
        time.sleep(0.3)

    def _key(self, keysym_name: str, *, shift: bool = False) -> None:
        keycode = self.d.keysym_to_keycode(XK.string_to_keysym(keysym_name))
        if not keycode:
            raise SmokeFailure(f"no key for {keysym_name!r} on the Xvfb keyboard")
        shift_code = self.d.keysym_to_keycode(XK.string_to_keysym("Shift_L"))
        if shift:
            xtest.fake_input(self.d, X.KeyPress, shift_code)
        xtest.fake_input(self.d, X.KeyPress, keycode)
        xtest.fake_input(self.d, X.KeyRelease, keycode)
        if shift:
            xtest.fake_input(self.d, X.KeyRelease, shift_code)
        self.d.sync()
        time.sleep(0.02)

    def type(self, text: str) -> None:
        names = {"-": "minus", " ": "space", ".": "period", "_": "underscore"}
        for char in text:
            self._key(names.get(char, char.lower()), shift=char.isupper() or char == "_")

    def press(self, keysym_name: str, *, ctrl: bool = False) -> None:
        ctrl_code = self.d.keysym_to_keycode(XK.string_to_keysym("Control_L"))
        if ctrl:
            xtest.fake_input(self.d, X.KeyPress, ctrl_code)
        self._key(keysym_name)
        if ctrl:
            xtest.fake_input(self.d, X.KeyRelease, ctrl_code)
            self.d.sync()

    def request_close(self, window: Window) -> None:
        """What a window manager's close button does."""
        event = protocol.event.ClientMessage(
            window=window, client_type=self.wm_protocols, data=(32, [self.wm_delete, X.CurrentTime, 0, 0, 0])
        )
        window.send_event(event)
        self.d.sync()

    def screenshot(self, path: Path) -> None:
        geometry = self.root.get_geometry()
        raw = self.root.get_image(0, 0, geometry.width, geometry.height, X.ZPixmap, 0xFFFFFFFF)
        Image.frombytes("RGB", (geometry.width, geometry.height), raw.data, "raw", "BGRX").save(path)


class Bundle:
    """The frozen programs, run with a bare environment and a fresh home."""

    def __init__(self, folder: Path, home: Path, screen: Screen) -> None:
        self.folder = folder
        runtime = home / "runtime"
        runtime.mkdir(mode=0o700, parents=True)
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_RUNTIME_DIR": str(runtime),
            "LANG": "C.UTF-8",
            "DISPLAY": screen.name,
        }
        self.demo_vault = home / "data" / "CareCoord Desktop" / "demo" / "demo-practice.ccvault"
        self.log_folder = home / "state" / "CareCoord Desktop" / "log"

    def cli(self, *args: str, stdin: str = "") -> str:
        done = subprocess.run(
            [str(self.folder / "carecoord"), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=300,
        )
        if done.returncode != 0 or done.stderr:
            raise SmokeFailure(
                f"carecoord {args[0]} exited {done.returncode}; stderr: {done.stderr.strip()!r}"
            )
        return done.stdout

    def start_app(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(self.folder / "carecoord-desktop"), "--demo"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )

    @staticmethod
    def finish(app: subprocess.Popen[str], what: str) -> None:
        try:
            out, err = app.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            app.kill()
            raise SmokeFailure(f"{what}: the app did not exit within 60 s of being closed") from None
        if app.returncode != 0:
            raise SmokeFailure(f"{what}: the app exited {app.returncode}; stderr: {err.strip()!r}")
        if err.strip() or out.strip():
            raise SmokeFailure(f"{what}: the app printed something unexpected: {(err + out).strip()!r}")


def check_cli(bundle: Bundle) -> float:
    """Returns how long `carecoord-desktop --version` took, in ms: the bundle's own start-up (loader, Python) before
    the app imports anything, which frozen_start_ms includes."""
    version_ms = 0.0
    for program in ("carecoord", "carecoord-desktop"):
        started = time.monotonic()
        done = subprocess.run(
            [str(bundle.folder / program), "--version"],
            capture_output=True,
            text=True,
            env=bundle.env,
            timeout=60,
        )
        line = done.stdout.strip()
        if done.returncode != 0 or done.stderr or not VERSION_LINE.match(line):
            raise SmokeFailure(f"{program} --version said {line!r} (exit {done.returncode}, {done.stderr!r})")
        version_ms = round((time.monotonic() - started) * 1000, 1)
        log(f"{program} --version: {line} ({version_ms:.0f} ms)")
    bundle.cli("demo", "create", str(bundle.demo_vault.parent), "--patients", "300")
    info = bundle.cli(
        "vault", "info", "--vault", str(bundle.demo_vault), "--user", ADMIN, "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    if "SQLCipher" not in info or "App version" not in info:
        raise SmokeFailure(f"carecoord vault info said: {info!r}")
    log("carecoord demo create and vault info: fine")
    return version_ms


def measure_start(bundle: Bundle, screen: Screen) -> list[float]:
    samples = []
    for run in range(1, STARTS + 1):
        started = time.monotonic()
        app = bundle.start_app()
        try:
            _title, window = screen.wait_for(lambda t: t == SIGN_IN_TITLE, "the sign-in window", 60)
        except SmokeFailure:
            app.kill()
            app.wait()
            raise
        samples.append(round((time.monotonic() - started) * 1000, 1))
        screen.request_close(window)
        Bundle.finish(app, f"start {run}")
        log(f"start {run}: sign-in window after {samples[-1]:.0f} ms; closed cleanly")
    return samples


def drive_session(bundle: Bundle, screen: Screen, shots: Path | None) -> None:
    app = bundle.start_app()
    try:
        _title, sign_in = screen.wait_for(lambda t: t == SIGN_IN_TITLE, "the sign-in window", 60)
        time.sleep(0.5)  # let it finish its first paint before taking keys
        if shots:
            screen.screenshot(shots / "1-sign-in.png")
        if screen.icon_size(sign_in) == (0, 0):
            raise SmokeFailure("the sign-in window has no icon (resources/icons missing from the bundle?)")
        screen.focus(sign_in)
        screen.type(USER)
        screen.press("Return")  # to the password field
        screen.type(PASSWORD)
        screen.press("Return")  # sign in
        try:
            title, main = screen.wait_for(
                lambda t: t.endswith(APP_TITLE) and "Sign in" not in t, "the main window after signing in", 120
            )
        except SmokeFailure as exc:
            crashes = sorted(bundle.log_folder.glob("crash-*.log"))
            report = crashes[-1].read_text(encoding="utf-8") if crashes else "no crash report"
            raise SmokeFailure(f"{exc}\n{report}") from None
        log(f"signed in: window {title!r}")
        time.sleep(1.0)
        screen.focus(main)
        screen.press("k", ctrl=True)
        _title, search = screen.wait_for(lambda t: t == SEARCH_TITLE, "the Find a patient dialog", 30)
        screen.focus(search)
        screen.type(SEARCH_TEXT)
        time.sleep(1.0)
        if shots:
            screen.screenshot(shots / "2-find-a-patient.png")
        screen.press("Return")  # open the first match's chart
        time.sleep(2.0)
        if shots:
            screen.screenshot(shots / "3-chart.png")
        screen.request_close(main)
    except BaseException:
        app.kill()
        app.wait()
        raise
    Bundle.finish(app, "the session")
    log("session: signed in, opened a chart, closed cleanly")


def check_traces(bundle: Bundle, work: Path) -> None:
    export = work / "audit.csv"
    bundle.cli(
        "audit", "export", "--out", str(export), "--vault", str(bundle.demo_vault), "--user", ADMIN,
        "--password-stdin", stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    with export.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for action in ("sign_in", "chart.open"):
        if not any(row["action"] == action and row["username"] == USER for row in rows):
            seen = sorted({row["action"] for row in rows})
            raise SmokeFailure(f"the audit trail has no {action} by {USER} (actions seen: {seen})")
    crashes = sorted(bundle.log_folder.glob("crash-*.log"))
    if crashes:
        raise SmokeFailure(f"the app wrote a crash report: {crashes[0].read_text(encoding='utf-8')}")
    log("audit trail: the sign-in and the chart opening are there; no crash report")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    screen = Screen()
    try:
        with tempfile.TemporaryDirectory(prefix="carecoord-smoke-") as tmp:
            bundle = Bundle(args.bundle.resolve(), Path(tmp) / "home", screen)
            version_ms = check_cli(bundle)
            samples = measure_start(bundle, screen)
            drive_session(bundle, screen, args.screenshots)
            check_traces(bundle, Path(tmp))
    except SmokeFailure as exc:
        log(f"FAILED: {exc}")
        return 1
    finally:
        screen.close()
    result = {
        "frozen_start_ms": statistics.median(samples),
        "frozen_start_samples_ms": samples,
        "frozen_version_ms": version_ms,
    }
    args.out.write_text(json.dumps(result) + "\n", encoding="utf-8")
    log(f"passed; start to sign-in window, median of {STARTS}: {result['frozen_start_ms']:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
