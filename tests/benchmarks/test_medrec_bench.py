"""benchmarks.medrec prints its keys as JSON, and null for the sample timing when there are no samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import medrec


def test_the_benchmark_writes_its_keys_and_null_without_samples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(medrec, "RUNS", 3)
    out = tmp_path / "medrec.json"
    assert medrec.main(["--json", str(out), "--samples", str(tmp_path / "absent")]) == 0
    result = json.loads(out.read_text())
    assert json.loads(capsys.readouterr().out) == result
    assert result["medrec_engine_ms"] > 0 and result["vocabulary_load_ms"] > 0
    assert result["meds_check_sample_s"] is None and result["meds_check_sample_max_s"] is None
    assert (result["medicines"], result["sources"]) == (30, 4)
