"""Print discharge packet…: which stay, which version (the patient's, or the provider copy), and which practice
handouts to add (those matching the patient ticked); then the document window previews, prints or saves it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.documents.discharge_packet_model import Version
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.handouts import LANGUAGES
from carecoord_desktop.services import discharge_packet
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.services.session import Session
from carecoord_desktop.services.transitions import ChartStay
from carecoord_desktop.ui.chart.transition_views import stay_title
from carecoord_desktop.ui.dialogs.form_dialog import FormDialog
from carecoord_desktop.ui.printing.document_window import DocumentWindow, open_document
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from carecoord_desktop.ui.chart.transitions_section import TransitionsSection

VERSIONS = {
    Version.PATIENT: "The patient or a caregiver (in the patient's language)",
    Version.PROVIDER: "Another provider (adds the transition record)",
}


class DischargePacketDialog(FormDialog):
    def __init__(self, session: Session, chart: Chart, stays: list[ChartStay], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dischargePacketDialog")
        self.setWindowTitle("Print discharge packet")
        self.session = session
        self.chart = chart
        self.document_window: DocumentWindow | None = None
        self.stay = QComboBox()
        self.stay.setObjectName("packetStay")
        self.stay.setAccessibleName("Stay")
        for shown in stays:
            self.stay.addItem(stay_title(shown.record), shown.record.id)
        self.version = QComboBox()
        self.version.setObjectName("packetVersion")
        self.version.setAccessibleName("For")
        for version, text in VERSIONS.items():
            self.version.addItem(text, version.value)
        self.handouts = QListWidget()
        self.handouts.setObjectName("packetHandouts")
        self.handouts.setAccessibleName("Practice handouts to add")
        self.handouts_hint = QLabel()
        self.handouts_hint.setObjectName("packetHandoutsHint")
        self.handouts_hint.setProperty("hint", True)
        self.handouts_hint.setWordWrap(True)
        self.notice = Notice("packetNotice")
        form = QFormLayout()
        form.addRow("&Stay", self.stay)
        form.addRow("&For", self.version)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("packetButtons")
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Preview…")
        self.ok_button.setObjectName("packetPreview")
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Practice handouts to print after the packet:"))
        layout.addWidget(self.handouts, 1)
        layout.addWidget(self.handouts_hint)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.stay.currentIndexChanged.connect(self.offer_handouts)
        self.version.currentIndexChanged.connect(self.offer_handouts)
        fit_to_screen(self, 620, 460)
        self.offer_handouts()

    @property
    def chosen_version(self) -> Version:
        return Version(self.version.currentData())

    @property
    def language(self) -> str:
        return discharge_packet.packet_language(self.chart.patient.preferred_language, self.chosen_version)

    def offer_handouts(self) -> None:
        """The handouts in use, those for the patient's conditions in the packet's language ticked."""
        self.handouts.clear()
        try:
            offers = discharge_packet.offered_handouts(
                self.session, self.chart, self.stay.currentData(), self.language
            )
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        for offer in offers:
            h = offer.handout
            pages = "1 page" if h.pages == 1 else f"{h.pages} pages"
            item = QListWidgetItem(
                f"{h.title} — {h.condition.label}, {LANGUAGES.get(h.language, h.language)}, {pages}"
            )
            item.setData(Qt.ItemDataRole.UserRole, h.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if offer.matches else Qt.CheckState.Unchecked)
            self.handouts.addItem(item)
        matching = sum(o.matches for o in offers)
        language = LANGUAGES.get(self.language, self.language)
        self.handouts_hint.setText(
            f"{matching} of {len(offers)} match the patient's conditions in {language} and are ticked."
            if offers
            else "The practice has no handouts yet (an administrator adds them in Admin → Patient handouts)."
        )

    def chosen_handouts(self) -> tuple[int, ...]:
        items = (self.handouts.item(i) for i in range(self.handouts.count()))
        return tuple(
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def request(self) -> PrintRequest:
        options = {
            "stay_id": self.stay.currentData(),
            "version": self.chosen_version.value,
            "handouts": self.chosen_handouts(),
        }
        return PrintRequest("discharge_packet", self.chart.id, language=self.language, options=options)

    def submit(self) -> None:
        parent = self.parentWidget() or self
        self.document_window = open_document(parent, self.session, self.request())
        self.accept()


def packet_button(section: TransitionsSection, page: QWidget) -> QPushButton:
    """Print discharge packet… beside the Transitions tab's own button (shown when there is a stay to print)."""
    button = QPushButton("Print discharge packet…")  # no mnemonic: every letter is taken on the chart
    button.setObjectName("printDischargePacket")
    button.setToolTip(
        "Choose the stay and the handouts, preview the packet, then print it or save it as a PDF"
    )
    button.setVisible(False)
    layout = page.layout()
    first = layout.itemAt(0) if layout is not None else None
    row = first.layout() if first is not None else None
    if isinstance(row, QHBoxLayout):  # the row of the notice and the section's own button
        row.insertWidget(row.count() - 1, button, 0, Qt.AlignmentFlag.AlignTop)

    def open_dialog() -> None:
        if section.chart is None:
            return
        dialog = DischargePacketDialog(section.context.session, section.chart, section.records, section)
        section.packet_dialog = dialog
        dialog.open()

    button.clicked.connect(open_dialog)
    return button


def may_print_packet(session: Session, stays: list[ChartStay]) -> bool:
    return bool(stays) and all(
        session.can(p)
        for p in (Permission.PRINT_PATIENT_DOCUMENTS, Permission.VIEW_TRANSITIONS, Permission.VIEW_CLINICAL)
    )
