"""docs/referrals.md writes out the table of allowed transitions: it must say what the code does."""

from __future__ import annotations

from pathlib import Path

from carecoord_desktop.domain.referrals import TRANSITIONS, ReferralState

DOC = Path(__file__).parents[2] / "docs" / "referrals.md"


def test_the_written_table_is_the_code_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("Machine-readable")[1].split("```")[1]
    written: dict[ReferralState, set[ReferralState]] = {}
    for line in block.strip().splitlines():
        source, _, targets = line.partition("->")
        written[ReferralState(source.strip())] = {ReferralState(t) for t in targets.split()}
    assert written == {state: set(targets) for state, targets in TRANSITIONS.items()}
