"""What changed between two versions of a record, as (field path, old, new) lines a person can read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    path: str  # e.g. "contact.preferred_channel", "phones.mobile", "clinical.problems[2].status"
    old: Any
    new: Any

    @property
    def label(self) -> str:
        """'Contact › Preferred channel' for the history tab."""
        parts = []
        for part in self.path.split("."):
            name, _, index = part.partition("[")
            words = name.replace("_", " ").strip().capitalize()
            parts.append(f"{words} {int(index.rstrip(']')) + 1}" if index else words)
        return " › ".join(parts)


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if not value and prefix:
            out[prefix] = None
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list | tuple):
        if not value and prefix:
            out[prefix] = None
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}[{index}]", out)
    else:
        out[prefix] = value


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Leaf-level differences; a field present on one side only shows None on the other."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    _flatten(old, "", before)
    _flatten(new, "", after)
    keys = list(dict.fromkeys([*before, *after]))
    return [FieldChange(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
