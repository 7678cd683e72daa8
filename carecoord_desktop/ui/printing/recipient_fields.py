"""Who a document goes to and why: the fields every print and save asks for (a disclosure's recipient and
purpose). The widgets hold no rule: the domain models validate what was chosen."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from carecoord_desktop.domain.disclosures import Purpose, PurposeKind, Recipient, RecipientKind
from carecoord_desktop.domain.errors import ValidationFailed

RECIPIENTS = {
    RecipientKind.PATIENT: "The patient",
    RecipientKind.CAREGIVER: "A caregiver on the chart",
    RecipientKind.PROVIDER: "An outside provider",
    RecipientKind.OTHER: "Someone else",
}
PURPOSES = {
    PurposeKind.TREATMENT: "Treatment",
    PurposeKind.PATIENT_REQUEST: "The patient asked for it",
    PurposeKind.CARE_COORDINATION: "Care coordination",
    PurposeKind.OTHER: "Other purpose",
}


class RecipientFields(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.setObjectName("recipientKind")
        self.kind.setAccessibleName("Recipient")
        for recipient_kind, label in RECIPIENTS.items():
            self.kind.addItem(label, recipient_kind.value)
        self.caregiver = QComboBox()
        self.caregiver.setObjectName("recipientCaregiver")
        self.caregiver.setAccessibleName("Caregiver")
        self.name = QLineEdit()
        self.name.setObjectName("recipientName")
        self.name.setAccessibleName("Recipient's name")
        self.name.setPlaceholderText("Name (and organization)")
        self.name.setMaxLength(120)
        self.purpose = QComboBox()
        self.purpose.setObjectName("purposeKind")
        self.purpose.setAccessibleName("Purpose")
        for purpose_kind, label in PURPOSES.items():
            self.purpose.addItem(label, purpose_kind.value)
        self.purpose_text = QLineEdit()
        self.purpose_text.setObjectName("purposeText")
        self.purpose_text.setAccessibleName("Purpose described")
        self.purpose_text.setPlaceholderText("What the document is for")
        self.purpose_text.setMaxLength(200)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&To", self.kind)
        form.addRow("", self.caregiver)
        form.addRow("", self.name)
        form.addRow("P&urpose", self.purpose)
        form.addRow("", self.purpose_text)
        self.kind.currentIndexChanged.connect(self._show_fields)
        self.purpose.currentIndexChanged.connect(self._show_fields)
        self._show_fields()

    def set_caregivers(self, names: tuple[str, ...]) -> None:
        current = self.caregiver.currentText()
        self.caregiver.clear()
        self.caregiver.addItems(list(names))
        if current in names:
            self.caregiver.setCurrentText(current)
        self._show_fields()

    def address_to(self, recipient: Recipient) -> None:
        """A document with one possible recipient (a referral's directory entry): shown, not chosen."""
        self.kind.setCurrentIndex(self.kind.findData(recipient.kind.value))
        self.name.setText(recipient.name or "")
        self.kind.setEnabled(False)
        self.name.setReadOnly(True)

    def _show_fields(self) -> None:
        kind = RecipientKind(self.kind.currentData())
        self.caregiver.setVisible(kind is RecipientKind.CAREGIVER)
        self.caregiver.setEnabled(self.caregiver.count() > 0)
        self.name.setVisible(kind in (RecipientKind.PROVIDER, RecipientKind.OTHER))
        self.purpose_text.setVisible(PurposeKind(self.purpose.currentData()) is PurposeKind.OTHER)

    def recipient(self) -> Recipient:
        kind = RecipientKind(self.kind.currentData())
        name = {
            RecipientKind.CAREGIVER: self.caregiver.currentText(),
            RecipientKind.PROVIDER: self.name.text(),
            RecipientKind.OTHER: self.name.text(),
        }.get(kind)
        try:
            return Recipient(kind=kind, name=name or None)
        except ValidationError:
            message = (
                "This patient has no caregiver on the chart; choose another recipient."
                if kind is RecipientKind.CAREGIVER
                else "Enter the recipient's name."
            )
            raise ValidationFailed(message, {"recipient": message}) from None

    def purpose_value(self) -> Purpose:
        kind = PurposeKind(self.purpose.currentData())
        try:
            return Purpose(kind=kind, text=self.purpose_text.text() or None)
        except ValidationError:
            message = "Say what the document is for."
            raise ValidationFailed(message, {"purpose": message}) from None
