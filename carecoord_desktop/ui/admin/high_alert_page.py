"""Admin → High-alert medicines: which drug classes and single ingredients the practice treats as high-alert
(marked on charts, double-checked at reconciliation, found by the panel filter)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import high_alert
from carecoord_desktop.services.high_alert import HighAlertSettings
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout

COLUMNS = 3


class HighAlertPage(QWidget):
    def __init__(self, session: Session, host: AreaHost | None = None) -> None:
        super().__init__()
        self.setObjectName("highAlertPage")
        self.session = session
        layout = page_layout(
            self,
            "High-alert medicines",
            "Medicines on this list are marked on every chart, need an explicit double-check when a "
            'medication list is reconciled, and are found by the panel filter "On a high-alert '
            'medication". Tick the drug classes; add single medicines by their ingredient name.',
        )
        self.problem = QLabel()
        self.problem.setObjectName("highAlertProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.grid_box = QWidget()
        self.grid = QGridLayout(self.grid_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid_box)
        self.checks: dict[str, QCheckBox] = {}
        self.defaults: tuple[str, ...] = ()
        caption = QLabel("&Also high-alert (ingredient names, separated by commas):")
        self.ingredients = QLineEdit()
        self.ingredients.setObjectName("highAlertIngredients")
        self.ingredients.setAccessibleName("Also high-alert ingredients")
        self.ingredients.setPlaceholderText("e.g. potassium chloride, amiodarone")
        caption.setBuddy(self.ingredients)
        layout.addWidget(caption)
        layout.addWidget(self.ingredients)
        self.save_button = QPushButton("&Save the list")
        self.save_button.setObjectName("saveHighAlert")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.defaults_button = QPushButton("Tick the &default classes")
        self.defaults_button.setObjectName("defaultHighAlert")
        self.defaults_button.clicked.connect(self.tick_defaults)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.defaults_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = Notice("highAlertMessage")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.load()

    def load(self) -> None:
        try:
            self.show_settings(high_alert.high_alert_settings(self.session))
        except UserError as exc:
            self.message.say(exc.message, error=True)
            self.save_button.setEnabled(False)

    def show_settings(self, shown: HighAlertSettings) -> None:
        for check in self.checks.values():
            self.grid.removeWidget(check)
            check.deleteLater()
        self.checks = {}
        for index, option in enumerate(shown.options):
            check = QCheckBox(option.label[:1].upper() + option.label[1:])
            check.setObjectName(f"highAlert_{option.id}")
            check.setChecked(option.chosen)
            check.setToolTip(", ".join(option.members))
            self.grid.addWidget(check, index // COLUMNS, index % COLUMNS)
            self.checks[option.id] = check
        self.ingredients.setText(", ".join(shown.ingredients))
        self.defaults = shown.defaults
        self.problem.setVisible(shown.problem is not None)
        if shown.problem:
            self.problem.setText(
                f"{shown.problem} Until then only the ingredients typed below are treated as high-alert."
            )

    def tick_defaults(self) -> None:
        for key, check in self.checks.items():
            check.setChecked(key in self.defaults)

    def save(self) -> None:
        chosen = [key for key, check in self.checks.items() if check.isChecked()]
        try:
            shown = high_alert.update_high_alert(self.session, chosen, self.ingredients.text())
        except UserError as exc:
            self.message.say(exc.message, error=True)
            return
        self.show_settings(shown)
        self.message.say("Saved. Charts and the panel filter use the new list now.")
