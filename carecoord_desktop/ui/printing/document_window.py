"""The one window every patient document opens in: a QtPdf preview with page navigation and zoom, the
recipient and purpose, Print and Save as PDF. The PDF stays in memory; the app writes no temporary file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.disclosures import Delivery, Purpose, Recipient
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import printing
from carecoord_desktop.services.printing import PreparedDocument, PrintRequest
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.printing.pdf_printer import print_pdf
from carecoord_desktop.ui.printing.recipient_fields import RecipientFields
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.screen_fit import fit_to_screen
from carecoord_desktop.ui.workers import Task, run_in_worker

LANGUAGE_NAMES = {"en": "English", "es": "Español (Spanish)"}
ZOOM_STEP = 1.25


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


class DocumentWindow(QDialog):
    """Preview, print or save one document; each print or save is recorded as a disclosure."""

    disclosed = Signal(int)  # patient id, after a print or save was recorded

    def __init__(self, session: Session, request: PrintRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentWindow")
        self.setWindowTitle("Print preview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session
        self.request = request
        self.document: PreparedDocument | None = None
        self.task: Task | None = None
        self._stale = False
        self._language_chosen = False
        self.pdf = QPdfDocument(self)
        self._buffer: QBuffer | None = None

        self.heading = QLabel()
        self.heading.setObjectName("documentTitle")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.language = QComboBox()
        self.language.setObjectName("documentLanguage")
        self.language.setAccessibleName("Language of the document")
        for code in printing.languages(request.document):
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.large_print = QCheckBox("&Large print")
        self.large_print.setObjectName("documentLargePrint")
        self.large_print.setChecked(request.large_print)
        self.large_print.setVisible(printing.offers_large_print(request.document))
        self.recipient = RecipientFields()
        self.status = QLabel()
        self.status.setObjectName("documentStatus")
        self.status.setProperty("hint", True)
        self.notice = Notice("documentNotice")

        self.view = QPdfView()
        self.view.setObjectName("documentPreview")
        self.view.setAccessibleName("Preview")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.previous_page = _button("◀", "previousPage")
        self.previous_page.setAccessibleName("Previous page")
        self.next_page = _button("▶", "nextPage")
        self.next_page.setAccessibleName("Next page")
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.zoom_out = _button("−", "zoomOut")
        self.zoom_out.setAccessibleName("Zoom out")
        self.zoom_in = _button("+", "zoomIn")
        self.zoom_in.setAccessibleName("Zoom in")
        self.fit_width = _button("Fit &width", "fitWidth")
        self.print_button = _button("&Print…", "printDocument")
        self.print_button.setProperty("primary", True)
        self.save_button = _button("&Save as PDF…", "saveDocument")
        self.close_button = _button("Close", "closeDocument")

        options = QHBoxLayout()
        options.addWidget(QLabel("Lan&guage"))
        options.itemAt(0).widget().setBuddy(self.language)  # type: ignore[union-attr]
        options.addWidget(self.language)
        options.addWidget(self.large_print)
        options.addStretch(1)
        navigation = QHBoxLayout()
        for widget in (self.previous_page, self.page_label, self.next_page):
            navigation.addWidget(widget)
        navigation.addStretch(1)
        for widget in (self.zoom_out, self.zoom_in, self.fit_width):
            navigation.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for widget in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(widget)
        side = QVBoxLayout()
        side.addWidget(self.heading)
        side.addLayout(options)
        side.addWidget(self.recipient)
        hint = QLabel(
            "Printing or saving records a disclosure on the chart: the document, who it is for and why. "
            "The printer's queue keeps its own copy of a printed job."
        )
        hint.setObjectName("disclosureHint")
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        side.addWidget(hint)
        side.addWidget(self.notice)
        side.addStretch(1)
        side_box = QWidget()
        side_box.setLayout(side)
        side_box.setFixedWidth(340)
        preview = QVBoxLayout()
        preview.addLayout(navigation)
        preview.addWidget(self.view, 1)
        body = QHBoxLayout()
        body.addWidget(side_box)
        body.addLayout(preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        self.language.currentIndexChanged.connect(self._language_changed)
        self.large_print.toggled.connect(self.rebuild)
        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._show_page_number)
        self.previous_page.clicked.connect(lambda: self.go_to_page(navigator.currentPage() - 1))
        self.next_page.clicked.connect(lambda: self.go_to_page(navigator.currentPage() + 1))
        self.zoom_in.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        self.zoom_out.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.fit_width.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        self.close_button.clicked.connect(self.reject)
        fit_to_screen(self, 1100, 800)
        self.build()

    # -- building --------------------------------------------------------------------------------
    def current_request(self) -> PrintRequest:
        return PrintRequest(
            self.request.document,
            self.request.patient_id,
            language=self.language.currentData() if self._language_chosen else self.request.language,
            large_print=self.large_print.isChecked(),
            include_clinical=self.request.include_clinical,
            options=self.request.options,
        )

    @property
    def building(self) -> bool:
        return self.task is not None and not self.task.done

    def build(self) -> None:
        """Build off the UI thread; a change while building waits for it and builds once more."""
        if self.building:
            self._stale = True
            return
        self._stale = False
        self._set_ready(False)
        self.status.setText("Preparing the document…")
        request = self.current_request()
        self.task = run_in_worker(lambda: printing.prepare(self.session, request), self._built, self._failed)

    def _language_changed(self) -> None:
        self._language_chosen = True
        self.rebuild()

    def rebuild(self) -> None:
        self._stale = True
        self.build()

    def _built(self, document: PreparedDocument) -> None:
        if not shiboken6.isValid(self):  # closed (or locked away) while the document was being built
            return
        if self._stale:
            self.build()
            return
        self.document = document
        self.heading.setText(document.title)
        self.setWindowTitle(f"{document.title} — print preview")
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(0, self.language.findData(document.language)))
        self.language.blockSignals(False)
        self.recipient.set_caregivers(document.caregivers)
        if document.addressed_to is not None:
            self.recipient.address_to(document.addressed_to)
        data = QByteArray(document.pdf)
        buffer = QBuffer(self)
        buffer.setData(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.close()
        self.pdf.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.go_to_page(0)
        pages = "1 page" if document.pages == 1 else f"{document.pages} pages"
        clinical = "" if document.clinical else " · without clinical content"
        self.status.setText(f"{pages}{clinical}")
        self._set_ready(True)

    def _failed(self, error: UserError) -> None:
        if not shiboken6.isValid(self):
            return
        self.status.setText("")
        self.notice.say(error.message, error=True)
        if self._stale:
            self.build()

    def _set_ready(self, ready: bool) -> None:
        for widget in (self.print_button, self.save_button):
            widget.setEnabled(ready)

    # -- navigation ------------------------------------------------------------------------------
    def go_to_page(self, index: int) -> None:
        count = self.pdf.pageCount()
        if count == 0:
            return
        index = max(0, min(index, count - 1))
        self.view.pageNavigator().jump(index, QPointF(), self.view.pageNavigator().currentZoom())
        self._show_page_number(index)

    def _show_page_number(self, index: int) -> None:
        count = self.pdf.pageCount()
        self.page_label.setText(f"Page {index + 1} of {count}")
        self.previous_page.setEnabled(index > 0)
        self.next_page.setEnabled(index < count - 1)

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    # -- print and save --------------------------------------------------------------------------
    def _disclose(self, act: Callable[[PreparedDocument, Recipient, Purpose], object]) -> bool:
        """Record a disclosure (`act` prints or saves through the services); say what went wrong if not."""
        document = self.document
        if document is None:
            return False
        self.notice.hide()
        try:
            act(document, self.recipient.recipient(), self.recipient.purpose_value())
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return False
        self.disclosed.emit(document.patient_id)
        return True

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("printDialog")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        def send(document: PreparedDocument, recipient: Recipient, purpose: Purpose) -> None:
            printing.disclose(
                self.session,
                document,
                Delivery.PRINT,
                recipient,
                purpose,
                lambda _pdf: print_pdf(self.pdf, printer),
            )

        if self._disclose(send):
            self.notice.say("Sent to the printer and recorded as a disclosure on the chart.")
            return True
        return False

    def save_document(self) -> None:
        suggested = str(Path.home() / f"{(self.document.title if self.document else 'document')}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, "Save as PDF", suggested, "PDF documents (*.pdf)")
        if path:
            self.save_to(Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf"))

    def save_to(self, path: Path) -> bool:
        if self._disclose(lambda document, to, why: printing.save_pdf(self.session, document, path, to, why)):
            self.notice.say(f"Saved to {path} and recorded as a disclosure on the chart.")
            return True
        return False


def open_document(
    parent: QWidget, session: Session, request: PrintRequest, after: Callable[[], None] | None = None
) -> DocumentWindow:
    """The document window over `parent` (closed with it, and when the main window locks); a second click
    brings the open one forward instead of building the document again."""
    for open_window in parent.findChildren(DocumentWindow):
        if open_window.isVisible() and open_window.request == request:
            open_window.raise_()
            open_window.activateWindow()
            return open_window
    window = DocumentWindow(session, request, parent)
    if after is not None:
        window.disclosed.connect(lambda _patient: after())
    window.show()
    return window
