"""The care plan form: every one of the nine elements, prefilled from templates for a new plan or from the
plan itself for a correction or a revision (which also asks why). The services validate; errors land next
to their fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QGridLayout

from carecoord_desktop.domain.care_plan_templates import ResponsibleRole
from carecoord_desktop.domain.care_plans import ActivityStatus, GoalAchievement, GoalLifecycle
from carecoord_desktop.services.patients import StaffChoice
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.forms.edit_form import EditForm, RowList, add_field, section_title
from carecoord_desktop.ui.forms.fields import blank_to_none

PATIENT = "patient"
CHOOSE = "staff"  # a staff member still to be chosen: saving asks for one
LINE_LISTS = {
    "symptom_management": ("Symptom management (one line each)", "symptom line"),
    "education": ("Education (one line each)", "education line"),
    "call_us_if": ("Call us if (one warning sign each)", '"call us if" sign'),
    "call_911_if": ("Call 911 if (one warning sign each)", '"call 911 if" sign'),
}
REVIEW_MONTHS = (1, 2, 3, 4, 6, 9, 12)


@dataclass(frozen=True)
class PlanChoices:
    """Who may be responsible and what coordination may point at: staff, the directory, the referrals."""

    staff: list[StaffChoice]
    outside: list[tuple[str, int]]  # directory entries: (name, id)
    referrals: list[tuple[str, int]]  # this patient's referrals: (text, id)


def _date_text(value: Any) -> str:
    return format_date(value) if value else ""


class CarePlanForm(EditForm):
    """`revising`: the form also asks why the plan is revised (a new version is saved)."""

    def __init__(self, choices: PlanChoices, *, revising: bool = False) -> None:
        super().__init__("carePlanForm")
        self.choices = choices
        self.revising = revising
        self.template_keys: list[str] = []
        self.save_button.setText("&Save revision" if revising else "&Save care plan")
        f = self.fields
        if revising:
            f.line("reason", "Why the plan is revised", placeholder="e.g. after the hospital stay in March")
            self.body_layout.addWidget(section_title("Revision"))
            add_field(self.grid(), 0, 0, "Why it is re&vised", f, "reason", span=4)
        f.line("title", "Title of the plan")
        f.combo("language", "Language the plan is written in", [("English", "en"), ("Spanish", "es")])
        f.line("expected_outcome", "Expected outcome")
        f.line("prognosis", "Prognosis")
        f.line("medication_management", "Medication management")
        f.combo("review_every_months", "Review every", [(f"Every {n} months", n) for n in REVIEW_MONTHS])
        f.line("next_review_on", "Next review", placeholder="MM/DD/YYYY")
        self.body_layout.addWidget(section_title("The plan"))
        grid = self.grid()
        add_field(grid, 0, 0, "&Title", f, "title", span=3)
        add_field(grid, 0, 3, "Lan&guage", f, "language")
        add_field(grid, 1, 0, "Expected &outcome", f, "expected_outcome", span=2)
        add_field(grid, 1, 2, "Progno&sis", f, "prognosis", span=2)
        self.lists_by_name: dict[str, RowList] = {}
        self._list("problems", "Problems (from the chart)", "problem", self._problem_row)
        self._list("goals", "Measurable goals", "goal", self._goal_row)
        self._list("symptom_management", *LINE_LISTS["symptom_management"], self._line_row)
        self._list(
            "interventions", "Interventions and who is responsible", "intervention", self._intervention_row
        )
        self.body_layout.addWidget(
            section_title("Medication management (refers to the current medication list)")
        )
        add_field(self.grid(), 0, 0, "Medication &management", f, "medication_management", span=4)
        self._list("community_services", "Community and social services", "service", self._service_row)
        self._list(
            "coordination",
            "Coordination with outside providers",
            "coordination entry",
            self._coordination_row,
        )
        for name in ("education", "call_us_if", "call_911_if"):
            self._list(name, *LINE_LISTS[name], self._line_row)
        self.body_layout.addWidget(section_title("Review schedule"))
        grid = self.grid()
        add_field(grid, 0, 0, "&Review every", f, "review_every_months")
        add_field(grid, 0, 1, "&Next review", f, "next_review_on")
        self.body_layout.addStretch(1)

    def _list(self, name: str, title: str, noun: str, build: Any) -> None:
        def build_row(path: str, grid: QGridLayout) -> None:
            for column in range(4):  # every row on the form's four columns, so fields line up
                grid.setColumnStretch(column, 1)
            build(path, grid)

        self.body_layout.addWidget(section_title(title))
        self.lists_by_name[name] = self.row_list(name, build_row, noun)

    # -- rows ------------------------------------------------------------------------------------------
    def _problem_row(self, path: str, grid: QGridLayout) -> None:
        f = self.fields
        f.line(f"{path}.text", "Problem")
        f.line(f"{path}.code", "Code", placeholder="ICD-10-CM, optional")
        add_field(grid, 0, 0, "Problem", f, f"{path}.text", span=3)
        add_field(grid, 0, 3, "Code", f, f"{path}.code")

    def _goal_row(self, path: str, grid: QGridLayout) -> None:
        f = self.fields
        f.line(f"{path}.description", "Goal")
        f.line(f"{path}.measure", "What is measured")
        f.line(f"{path}.target", "Target")
        f.line(f"{path}.due_on", "Due date", placeholder="MM/DD/YYYY")
        f.combo(f"{path}.lifecycle", "Goal status", [(s.label, s.value) for s in GoalLifecycle])
        f.combo(
            f"{path}.achievement",
            "Achievement",
            [("Not assessed", ""), *((a.label, a.value) for a in GoalAchievement)],
        )
        add_field(grid, 0, 0, "Goal", f, f"{path}.description", span=2)
        add_field(grid, 0, 2, "What is measured", f, f"{path}.measure")
        add_field(grid, 0, 3, "Target", f, f"{path}.target")
        add_field(grid, 1, 0, "Due date", f, f"{path}.due_on")
        add_field(grid, 1, 1, "Status", f, f"{path}.lifecycle")
        add_field(grid, 1, 2, "Achievement", f, f"{path}.achievement")

    def _responsible_choices(self) -> list[tuple[str, str]]:
        found = [("Choose who is responsible", CHOOSE), ("Patient (and family)", PATIENT)]
        found += [(f"{s.full_name} ({s.role.label})", f"staff:{s.id}") for s in self.choices.staff]
        found += [(f"{name} (outside)", f"outside:{entry}") for name, entry in self.choices.outside]
        return found

    def _intervention_row(self, path: str, grid: QGridLayout) -> None:
        f = self.fields
        f.line(f"{path}.description", "Intervention")
        f.combo(f"{path}.responsible", "Responsible", self._responsible_choices())
        f.combo(
            f"{path}.role", "Role", [("No role given", ""), *((r.label, r.value) for r in ResponsibleRole)]
        )
        f.line(f"{path}.frequency", "How often", placeholder="e.g. every month")
        f.line(f"{path}.due_on", "Due date", placeholder="MM/DD/YYYY")
        f.combo(f"{path}.status", "Status", [(s.label, s.value) for s in ActivityStatus])
        add_field(grid, 0, 0, "Intervention", f, f"{path}.description", span=2)
        add_field(grid, 0, 2, "Responsible", f, f"{path}.responsible")
        add_field(grid, 0, 3, "Role", f, f"{path}.role")
        add_field(grid, 1, 0, "How often", f, f"{path}.frequency")
        add_field(grid, 1, 1, "Due date", f, f"{path}.due_on")
        add_field(grid, 1, 2, "Status", f, f"{path}.status")

    def _service_row(self, path: str, grid: QGridLayout) -> None:
        f = self.fields
        f.line(f"{path}.service", "Service")
        f.line(f"{path}.contact", "Contact")
        add_field(grid, 0, 0, "Service", f, f"{path}.service", span=2)
        add_field(grid, 0, 2, "Contact", f, f"{path}.contact", span=2)

    def _coordination_row(self, path: str, grid: QGridLayout) -> None:
        f = self.fields
        f.line(f"{path}.provider", "Outside provider or agency")
        f.line(f"{path}.how", "How care is coordinated")
        f.combo(f"{path}.referral_id", "Referral", [("No referral", None), *self.choices.referrals])
        add_field(grid, 0, 0, "Provider or agency", f, f"{path}.provider")
        add_field(grid, 0, 1, "How care is coordinated", f, f"{path}.how", span=2)
        add_field(grid, 0, 3, "Referral", f, f"{path}.referral_id")

    def _line_row(self, path: str, grid: QGridLayout) -> None:
        self.fields.line(f"{path}.text", "Line")
        add_field(grid, 0, 0, "Line", self.fields, f"{path}.text", span=4)

    # -- plan data <-> fields ----------------------------------------------------------------------------
    def load(self, plan: dict[str, Any]) -> None:
        """Fill the form from a plan (or a draft from templates) as the services give it (JSON mode)."""
        f = self.fields
        for name in ("title", "language", "expected_outcome", "prognosis", "medication_management"):
            f.set_value(name, plan.get(name) or ("en" if name == "language" else ""))
        f.set_value("review_every_months", int(plan.get("review_every_months") or 6))
        f.set_value("next_review_on", _date_text(plan.get("next_review_on")))
        self.template_keys = list(plan.get("template_keys") or [])
        rows = self.lists_by_name
        rows["problems"].set_rows(
            [{"text": p["text"], "code": p.get("code") or ""} for p in plan.get("problems", [])]
        )
        rows["goals"].set_rows(
            [
                {**g, "due_on": _date_text(g.get("due_on")), "achievement": g.get("achievement") or ""}
                for g in plan.get("goals", [])
            ]
        )
        rows["interventions"].set_rows([self._intervention_values(i) for i in plan.get("interventions", [])])
        rows["community_services"].set_rows(
            [
                {"service": c["service"], "contact": c.get("contact") or ""}
                for c in plan.get("community_services", [])
            ]
        )
        rows["coordination"].set_rows(
            [
                {"provider": c["provider"], "how": c["how"], "referral_id": c.get("referral_id")}
                for c in plan.get("coordination", [])
            ]
        )
        for name in LINE_LISTS:
            rows[name].set_rows([{"text": line} for line in plan.get(name, [])])
        self.mark_clean()

    @staticmethod
    def _intervention_values(item: dict[str, Any]) -> dict[str, Any]:
        who = item.get("responsible") or {}
        kind = who.get("kind") or PATIENT
        key = PATIENT if kind == PATIENT else CHOOSE
        if kind == "staff" and who.get("staff_id"):
            key = f"staff:{who['staff_id']}"
        elif kind == "outside" and who.get("directory_id"):
            key = f"outside:{who['directory_id']}"
        return {
            "description": item.get("description", ""),
            "responsible": key,
            "role": who.get("role") or "",
            "frequency": item.get("frequency") or "",
            "due_on": _date_text(item.get("due_on")),
            "status": item.get("status") or ActivityStatus.NOT_STARTED.value,
        }

    @staticmethod
    def _responsible(key: str, role: str) -> dict[str, Any]:
        kind, _, number = (key or PATIENT).partition(":")
        data: dict[str, Any] = {"kind": kind, "role": role or None}
        if kind == "staff" and number:
            data["staff_id"] = int(number)
        elif kind == "outside":
            data["directory_id"] = int(number)
        return data

    def changes(self) -> dict[str, Any]:
        f, rows = self.fields, self.lists_by_name
        data: dict[str, Any] = {
            name: blank_to_none(f.value(name))
            for name in ("title", "expected_outcome", "prognosis", "medication_management", "next_review_on")
        }
        data["language"] = f.value("language")
        data["review_every_months"] = f.value("review_every_months")
        data["template_keys"] = self.template_keys
        data["problems"] = [
            {"text": r["text"], "code": blank_to_none(r["code"])} for r in rows["problems"].all_values()
        ]
        data["goals"] = [
            {**r, "due_on": blank_to_none(r["due_on"]), "achievement": r["achievement"] or None}
            for r in rows["goals"].all_values()
        ]
        data["interventions"] = [
            {
                "description": r["description"],
                "responsible": self._responsible(r["responsible"], r["role"]),
                "frequency": blank_to_none(r["frequency"]),
                "due_on": blank_to_none(r["due_on"]),
                "status": r["status"],
            }
            for r in rows["interventions"].all_values()
        ]
        data["community_services"] = [
            {"service": r["service"], "contact": blank_to_none(r["contact"])}
            for r in rows["community_services"].all_values()
        ]
        data["coordination"] = rows["coordination"].all_values()
        for name in LINE_LISTS:
            data[name] = [r["text"] for r in rows[name].all_values()]
        return data

    def reason(self) -> str:
        return str(self.fields.value("reason")) if self.revising else ""
