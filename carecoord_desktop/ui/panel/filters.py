"""The panel's filter bar: what a person picks, turned into a PanelFilter (and back, for saved views)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from carecoord_desktop.domain.patients import CareProgram, normalize_for_search
from carecoord_desktop.domain.readmission_band import NOT_SCORABLE, RANKS
from carecoord_desktop.domain.readmission_risk import RiskBand
from carecoord_desktop.domain.reconciliation import RECONCILIATION_DUE_KINDS
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services.patients import PanelFilter, StaffChoice
from carecoord_desktop.ui.widgets.flow import FlowLayout, captioned

MY_PATIENTS = "mine"
NOBODY = "nobody"  # "Unassigned" / "No PCP"
ANY = None
MAX_AGE = 130
RISK_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Any risk tier", ()),
    ("Low", ("low",)),
    ("Moderate", ("moderate",)),
    ("High", ("high",)),
    ("Complex", ("complex",)),
    ("High or complex", ("high", "complex")),
)
#: "Due now" filters: patients with an open due item of these kinds due today or earlier (one line each).
DUE_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Anything", ()),
    ("Care plan review due", ("care_plan.review",)),
    ("Reconciliation due", RECONCILIATION_DUE_KINDS),
)
_HIGH, _MIDDLE, _LOW = (RANKS[b] for b in (RiskBand.HIGH, RiskBand.INTERMEDIATE, RiskBand.LOW))
READMISSION_CHOICES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("Any", ()),
    ("High", (_HIGH,)),
    ("Intermediate or high", (_MIDDLE, _HIGH)),
    ("Low", (_LOW,)),
    ("Not scorable yet", (NOT_SCORABLE,)),
    ("Any hospital stay", (NOT_SCORABLE, _LOW, _MIDDLE, _HIGH)),
)
STATUS_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Active", ("active",)),
    ("Inactive", ("inactive",)),
    ("Transferred", ("transferred",)),
    ("Deceased", ("deceased",)),
    ("All statuses", ()),
)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, month=3, day=1)


def birth_range(min_age: int | None, max_age: int | None, today: date) -> tuple[date | None, date | None]:
    """(born_after, born_before), both inclusive, for ages min_age..max_age on `today`."""
    born_before = _years_before(today, min_age) if min_age else None
    born_after = _years_before(today, max_age + 1) + timedelta(days=1) if max_age is not None else None
    return born_after, born_before


class PanelFilters(QWidget):
    """Coordinator, PCP, risk tier, readmission risk, program, status, condition and age range. `changed` fires
    on any edit."""

    changed = Signal()

    def __init__(
        self,
        staff: list[StaffChoice],
        *,
        my_id: int,
        clinical_visible: bool,
        medications_visible: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("panelFilters")
        self._my_id = my_id
        self.default_filter = PanelFilter(statuses=("active",))
        self._quiet = True  # filling the boxes is not an edit
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.changed)

        self.coordinator = self._combo("coordinatorFilter", "Coordinator")
        self.coordinator.addItem("All coordinators", ANY)
        self.coordinator.addItem("My patients", MY_PATIENTS)
        for person in staff:
            if person.role is Role.NURSE_COORDINATOR:
                self.coordinator.addItem(person.full_name, person.id)
        self.coordinator.addItem("Unassigned", NOBODY)
        self.pcp = self._combo("pcpFilter", "Primary care provider")
        self.pcp.addItem("All PCPs", ANY)
        for person in staff:
            if person.role is Role.PROVIDER:
                self.pcp.addItem(person.full_name, person.id)
        self.pcp.addItem("No PCP", NOBODY)
        self.risk = self._combo("riskFilter", "Risk tier")
        for label, tiers in RISK_CHOICES:
            self.risk.addItem(label, list(tiers))
        self.readmission = self._combo("readmissionFilter", "Readmission risk (LACE or HOSPITAL band)")
        for label, ranks in READMISSION_CHOICES:
            self.readmission.addItem(label, list(ranks))
        self.program = self._combo("programFilter", "Program")
        self.program.addItem("Any program", ANY)
        for program in CareProgram:
            self.program.addItem(program.name, program.value)
            self.program.setItemData(self.program.count() - 1, program.label, 3)  # tooltip role
        self.status = self._combo("statusFilter", "Status")
        for label, statuses in STATUS_CHOICES:
            self.status.addItem(label, list(statuses))
        self.condition = QLineEdit()
        self.condition.setObjectName("conditionFilter")
        self.condition.setAccessibleName("Condition")
        self.condition.setPlaceholderText("Condition or code…")
        self.condition.setClearButtonEnabled(True)
        self.condition.textChanged.connect(self._edited)
        self.medicines = self._combo("medicationFilter", "Medicines")
        self.medicines.addItem("Any medicines", False)
        self.medicines.addItem("On a high-alert medication", True)
        self.due = self._combo("dueFilter", "Due now")
        for label, kinds in DUE_CHOICES:
            self.due.addItem(label, list(kinds))
        # as wide as a short choice (the list opens wider): the filter row still fits 1366 px at 150 %
        self.due.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.due.setMinimumContentsLength(9)
        self.min_age = self._age("minAgeFilter", "Youngest age")
        self.max_age = self._age("maxAgeFilter", "Oldest age")
        self.reset_button = QPushButton("&Reset filters")
        self.reset_button.setObjectName("resetFiltersButton")
        self.reset_button.clicked.connect(self.reset)

        ages = QWidget()
        ages_row = QHBoxLayout(ages)
        ages_row.setContentsMargins(0, 0, 0, 0)
        ages_row.setSpacing(4)
        ages_row.addWidget(self.min_age)
        ages_row.addWidget(QLabel("to"))
        ages_row.addWidget(self.max_age)
        fields: list[tuple[str, QWidget]] = [
            ("C&oordinator", self.coordinator),
            ("&PCP", self.pcp),
            ("Ris&k tier", self.risk),
            ("Readm&ission risk", self.readmission),
            ("Pro&gram", self.program),
            ("Stat&us", self.status),
            ("Con&dition", self.condition),
            ("Medicines", self.medicines),
            ("&Age", ages),
            ("Due no&w", self.due),
        ]
        if not clinical_visible:
            # Risk, conditions and care plan reviews are clinical: a front-desk filter on them would reveal them.
            fields = [
                f for f in fields if f[1] not in (self.risk, self.readmission, self.condition, self.due)
            ]
            self.risk.hide()
            self.readmission.hide()
            self.condition.hide()
            self.due.hide()
        if not (clinical_visible and medications_visible):
            fields = [f for f in fields if f[1] is not self.medicines]
            self.medicines.hide()
        flow = FlowLayout(self)  # wraps onto a second line rather than pushing Reset off the screen
        for text, widget in fields:
            flow.addWidget(captioned(text, widget, self.min_age if widget is ages else None))
        flow.addWidget(captioned("", self.reset_button))
        self.condition.setMinimumWidth(150)
        self._quiet = False

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.currentIndexChanged.connect(self._edited)
        return combo

    def _age(self, name: str, accessible: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setAccessibleName(accessible)
        spin.setRange(-1, MAX_AGE)
        spin.setSpecialValueText("any")
        spin.setValue(-1)
        spin.valueChanged.connect(self._edited)
        return spin

    def _edited(self) -> None:
        if not self._quiet:
            self._pending.start()

    # -- PanelFilter ---------------------------------------------------------------------------------
    def panel_filter(self, today: date) -> PanelFilter:
        coordinator = self.coordinator.currentData()
        if coordinator == MY_PATIENTS:
            coordinator = self._my_id
        condition = normalize_for_search(self.condition.text()) if not self.condition.isHidden() else ""
        min_age = self.min_age.value() if self.min_age.value() >= 0 else None
        max_age = self.max_age.value() if self.max_age.value() >= 0 else None
        born_after, born_before = birth_range(min_age, max_age, today)
        pcp = self.pcp.currentData()
        return PanelFilter(
            coordinator_id=None if coordinator == NOBODY else coordinator,
            pcp_id=None if pcp == NOBODY else pcp,
            no_coordinator=coordinator == NOBODY,
            no_pcp=pcp == NOBODY,
            risk_tiers=tuple(self.risk.currentData() or ()) if not self.risk.isHidden() else (),
            readmission_ranks=tuple(self.readmission.currentData() or ())
            if not self.readmission.isHidden()
            else (),
            program=self.program.currentData(),
            statuses=tuple(self.status.currentData() or ()),
            condition=condition or None,
            born_after=born_after,
            born_before=born_before,
            on_high_alert_medication=bool(self.medicines.currentData()) and not self.medicines.isHidden(),
            due_kinds=tuple(self.due.currentData() or ()) if not self.due.isHidden() else (),
        )

    def set_from_filter(self, flt: PanelFilter, *, notify: bool = True) -> None:
        """Show a filter from services (the default panel filter)."""
        coordinator: Any = MY_PATIENTS if flt.coordinator_id == self._my_id else flt.coordinator_id
        self.set_state(
            {
                "coordinator": NOBODY if flt.no_coordinator else coordinator,
                "pcp": NOBODY if flt.no_pcp else flt.pcp_id,
                "risk": list(flt.risk_tiers),
                "readmission": list(flt.readmission_ranks),
                "program": flt.program,
                "status": list(flt.statuses),
                "condition": flt.condition or "",
                "high_alert": flt.on_high_alert_medication,
                "min_age": None,
                "max_age": None,
                "due": list(flt.due_kinds),
            },
            notify=notify,
        )

    # -- saved views ---------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """What is picked, as plain data; ages stay ages so a saved view keeps working next year."""
        return {
            "coordinator": self.coordinator.currentData(),
            "pcp": self.pcp.currentData(),
            "risk": self.risk.currentData() or [],
            "readmission": self.readmission.currentData() or [],
            "program": self.program.currentData(),
            "status": self.status.currentData() or [],
            "condition": self.condition.text(),
            "high_alert": bool(self.medicines.currentData()),
            "min_age": self.min_age.value() if self.min_age.value() >= 0 else None,
            "max_age": self.max_age.value() if self.max_age.value() >= 0 else None,
            "due": self.due.currentData() or [],
        }

    def set_state(self, state: dict[str, Any], *, notify: bool = True) -> None:
        self._quiet = True
        try:
            self._pick(self.coordinator, state.get("coordinator"))
            self._pick(self.pcp, state.get("pcp"))
            self._pick(self.risk, list(state.get("risk") or []))
            self._pick(self.readmission, list(state.get("readmission") or []))
            self._pick(self.program, state.get("program"))
            self._pick(self.status, list(state.get("status") or []))
            self._pick(self.due, list(state.get("due") or []))
            self.condition.setText(state.get("condition") or "")
            self._pick(self.medicines, bool(state.get("high_alert")))
            min_age, max_age = state.get("min_age"), state.get("max_age")
            self.min_age.setValue(-1 if min_age is None else int(min_age))
            self.max_age.setValue(-1 if max_age is None else int(max_age))
        finally:
            self._quiet = False
        if notify:
            self._pending.start()

    def reset(self) -> None:
        self.set_from_filter(self.default_filter)

    @staticmethod
    def _pick(combo: QComboBox, value: Any) -> None:
        for index in range(combo.count()):
            if combo.itemData(index) == value:
                combo.setCurrentIndex(index)
                return
        combo.setCurrentIndex(0)
