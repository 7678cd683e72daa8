"""The practice logo on the letterhead: PNG or JPEG, checked before it is stored in the vault."""

from __future__ import annotations

import io
from typing import Final

from PIL import Image, UnidentifiedImageError

from carecoord_desktop.domain.errors import ValidationFailed

MAX_BYTES: Final = 512 * 1024
MAX_SIDE: Final = 4000
MIN_SIDE: Final = 16
_SIGNATURES: Final = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, {"logo": message})


def check_logo(data: bytes) -> str:
    """The image's format ("PNG" or "JPEG") if `data` is a usable logo; ValidationFailed otherwise."""
    if len(data) > MAX_BYTES:
        raise _refuse(f"The logo is too large ({len(data) // 1024} KB); use an image of at most 512 KB.")
    kind = next((name for magic, name in _SIGNATURES.items() if data.startswith(magic)), None)
    if kind is None:
        raise _refuse("The logo must be a PNG or JPEG image.")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse(f"The logo file is damaged or not a complete {kind} image.") from None
    if max(width, height) > MAX_SIDE or min(width, height) < MIN_SIDE:
        raise _refuse(
            f"The logo must be between {MIN_SIDE} and {MAX_SIDE} pixels on each side (it is {width} × {height})."
        )
    return kind
