"""Printing PDF bytes through Qt: each page rendered from memory and fitted to the printer's own page."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from carecoord_desktop.services.printing import PrintFailed

MAX_DPI = 300  # enough for text; a 600 dpi printer gets the same image scaled, not a 130 MB page


def print_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Send every page to `printer`, each scaled to fit its paintable area (Letter on A4 and back)."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed("The printer could not start the job. Check that it is on and try again.")
    try:
        target = printer.pageRect(QPrinter.Unit.DevicePixel)
        dpi = min(printer.resolution(), MAX_DPI)
        for index in range(document.pageCount()):
            if index and not printer.newPage():
                raise PrintFailed("The printer stopped in the middle of the job; check it and print again.")
            points = document.pagePointSize(index)
            scale = min(target.width() / points.width(), target.height() / points.height())
            width, height = points.width() * scale, points.height() * scale
            image = document.render(
                index, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            )
            painter.drawImage(QRectF(0, 0, width, height), image)
    finally:
        painter.end()
