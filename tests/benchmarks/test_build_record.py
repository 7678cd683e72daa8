"""The panel harness reuses a vault it built earlier only when the build record beside it names this build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import panel
from benchmarks.build_record import BuildRecord, ensure_built, read_build_record
from carecoord_desktop.services import auth, patients
from carecoord_desktop.services.patients import PanelFilter
from carecoord_desktop.storage.vault import head_revision, sidecar_paths

PATIENTS, SEED = 4, 3


class CountingBuild:
    """The harness's own build (in this process, so the test KDF applies), counting the builds it makes."""

    def __init__(self, patients: int = PATIENTS, seed: int = SEED) -> None:
        self.patients, self.seed, self.calls = patients, seed, 0

    def __call__(self, path: Path) -> None:
        self.calls += 1
        panel.build(path, self.patients, self.seed)


def patient_count(path: Path) -> int:
    session = auth.sign_in(path, panel.NURSE, panel.BENCH_PASSWORD)
    try:
        return patients.panel_count(session, PanelFilter())
    finally:
        auth.sign_out(session)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    vault = tmp_path / "bench.ccvault"
    build = CountingBuild()
    assert ensure_built(vault, panel.wanted_build(PATIENTS, SEED), build) is False
    assert build.calls == 1
    return vault


def test_a_fresh_build_records_what_it_built(built: Path) -> None:
    record = read_build_record(built)
    assert record is not None
    assert record["harness"] == "benchmarks.panel"
    assert record["harness_version"] == panel.HARNESS_VERSION
    assert record["schema_revision"] == head_revision()
    assert (record["patients"], record["seed"]) == (PATIENTS, SEED)
    assert record["generate_s"] >= 0
    assert patient_count(built) == PATIENTS


def test_the_same_build_is_reused(built: Path) -> None:
    before = built.stat().st_mtime_ns
    build = CountingBuild()
    assert ensure_built(built, panel.wanted_build(PATIENTS, SEED), build) is True
    assert build.calls == 0
    assert built.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("field", "stale"),
    [
        ("harness_version", panel.HARNESS_VERSION - 1),
        ("schema_revision", "0001"),
        ("patients", 5),
        ("seed", 4),
    ],
)
def test_a_record_naming_another_build_means_a_rebuild(built: Path, field: str, stale: object) -> None:
    record_path = BuildRecord.path_for(built)
    record = json.loads(record_path.read_text())
    record_path.write_text(json.dumps({**record, field: stale}))
    build = CountingBuild()
    assert ensure_built(built, panel.wanted_build(PATIENTS, SEED), build) is False
    assert build.calls == 1
    assert read_build_record(built)[field] == record[field]  # type: ignore[index]


def test_a_build_that_does_not_make_the_wanted_vault_fails_loudly(built: Path) -> None:
    """Wanting a schema revision the code cannot build is an error, never a silently stale measurement."""
    newer = BuildRecord("benchmarks.panel", panel.HARNESS_VERSION, "9999_newer", PATIENTS, SEED)
    with pytest.raises(RuntimeError, match="did not leave the build record"):
        ensure_built(built, newer, CountingBuild())


def test_an_interrupted_build_is_not_reused(built: Path) -> None:
    """A build killed before its last step leaves a vault but no record: it is built again, not measured."""
    BuildRecord.path_for(built).unlink()
    build = CountingBuild()
    assert ensure_built(built, panel.wanted_build(PATIENTS, SEED), build) is False
    assert build.calls == 1
    assert patient_count(built) == PATIENTS
    assert all(part.exists() for part in sidecar_paths(built)[:2])


def test_a_record_without_its_vault_is_not_reused(built: Path) -> None:
    for part in sidecar_paths(built):
        part.unlink(missing_ok=True)
    build = CountingBuild()
    assert ensure_built(built, panel.wanted_build(PATIENTS, SEED), build) is False
    assert build.calls == 1
