"""Untrusted text made safe to show on one line: no control characters, no terminal escapes, a bounded length."""

from __future__ import annotations

import unicodedata

_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})  # controls (ESC, newline), format, surrogates, separators


def is_plain(text: str) -> bool:
    """True when `text` holds no control, format or surrogate character (nothing a terminal would act on)."""
    return not any(unicodedata.category(ch) in _UNSAFE for ch in text)


def one_line(text: str, limit: int = 200) -> str:
    """`text` with every unsafe character shown as `?`, cut to `limit` characters (with … when cut)."""
    cleaned = "".join("?" if unicodedata.category(ch) in _UNSAFE else ch for ch in text)
    return cleaned if len(cleaned) <= limit else cleaned[: max(limit - 1, 0)] + "…"
