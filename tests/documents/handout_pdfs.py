"""PDF files to add as practice handouts: ordinary ones, and the kinds an administrator must be refused."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas


def handout_pdf(text: str = "Living well with heart failure", pages: int = 2) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    for number in range(1, pages + 1):
        canvas.drawString(72, 720, f"{text} (handout page {number})")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(handout_pdf())))
    writer.encrypt("secret-password")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def damaged_pdf() -> bytes:
    whole = handout_pdf()
    return whole[: len(whole) // 3]
