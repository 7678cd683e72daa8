"""Admin → Practice settings → Letterhead: address, phone, fax, paper size and the logo on every printout."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
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
from carecoord_desktop.ui.forms.fields import FormFields
from carecoord_desktop.ui.widgets.notice import Notice

PAPERS = {Paper.LETTER: "US Letter (8.5 × 11 in)", Paper.A4: "A4 (210 × 297 mm)"}
LOGO_HEIGHT = 32


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
        self.after_hours = _line("letterheadAfterHours", "24/7 phone line for patients", 30)
        self.after_hours.setToolTip(
            "The number patients call at night and on weekends (printed in discharge packets)"
        )
        self.paper = QComboBox()
        self.paper.setObjectName("letterheadPaper")
        self.paper.setAccessibleName("Paper size")
        for paper, label in PAPERS.items():
            self.paper.addItem(label, paper.value)
        self.logo = QLabel()
        self.logo.setObjectName("letterheadLogo")
        self.logo.setAccessibleName("Logo")
        self.logo.setFixedHeight(LOGO_HEIGHT)
        self.choose_logo = QPushButton("Choose lo&go…")
        self.choose_logo.setObjectName("chooseLogo")
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo = QPushButton("Remove logo")
        self.remove_logo.setObjectName("removeLogo")
        self.remove_logo.clicked.connect(self.clear_logo)
        self.save_button = QPushButton("Save &letterhead")
        self.save_button.setObjectName("saveLetterhead")
        self.save_button.clicked.connect(self.save)
        self.errors = FormFields(Notice("letterheadMessage"))
        self.message: Notice = self.errors.general  # type: ignore[assignment]

        # Two columns, so the page still fits a 768-pixel-high screen under the practice settings.
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        cells = (
            ("Address", "address_line1", self.line1, 0, 0),
            ("", "address_line2", self.line2, 1, 0),
            ("City, state, ZIP", "city_line", self.city, 2, 0),
            ("Phone", "phone", self.phone, 0, 2),
            ("Fax", "fax", self.fax, 1, 2),
            ("Paper", "paper", self.paper, 2, 2),
            ("24/7 line", "after_hours_phone", self.after_hours, 3, 2),
        )
        for label, key, widget, row, column in cells:
            caption = QLabel(label)
            caption.setBuddy(widget)
            grid.addWidget(caption, row, column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(self.errors.wrap(key, widget), row, column + 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.choose_logo.setToolTip("PNG or JPEG, at most 512 KB; it is kept inside the vault.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addSpacing(20)
        buttons.addWidget(QLabel("Logo"))
        buttons.addWidget(self.logo, 1)
        buttons.addWidget(self.choose_logo)
        buttons.addWidget(self.remove_logo)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.load()

    def load(self) -> None:
        self.errors.clear_errors()
        current = letterhead.letterhead(self.session)
        self.line1.setText(current.address_line1 or "")
        self.line2.setText(current.address_line2 or "")
        self.city.setText(current.city_line or "")
        self.phone.setText(format_phone(current.phone) if current.phone else "")
        self.fax.setText(format_phone(current.fax) if current.fax else "")
        self.after_hours.setText(format_phone(current.after_hours_phone) if current.after_hours_phone else "")
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
        self.errors.clear_errors()
        try:
            saved = letterhead.update_letterhead(
                self.session,
                address_line1=self.line1.text(),
                address_line2=self.line2.text(),
                city_line=self.city.text(),
                phone=self.phone.text(),
                fax=self.fax.text(),
                after_hours_phone=self.after_hours.text(),
                paper=self.paper.currentData(),
            )
        except UserError as exc:
            self.errors.show_error(exc)
            self.message.say(exc.message, error=True)
            return None
        self.message.say("Letterhead saved. Printouts use it from now on.")
        return saved

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the logo", "", "Images (*.png *.jpg *.jpeg)")
        if path:
            self.set_logo_file(Path(path))

    def set_logo_file(self, path: Path) -> bool:
        self.errors.clear_errors()
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
