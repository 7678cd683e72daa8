"""What changed between two versions of a record, as (field path, old, new) lines a person can read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
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


def _leaves(value: Any, prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _flatten(value, prefix, out)
    return out


def _key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, default=str)


def _diff(old: Any, new: Any, prefix: str, out: list[FieldChange]) -> None:
    if isinstance(old, dict) and isinstance(new, dict) and (old or new):
        for key in dict.fromkeys([*old, *new]):
            path = f"{prefix}.{key}" if prefix else str(key)
            _diff(old.get(key), new.get(key), path, out)
    elif isinstance(old, list | tuple) and isinstance(new, list | tuple) and (old or new):
        _diff_lists(list(old), list(new), prefix, out)
    else:
        before, after = _leaves(old, prefix), _leaves(new, prefix)
        for path in dict.fromkeys([*before, *after]):
            if before.get(path) != after.get(path):
                out.append(FieldChange(path, before.get(path), after.get(path)))


def _diff_lists(old: list[Any], new: list[Any], prefix: str, out: list[FieldChange]) -> None:
    """Items are matched by content, not position: removing the first of three is one removal.

    An item edited in place (a replaced run of equal length) is compared field by field; the old side's
    index names removed and edited items, the new side's index names added ones."""
    matcher = SequenceMatcher(a=[_key(x) for x in old], b=[_key(x) for x in new], autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and a2 - a1 == b2 - b1:
            for offset in range(a2 - a1):
                _diff(old[a1 + offset], new[b1 + offset], f"{prefix}[{a1 + offset}]", out)
            continue
        for index in range(a1, a2):
            _diff(old[index], None, f"{prefix}[{index}]", out)
        for index in range(b1, b2):
            _diff(None, new[index], f"{prefix}[{index}]", out)


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Leaf-level differences; a field present on one side only shows None on the other."""
    out: list[FieldChange] = []
    _diff(old, new, "", out)
    return out
