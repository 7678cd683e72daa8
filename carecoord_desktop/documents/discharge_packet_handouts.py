"""A practice handout's file, checked before it goes into the vault: really a PDF, not too big, not too many
pages, not encrypted, and readable page by page (so merging it into a packet cannot fail later)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.handouts import MAX_BYTES, MAX_PAGES, size_text

FIELD = "file"


@dataclass(frozen=True)
class CheckedPdf:
    pages: int
    size_bytes: int


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, {FIELD: message})


def check_handout_pdf(data: bytes) -> CheckedPdf:
    """The file's page count, or a ValidationFailed that says in plain words what is wrong with it."""
    if not data:
        raise _refuse("That file is empty. Choose the handout's PDF file.")
    if len(data) > MAX_BYTES:
        raise _refuse(
            f"That PDF is {size_text(len(data))}; a handout can be at most {size_text(MAX_BYTES)}. "
            "Save a smaller copy (fewer pictures) and add that."
        )
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        raise _refuse("That file is not a PDF. Choose a PDF file (one that opens in a PDF reader).")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _refuse(
                "That PDF is protected with a password (encrypted). Save a copy without the protection and "
                "add that."
            )
        pages = len(reader.pages)
        for page in reader.pages:
            page.get_contents()  # every page must read, or the merge would fail at print time
    except ValidationFailed:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        raise _refuse(
            "That PDF could not be read: it may be damaged. Try saving it again, then add it."
        ) from None
    if pages == 0:
        raise _refuse("That PDF has no pages.")
    if pages > MAX_PAGES:
        raise _refuse(
            f"That PDF has {pages} pages; a handout can have at most {MAX_PAGES}. Split it in parts."
        )
    return CheckedPdf(pages=pages, size_bytes=len(data))
