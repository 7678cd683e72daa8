"""`carecoord rules business-days`: the calendar checked outside the app (no vault)."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import run


@pytest.mark.parametrize(
    ("args", "expected", "skipped"),
    [
        # a Friday before a Monday holiday (Labor Day 2026)
        (["--from", "2026-09-04", "--days", "1"], "2026-09-08", ["2026-09-05", "2026-09-06", "2026-09-07"]),
        # an observed holiday: 4 July 2026 is a Saturday, observed on Friday 3 July
        (["--from", "2026-07-02", "--days", "1"], "2026-07-06", ["2026-07-03", "2026-07-04", "2026-07-05"]),
        # a discharge on a holiday (Christmas, a Friday): the start never counts
        (["--from", "2026-12-25", "--days", "2"], "2026-12-29", ["2026-12-26", "2026-12-27"]),
        # year end: New Year's Day 2027 is a Friday
        (["--from", "2026-12-31", "--days", "1"], "2027-01-04", ["2027-01-01", "2027-01-02", "2027-01-03"]),
        # a state holiday for one state only: Patriots' Day (Massachusetts), not California
        (
            ["--from", "2026-04-17", "--days", "1", "--subdiv", "MA"],
            "2026-04-21",
            ["2026-04-18", "2026-04-19", "2026-04-20"],
        ),
        (
            ["--from", "2026-04-17", "--days", "1", "--subdiv", "CA"],
            "2026-04-20",
            ["2026-04-18", "2026-04-19"],
        ),
        # another country's calendar
        (["--from", "2026-06-30", "--days", "1", "--country", "CA"], "2026-07-02", ["2026-07-01"]),
        (["--from", "2026-11-18", "--days", "0"], "2026-11-18", []),
    ],
)
def test_business_days(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
    skipped: list[str],
) -> None:
    code, out, _err = run(monkeypatch, capsys, ["rules", "business-days", *args])
    assert code == 0
    result = json.loads(out)
    assert result == {"from": args[1], "days": int(args[3]), "date": expected, "skipped": skipped}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-11-18", "--days", "2", "--country", "XX"], "--country XX"),
        (["--from", "2026-11-18", "--days", "2", "--subdiv", "ZZ"], "--subdiv ZZ"),
        (["--from", "2026-11-18", "--days", "-1"], "0 or more"),
    ],
)
def test_bad_input_is_one_plain_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(monkeypatch, capsys, ["rules", "business-days", *args])
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_a_bad_date_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(
        monkeypatch, capsys, ["rules", "business-days", "--from", "18/11/2026", "--days", "2"]
    )
    assert code == 2 and "YYYY-MM-DD" in err
