"""What a staff account's username and full name may be."""

from __future__ import annotations

import re

from carecoord_desktop.domain.errors import ValidationFailed

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


def normalize_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_RE.match(name):
        message = "A username is 2 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit."
        raise ValidationFailed(message, {"username": message})
    return name


def check_full_name(full_name: str) -> str:
    name = " ".join(full_name.split())
    if not name or len(name) > 100:
        message = "Enter the person's full name (up to 100 characters)."
        raise ValidationFailed(message, {"full_name": message})
    return name
