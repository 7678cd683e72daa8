"""Password rules and the strength meter shown while an account's password is typed."""

from __future__ import annotations

import math
import string
from dataclasses import dataclass

from carecoord_desktop.domain.errors import ValidationFailed

MIN_LENGTH = 12

# A short list of the most common long passwords and patterns; a match is refused outright.
_COMMON = {
    "password1234",
    "123456789012",
    "qwertyuiopas",
    "passwordpassword",
    "iloveyou1234",
    "administrator",
    "welcome12345",
    "letmein12345",
    "changeme1234",
    "carecoord123",
    "abc123abc123",
    "qwerty123456",
    "password123!",
    "1q2w3e4r5t6y",
}


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (refused) .. 4 (very strong)
    label: str
    hint: str


def strength(password: str, *, user_words: tuple[str, ...] = ()) -> Strength:
    """Estimate strength from length, character variety and obvious patterns."""
    if len(password) < MIN_LENGTH:
        return Strength(0, "Too short", f"Use at least {MIN_LENGTH} characters ({len(password)} so far).")
    lowered = password.lower()
    if lowered in _COMMON or len(set(password)) <= 3:
        return Strength(0, "Too common", "This password is too easy to guess. Try a short sentence.")
    for word in user_words:
        if word and len(word) >= 3 and word.lower() in lowered:
            return Strength(0, "Too personal", "Don't use your name or username in the password.")
    pool = 0
    pool += 26 if any(c in string.ascii_lowercase for c in password) else 0
    pool += 26 if any(c in string.ascii_uppercase for c in password) else 0
    pool += 10 if any(c in string.digits for c in password) else 0
    pool += 33 if any(not c.isalnum() for c in password) else 0
    pool += 100 if any(ord(c) > 127 for c in password) else 0
    distinct_ratio = len(set(password)) / len(password)
    bits = len(password) * math.log2(max(pool, 2)) * min(1.0, 0.4 + distinct_ratio)
    if bits < 50:
        return Strength(1, "Weak", "Add more words or characters.")
    if bits < 65:
        return Strength(2, "Fair", "Longer is stronger: add another word.")
    if bits < 85:
        return Strength(3, "Strong", "Good.")
    return Strength(4, "Very strong", "Excellent.")


def check_new_password(
    password: str, confirm: str | None = None, *, user_words: tuple[str, ...] = ()
) -> None:
    """Raise ValidationFailed with a plain sentence when a new password may not be used."""
    if confirm is not None and password != confirm:
        raise ValidationFailed(
            "The two passwords don't match.", {"confirm": "The two passwords don't match."}
        )
    result = strength(password, user_words=user_words)
    if result.score == 0:
        raise ValidationFailed(result.hint, {"password": result.hint})
