"""Sign-in refusals at the product's key-derivation cost. Prints one JSON object.

    python -m benchmarks.signin [--repeat N] [--json FILE]

An unknown username, a disabled account and a wrong password must take the same time (issue 8, finding
16), and a correct sign-in about as long. Medians in milliseconds, on a fresh practice in a temp folder.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from carecoord_desktop.domain.errors import SignInFailed
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import auth, staff
from carecoord_desktop.storage.keys import STRONG_KDF, default_kdf

PASSWORD = "lilac-orbit-7731-quay"  # noqa: S105 - protects an empty practice deleted at the end


def _median_ms(attempt: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        attempt()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1)


def _refused(path: Path, username: str, password: str) -> Callable[[], None]:
    def attempt() -> None:
        try:
            auth.sign_in(path, username, password)
        except SignInFailed:
            return
        raise AssertionError(f"{username} was let in")

    return attempt


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    assert default_kdf() == STRONG_KDF
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.ccvault"
        session, _ = auth.create_practice(
            auth.NewPractice(path, PracticeSettings(practice_name="Bench"), "admin", "Ada Admin", PASSWORD)
        )
        for name in ("nina", "gone"):
            staff.add_staff(session, name, name.title(), Role.NURSE_COORDINATOR, PASSWORD, PASSWORD)
        staff.disable_staff(session, "gone")
        auth.sign_out(session)
        signin_file = path.with_name(path.name + ".signin")

        def clean(attempt: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                signin_file.unlink(missing_ok=True)  # no growing delay between measured attempts
                attempt()

            return run

        def correct() -> None:
            auth.sign_out(auth.sign_in(path, "nina", PASSWORD))

        result = {
            "kdf": {"t": STRONG_KDF.time_cost, "m_kib": STRONG_KDF.memory_kib, "p": STRONG_KDF.parallelism},
            "repeat": args.repeat,
            "unknown_user_ms": _median_ms(clean(_refused(path, "nobody", "wrong password 1")), args.repeat),
            "disabled_user_ms": _median_ms(clean(_refused(path, "gone", PASSWORD)), args.repeat),
            "wrong_password_ms": _median_ms(clean(_refused(path, "nina", "wrong password 1")), args.repeat),
            "correct_sign_in_and_out_ms": _median_ms(clean(correct), args.repeat),
        }
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text)


if __name__ == "__main__":
    main()
