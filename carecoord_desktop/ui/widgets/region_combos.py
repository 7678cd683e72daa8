"""Country and state chosen from the lists the holiday tables know (domain/regions.py), never typed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from carecoord_desktop.domain.regions import countries, subdivisions

NO_STATE = "None (national holidays only)"


class CountryCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countryCombo")
        for code, name in countries():
            self.addItem(f"{name} ({code})", code)

    def code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        if index < 0:  # a value saved before the list existed: shown as it is, refused when saved
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(index)


class StateCombo(QComboBox):
    """The states or regions of the country chosen in `country`; follows it."""

    changed = Signal()

    def __init__(self, country: CountryCombo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateCombo")
        self.country = country
        country.currentIndexChanged.connect(lambda _i: self._fill(self.code()))
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._fill("")

    def _fill(self, keep: str) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(NO_STATE, "")
        for code, name in subdivisions(self.country.code()):
            self.addItem(f"{name} ({code})" if name != code else code, code)
        self.setCurrentIndex(max(self.findData(keep), 0))
        self.blockSignals(False)
        self.changed.emit()

    def code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        if index < 0 and code:
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))
