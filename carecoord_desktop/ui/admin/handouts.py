"""Admin → Patient handouts: the practice's own PDF handouts, tagged by condition and language, that discharge
packets offer and merge. Each file is checked (a real PDF, not too big, not encrypted) and kept in the vault."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.domain.handouts import LANGUAGES, HandoutCondition, HandoutInfo, size_text
from carecoord_desktop.services import handouts
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.dates import format_stamp
from carecoord_desktop.ui.models.table_model import Index, TableModel
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout


class HandoutTableModel(TableModel):
    HEADERS: ClassVar[tuple[str, ...]] = ("Title", "Condition", "Language", "Pages", "Size", "Added")
    TITLE, CONDITION, LANGUAGE, PAGES, SIZE, ADDED = range(6)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def show(self, rows: list[HandoutInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def handout_at(self, index: Index) -> HandoutInfo | None:
        found = self._row_at(index)
        return found if isinstance(found, HandoutInfo) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        h = self.handout_at(index)
        if h is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            h.title,
            h.condition.label,
            LANGUAGES.get(h.language, h.language),
            str(h.pages),
            size_text(h.size_bytes),
            f"{format_stamp(h.added_on, self.session.clock)} by {h.added_by}",
        )[index.column()]


class HandoutsPage(QWidget):
    def __init__(self, session: Session, host: AreaHost | None = None) -> None:
        super().__init__()
        self.setObjectName("handoutsPage")
        self.session = session
        self.chosen: Path | None = None
        layout = page_layout(
            self,
            "Patient handouts",
            "PDF handouts the practice gives patients, by condition and language. A discharge packet offers "
            "the ones that match the patient and prints them after its own pages. Each file is kept inside "
            "the vault: at most 5 MB and 20 pages, and not protected with a password.",
        )
        self.model = HandoutTableModel(session)
        self.table = QTableView()
        self.table.setObjectName("handoutsTable")
        self.table.setAccessibleName("Patient handouts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.retire_button = QPushButton("Stop &offering the selected handout")
        self.retire_button.setObjectName("retireHandout")
        self.retire_button.clicked.connect(self.retire_selected)
        row = QHBoxLayout()
        row.addWidget(self.retire_button)
        row.addStretch(1)
        layout.addLayout(row)

        heading = QLabel("<b>Add a handout</b>")
        layout.addWidget(heading)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setObjectName("handoutTitle")
        self.title.setMaxLength(120)
        self.condition = QComboBox()
        self.condition.setObjectName("handoutCondition")
        for condition in HandoutCondition:
            self.condition.addItem(condition.label, condition.value)
        self.language = QComboBox()
        self.language.setObjectName("handoutLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.file_label = QLabel("No file chosen")
        self.file_label.setObjectName("handoutFile")
        self.choose_button = QPushButton("&Choose PDF…")
        self.choose_button.setObjectName("chooseHandoutFile")
        self.choose_button.clicked.connect(self.ask_for_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)
        form.addRow("&Title", self.title)
        form.addRow("Co&ndition", self.condition)
        form.addRow("&Language", self.language)
        form.addRow("File", file_row)
        layout.addLayout(form)
        self.add_button = QPushButton("&Add handout")
        self.add_button.setObjectName("addHandout")
        self.add_button.setProperty("primary", True)
        self.add_button.clicked.connect(self.add)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        self.notice = Notice("handoutsNotice")
        layout.addWidget(self.notice)
        self.load()

    def load(self) -> None:
        try:
            self.model.show(handouts.list_handouts(self.session))
        except UserError as exc:
            self.notice.say(exc.message, error=True)
        self.retire_button.setEnabled(self.model.rowCount() > 0)

    def ask_for_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a PDF handout", str(Path.home()), "PDF files (*.pdf)"
        )
        if path:
            self.choose_file(Path(path))

    def choose_file(self, path: Path) -> None:
        self.chosen = path
        self.file_label.setText(path.name)
        if not self.title.text().strip():
            self.title.setText(path.stem.replace("_", " ").replace("-", " ").strip().capitalize())

    def add(self) -> None:
        self.notice.retire()
        facts = {
            "title": self.title.text(),
            "condition": self.condition.currentData(),
            "language": self.language.currentData(),
        }
        try:
            if self.chosen is None:
                raise ValidationFailed("Choose the handout's PDF file first.")
            added = handouts.add_handout(self.session, facts, handouts.read_file(self.chosen))
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.title.clear()
        self.chosen = None
        self.file_label.setText("No file chosen")
        self.load()
        pages = "1 page" if added.pages == 1 else f"{added.pages} pages"
        self.notice.say(
            f"“{added.title}” added ({pages}). Packets for {added.condition.label.lower()} offer it."
        )

    def retire_selected(self) -> None:
        handout = self.model.handout_at(self.table.currentIndex())
        if handout is None:
            self.notice.say("Select the handout to stop offering first.", error=True)
            return
        try:
            handouts.retire_handout(self.session, handout.id)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.load()
        self.notice.say(f"“{handout.title}” is no longer offered with packets.")
