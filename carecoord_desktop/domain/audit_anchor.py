"""An audit trail's anchor: its last entry number and hash, as kept outside the vault file (issue 8.3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Anchor:
    seq: int
    entry_hash: str
    source: str = ""  # where it was read: "this computer's keyring" or a backup's file name

    def as_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "entry_hash": self.entry_hash}

    @classmethod
    def from_json(cls, raw: Any, source: str) -> Anchor | None:
        try:
            seq, entry_hash = raw["seq"], raw["entry_hash"]
        except (KeyError, TypeError):
            return None
        if type(seq) is not int or seq < 0 or not isinstance(entry_hash, str) or len(entry_hash) > 128:
            return None
        return cls(seq, entry_hash, source)
