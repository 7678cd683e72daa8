"""`carecoord rules tcm | lace | hospital`: the TCM clocks and the risk scores checked outside the app."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import run


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--discharge", "2026-11-20"],
            {
                "discharge": "2026-11-20",
                "contact_due": "2026-11-24",
                "visit_due_high": "2026-11-27",
                "visit_due_moderate": "2026-12-04",
                "med_rec_due": "2026-12-20",
                "period_end": "2026-12-19",
            },
        ),
        (
            ["--discharge", "2026-12-30", "--complexity", "moderate"],
            {
                "discharge": "2026-12-30",
                "contact_due": "2027-01-04",
                "visit_due_high": "2027-01-06",
                "visit_due_moderate": "2027-01-13",
                "med_rec_due": "2027-01-29",
                "period_end": "2027-01-28",
                "complexity": "moderate",
                "visit_due": "2027-01-13",
            },
        ),
    ],
)
def test_tcm_prints_the_deadlines(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: dict[str, str],
) -> None:
    code, out, _err = run(monkeypatch, capsys, ["rules", "tcm", *args])
    assert code == 0
    assert json.loads(out) == expected


def test_tcm_follows_the_state_calendar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["rules", "tcm", "--discharge", "2027-04-16", "--country", "us", "--subdiv", "ma"]
    code, out, _err = run(monkeypatch, capsys, args)
    assert code == 0 and json.loads(out)["contact_due"] == "2027-04-21"  # Patriots' Day is skipped


def test_lace_prints_score_points_and_band(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["rules", "lace", "--los", "14", "--acute", "yes", "--charlson", "4", "--ed-visits", "5"]
    code, out, _err = run(monkeypatch, capsys, args)
    assert code == 0
    assert json.loads(out) == {"score": 19, "points": {"L": 7, "A": 3, "C": 5, "E": 4}, "band": "high"}


def test_lace_just_under_the_cut_off_is_low(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["rules", "lace", "--los", "3", "--acute", "yes", "--charlson", "3", "--ed-visits", "0"]
    code, out, _err = run(monkeypatch, capsys, args)
    assert code == 0 and json.loads(out)["score"] == 9 and json.loads(out)["band"] == "low"


@pytest.mark.parametrize(
    ("admissions", "los", "score", "band"),
    [("1", "4", 4, "low"), ("2", "4", 6, "intermediate"), ("6", "4", 9, "high"), ("2", "5", 8, "high")],
)
def test_hospital_prints_score_points_and_band(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    admissions: str,
    los: str,
    score: int,
    band: str,
) -> None:
    flags = [
        "--hb-low",
        "yes",
        "--oncology",
        "yes",
        "--sodium-low",
        "no",
        "--procedure",
        "no",
        "--urgent",
        "yes",
    ]
    args = ["rules", "hospital", *flags, "--admissions", admissions, "--los", los]
    code, out, _err = run(monkeypatch, capsys, args)
    result = json.loads(out)
    assert code == 0 and (result["score"], result["band"]) == (score, band)
    assert result["points"]["O"] == 2 and result["points"]["S"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tcm", "--discharge", "2026-02-30"], "not a date"),
        (["tcm", "--discharge", "2026-11-20", "--country", "XX"], "--country XX"),
        (["lace", "--los", "-1", "--acute", "yes", "--charlson", "0", "--ed-visits", "0"], "negative"),
        (["lace", "--los", "2", "--acute", "maybe", "--charlson", "0", "--ed-visits", "0"], "yes or no"),
    ],
)
def test_bad_input_is_one_plain_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(monkeypatch, capsys, ["rules", *args])
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
