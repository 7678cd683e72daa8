"""Printing or saving the recovery sheet PDF (built by documents.recovery_sheet, no Qt there)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from carecoord_desktop.domain.errors import StorageUnavailable


def save_pdf(parent: QWidget, pdf: bytes, suggested: Path) -> Path | None:
    """Ask where to save; returns the path written, or None when the user cancelled."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, "Save recovery sheet", str(suggested), "PDF files (*.pdf)"
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    try:
        path.write_bytes(pdf)
    except OSError as exc:
        raise StorageUnavailable(
            f"The recovery sheet could not be saved to {path} ({exc.strerror})."
        ) from exc
    return path


def print_pdf(parent: QWidget, pdf: bytes) -> bool:
    """Show the print dialog and print each page of `pdf`; False when the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print recovery sheet")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    render_to_printer(pdf, printer)
    return True


def render_to_printer(pdf: bytes, printer: QPrinter) -> None:
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    painter = QPainter(printer)
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            target = painter.viewport()
            page = document.pagePointSize(index)
            scale = min(target.width() / page.width(), target.height() / page.height())
            size = QSize(int(page.width() * scale), int(page.height() * scale))
            image = document.render(index, size)
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
    finally:
        painter.end()
        document.close()
