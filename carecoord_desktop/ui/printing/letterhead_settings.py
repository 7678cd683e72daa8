"""Admin → Practice settings → Letterhead: address, phone, fax, paper size and the logo on every printout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.letterhead import Letterhead, Paper
from carecoord_desktop.services import letterhead
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.forms import FieldErrors
from carecoord_desktop.ui.widgets.notice import Notice

PAPERS = {Paper.LETTER: "US Letter (8.5 × 11 in)", Paper.A4: "A4 (210 × 297 mm)"}
LOGO_HEIGHT = 48


def _line(name: str, accessible: str, length: int = 80) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setMaxLength(length)
    return edit


class LetterheadSettings(QGroupBox):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Letterhead on printouts", parent)
        self.setObjectName("letterheadSettings")
        self.setMaximumWidth(720)
        self.session = session
        self.line1 = _line("letterheadLine1", "Address, first line")
        self.line2 = _line("letterheadLine2", "Address, second line")
        self.city = _line("letterheadCity", "City, state and ZIP code")
        self.phone = _line("letterheadPhone", "Phone", 30)
        self.fax = _line("letterheadFax", "Fax", 30)
        self.paper = QComboBox()
        self.paper.setObjectName("letterheadPaper")
        self.paper.setAccessibleName("Paper size")
        for paper, label in PAPERS.items():
            self.paper.addItem(label, paper.value)
        self.logo = QLabel()
        self.logo.setObjectName("letterheadLogo")
        self.logo.setAccessibleName("Logo")
        self.logo.setMinimumHeight(LOGO_HEIGHT)
        self.choose_logo = QPushButton("Choose lo&go…")
        self.choose_logo.setObjectName("chooseLogo")
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo = QPushButton("Remove logo")
        self.remove_logo.setObjectName("removeLogo")
        self.remove_logo.clicked.connect(self.clear_logo)
        self.save_button = QPushButton("Save &letterhead")
        self.save_button.setObjectName("saveLetterhead")
        self.save_button.clicked.connect(self.save)
        self.errors = FieldErrors(Notice("letterheadMessage"))
        self.message: Notice = self.errors.general  # type: ignore[assignment]

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for label, key, widget in (
            ("Address", "address_line1", self.line1),
            ("", "address_line2", self.line2),
            ("City, state, ZIP", "city_line", self.city),
            ("Phone", "phone", self.phone),
            ("Fax", "fax", self.fax),
            ("Paper", "paper", self.paper),
        ):
            form.addRow(label, self.errors.wrap(key, widget))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(self.choose_logo)
        logo_row.addWidget(self.remove_logo)
        form.addRow("Logo", logo_row)
        hint = QLabel("PNG or JPEG, at most 512 KB; it is kept inside the vault.")
        hint.setProperty("hint", True)
        form.addRow("", hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.load()

    def load(self) -> None:
        self.errors.clear()
        current = letterhead.letterhead(self.session)
        self.line1.setText(current.address_line1 or "")
        self.line2.setText(current.address_line2 or "")
        self.city.setText(current.city_line or "")
        self.phone.setText(format_phone(current.phone) if current.phone else "")
        self.fax.setText(format_phone(current.fax) if current.fax else "")
        self.paper.setCurrentIndex(self.paper.findData(current.paper.value))
        self._show_logo(letterhead.logo(self.session))

    def _show_logo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo.setPixmap(
                pixmap.scaledToHeight(LOGO_HEIGHT, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self.logo.setText("No logo")
        self.remove_logo.setEnabled(bool(data))

    def save(self) -> Letterhead | None:
        self.errors.clear()
        try:
            saved = letterhead.update_letterhead(
                self.session,
                address_line1=self.line1.text(),
                address_line2=self.line2.text(),
                city_line=self.city.text(),
                phone=self.phone.text(),
                fax=self.fax.text(),
                paper=self.paper.currentData(),
            )
        except UserError as exc:
            self.errors.show(exc)
            self.message.say(exc.message, error=True)
            return None
        self.message.say("Letterhead saved. Printouts use it from now on.")
        return saved

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the logo", "", "Images (*.png *.jpg *.jpeg)")
        if path:
            self.set_logo_file(Path(path))

    def set_logo_file(self, path: Path) -> bool:
        self.errors.clear()
        try:
            data = path.read_bytes()
            letterhead.set_logo(self.session, data)
        except OSError:
            self.message.say("That file could not be read.", error=True)
            return False
        except UserError as exc:
            self.message.say(exc.message, error=True)
            return False
        self._show_logo(data)
        self.message.say("Logo saved.")
        return True

    def clear_logo(self) -> None:
        try:
            letterhead.remove_logo(self.session)
        except UserError as exc:
            self.message.say(exc.message, error=True)
            return
        self._show_logo(None)
        self.message.say("Logo removed.")
