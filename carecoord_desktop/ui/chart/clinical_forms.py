"""Edit forms that need clinical access: problems, allergies and risk tier; the care team."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from carecoord_desktop.domain.clinical_summary import (
    AllergyCategory,
    AllergySeverity,
    CareTeamMemberKind,
    CareTeamRole,
    CodeSystem,
    ProblemStatus,
    RiskTier,
)
from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.patients import Patient
from carecoord_desktop.services.patients import StaffChoice
from carecoord_desktop.ui.chart.demographics_forms import NOT_RECORDED, _enum_choices, _text
from carecoord_desktop.ui.chart.formatting import phone
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.forms.edit_form import EditForm, add_field, section_title
from carecoord_desktop.ui.forms.fields import blank_to_none, ensure_choice

#: what a code looks like in each system, as the code field's example
CODE_EXAMPLES = {CodeSystem.ICD_10_CM.value: "e.g. E11.9", CodeSystem.SNOMED_CT.value: "e.g. 44054006"}


class ClinicalForm(EditForm):
    """Problem list, allergies, and the risk tier (changing it needs a reason; who and when are recorded)."""

    title = "Problems, allergies and risk tier"

    def __init__(
        self,
        my_id: int,
        *,
        can_set_risk_tier: bool,
        clock: PracticeClock,
        parent: Any = None,
        name: str = "clinicalForm",
    ) -> None:
        super().__init__(name, parent)
        self.clock = clock
        self.my_id = my_id
        self._risk: dict[str, Any] | None = None
        f = self.fields
        self.body_layout.addWidget(section_title("Problem list"))
        self.problems = self.row_list("clinical.problems", self._problem_row, "problem")
        self.body_layout.addWidget(section_title("Allergies"))
        f.check("clinical.no_known_allergies", "No &known allergies (checked with the patient)")
        self.body_layout.addWidget(f.box("clinical.no_known_allergies"))
        self.allergies = self.row_list("clinical.allergies", self._allergy_row, "allergy")
        self.allergies.add_button.setText("Add allergy")
        self.allergies.empty.setText("No allergies listed.")
        self.body_layout.addWidget(section_title("Risk tier"))
        f.combo("clinical.risk_tier.tier", "Risk tier", _enum_choices(RiskTier, blank=("Not set", None)))
        f.line("clinical.risk_tier.reason", "Reason for the risk tier")
        grid = self.grid()
        add_field(grid, 0, 0, "&Risk tier", f, "clinical.risk_tier.tier")
        add_field(grid, 0, 1, "R&eason", f, "clinical.risk_tier.reason", span=2)
        grid.setColumnStretch(2, 1)
        for path in ("clinical.risk_tier.tier", "clinical.risk_tier.reason"):
            f.widgets[path].setEnabled(can_set_risk_tier)
            if not can_set_risk_tier:
                f.widgets[path].setToolTip("Your role cannot set the risk tier.")
        self.body_layout.addStretch(1)

    def _problem_row(self, path: str, grid: Any) -> None:
        f = self.fields
        f.line(f"{path}.text", "Problem", placeholder="e.g. Type 2 diabetes")
        f.combo(f"{path}.code_system", "Code system", _enum_choices(CodeSystem, blank=("No code", None)))
        f.line(f"{path}.code", "Code")
        f.line(f"{path}.onset", "Onset", placeholder="MM/DD/YYYY")
        f.combo(f"{path}.status", "Problem status", _enum_choices(ProblemStatus, blank=None))
        add_field(grid, 0, 0, "Problem", f, f"{path}.text", span=2)
        add_field(grid, 0, 2, "Status", f, f"{path}.status")
        add_field(grid, 1, 0, "Code system", f, f"{path}.code_system")
        add_field(grid, 1, 1, "Code", f, f"{path}.code")
        add_field(grid, 1, 2, "Onset", f, f"{path}.onset")
        system = f.widgets[f"{path}.code_system"]
        assert isinstance(system, QComboBox)
        system.currentIndexChanged.connect(lambda _i, path=path: self._code_system_changed(path))
        self._code_system_changed(path)

    def _code_system_changed(self, path: str) -> None:
        """No code system, no code: the field is off and shows no example; each system shows its own."""
        code = self.fields.widgets[f"{path}.code"]
        assert isinstance(code, QLineEdit)
        system = self.fields.value(f"{path}.code_system")
        code.setEnabled(system is not None)
        code.setPlaceholderText(CODE_EXAMPLES.get(system, "") if system else "")

    def _allergy_row(self, path: str, grid: Any) -> None:
        f = self.fields
        f.line(f"{path}.substance", "Substance", placeholder="e.g. Penicillin")
        f.combo(f"{path}.category", "Category", _enum_choices(AllergyCategory))
        f.line(f"{path}.reactions", "Reactions", placeholder="Hives, wheezing")
        f.combo(f"{path}.severity", "Severity", _enum_choices(AllergySeverity, blank=("Not known", None)))
        add_field(grid, 0, 0, "Substance", f, f"{path}.substance")
        add_field(grid, 0, 1, "Category", f, f"{path}.category")
        add_field(grid, 0, 2, "Severity", f, f"{path}.severity")
        add_field(grid, 1, 0, "Reactions (separate with commas)", f, f"{path}.reactions", span=3)

    def load(self, patient: Patient) -> None:
        clinical = patient.clinical
        self.problems.set_rows(
            [
                {
                    "text": p.text,
                    "code_system": p.code_system.value if p.code_system else None,
                    "code": _text(p.code),
                    "onset": format_date(p.onset) if p.onset else "",
                    "status": p.status.value,
                }
                for p in clinical.problems
            ]
        )
        self.allergies.set_rows(
            [
                {
                    "substance": a.substance,
                    "category": a.category.value if a.category else None,
                    "reactions": ", ".join(a.reactions),
                    "severity": a.severity.value if a.severity else None,
                }
                for a in clinical.allergies
            ]
        )
        risk = clinical.risk_tier
        self._risk = risk.model_dump(mode="json") if risk else None
        self.fields.restore(
            {
                "clinical.no_known_allergies": clinical.no_known_allergies,
                "clinical.risk_tier.tier": risk.tier.value if risk else None,
                "clinical.risk_tier.reason": risk.reason if risk else "",
            }
        )

    def _risk_tier(self) -> dict[str, Any] | None:
        tier = self.fields.value("clinical.risk_tier.tier")
        reason = self.fields.value("clinical.risk_tier.reason")
        if tier is None:
            return None
        old = self._risk
        if old is not None and old["tier"] == tier and old["reason"] == " ".join(reason.split()):
            return old
        return {"tier": tier, "reason": reason}  # who set it and when: the service stamps them

    def changes(self) -> dict[str, Any]:
        problems = [
            {
                "text": r["text"],
                "code_system": r["code_system"],
                "code": blank_to_none(r["code"]),
                "onset": blank_to_none(r["onset"]),
                "status": r["status"],
            }
            for r in self.problems.all_values()
        ]
        allergies = [
            {
                "substance": r["substance"],
                "category": r["category"],
                "reactions": [part.strip() for part in r["reactions"].split(",") if part.strip()],
                "severity": r["severity"],
            }
            for r in self.allergies.all_values()
        ]
        return {
            "clinical": {
                "problems": problems,
                "allergies": allergies,
                "no_known_allergies": self.fields.value("clinical.no_known_allergies"),
                "risk_tier": self._risk_tier(),
            }
        }

    def state(self) -> dict[str, Any]:
        return {**super().state(), "__risk__": self._risk}

    def restore(self, state: dict[str, Any]) -> None:
        self._risk = state.get("__risk__", self._risk)
        super().restore({k: v for k, v in state.items() if k != "__risk__"})


class CareTeamForm(EditForm):
    """Practice staff and outside providers on the patient's care team, each with a role."""

    title = "Care team"

    def __init__(self, staff: list[StaffChoice], parent: Any = None, *, name: str = "careTeamForm") -> None:
        super().__init__(name, parent)
        self.staff = staff
        self.staff_names: dict[int, str] = {}
        self._cells: dict[str, dict[str, QWidget]] = {}  # each row's member fields, by row path
        self.body_layout.addWidget(section_title("Care team members"))
        self.members = self.row_list("care_team", self._member_row, "member")
        self.members.add_button.setText("Add care team member")
        self.body_layout.addStretch(1)

    def _member_row(self, path: str, grid: Any) -> None:
        f = self.fields
        kind = f.combo(f"{path}.kind", "Kind of member", _enum_choices(CareTeamMemberKind, blank=None))
        f.combo(f"{path}.role", "Role on the team", _enum_choices(CareTeamRole, blank=None))
        f.combo(
            f"{path}.staff_id", "Staff member", [NOT_RECORDED] + [(s.full_name, s.id) for s in self.staff]
        )
        f.line(f"{path}.name", "Provider name")
        f.line(f"{path}.specialty", "Specialty")
        f.line(f"{path}.organization", "Organization")
        f.line(f"{path}.phone", "Provider phone")
        add_field(grid, 0, 0, "Kind", f, f"{path}.kind")
        add_field(grid, 0, 1, "Role", f, f"{path}.role")
        self._cells[path] = {
            "staff_id": add_field(grid, 0, 2, "Staff member", f, f"{path}.staff_id"),
            "name": add_field(grid, 1, 0, "Outside provider's name", f, f"{path}.name"),
            "specialty": add_field(grid, 1, 1, "Specialty", f, f"{path}.specialty"),
            "organization": add_field(grid, 1, 2, "Organization", f, f"{path}.organization"),
            "phone": add_field(grid, 1, 3, "Phone", f, f"{path}.phone"),
        }
        staff_box = f.widgets[f"{path}.staff_id"]
        assert isinstance(staff_box, QComboBox)
        for member_id, full_name in self.staff_names.items():
            ensure_choice(staff_box, member_id, f"{full_name} (inactive)")
        kind.currentIndexChanged.connect(lambda _i, path=path: self._kind_changed(path))
        self._kind_changed(path)

    def _kind_changed(self, path: str) -> None:
        """A staff member is chosen from the staff; an outside provider is described: only those fields show."""
        staff = self.fields.value(f"{path}.kind") == CareTeamMemberKind.STAFF.value
        for field, cell in self._cells[path].items():
            shown = staff if field == "staff_id" else not staff
            cell.setVisible(shown)
            self.fields.widgets[f"{path}.{field}"].setEnabled(shown)

    def load(self, patient: Patient, staff_names: dict[int, str] | None = None) -> None:
        names = staff_names or {}
        self.staff_names = {
            m.staff_id: names.get(m.staff_id, f"Staff #{m.staff_id}") for m in patient.care_team if m.staff_id
        }
        self.members.set_rows(
            [
                {
                    "kind": m.kind.value,
                    "role": m.role.value,
                    "staff_id": m.staff_id,
                    "name": _text(m.name),
                    "specialty": _text(m.specialty),
                    "organization": _text(m.organization),
                    "phone": phone(m.phone) if m.phone else "",
                }
                for m in patient.care_team
            ]
        )

    def changes(self) -> dict[str, Any]:
        members = []
        for r in self.members.all_values():
            staff = r["kind"] == CareTeamMemberKind.STAFF.value
            members.append(
                {
                    "kind": r["kind"],
                    "role": r["role"],
                    "staff_id": r["staff_id"] if staff else None,
                    "name": None if staff else blank_to_none(r["name"]),
                    "specialty": None if staff else blank_to_none(r["specialty"]),
                    "organization": None if staff else blank_to_none(r["organization"]),
                    "phone": None if staff else blank_to_none(r["phone"]),
                }
            )
        return {"care_team": members}
