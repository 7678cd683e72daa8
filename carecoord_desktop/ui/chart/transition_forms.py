"""The form that records a stay: the facility (from the directory or typed), dates, type and disposition,
diagnoses, prior use, and the readmission-risk inputs, each of which may be left as not known."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from carecoord_desktop.domain.directory import DirectoryKind
from carecoord_desktop.domain.readmission_risk import CharlsonItem
from carecoord_desktop.domain.transitions import AdmissionType, Complexity, Disposition, StayKind
from carecoord_desktop.services.directory import DirectoryListing
from carecoord_desktop.ui.forms.edit_form import EditForm, add_field, section_title
from carecoord_desktop.ui.forms.fields import blank_to_none

UNKNOWN = "Not known"
YES_NO = ((UNKNOWN, ""), ("Yes", "yes"), ("No", "no"))
NOT_ASSESSED = "not_assessed"


def _yes_no(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _charlson_checks() -> QWidget:
    """The Charlson conditions as ticks in three columns, each with its LACE weight."""
    box = QWidget()
    box.setObjectName("charlson_items")
    box.setAccessibleName("Charlson conditions present")
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    for index, item in enumerate(CharlsonItem):
        check = QCheckBox(f"{item.label} ({item.weight})")
        check.setObjectName(f"charlson_items_{item.value}")
        check.setProperty("value", item.value)
        grid.addWidget(check, index // 3, index % 3)
    return box


class NewStayForm(EditForm):
    """Dates are typed as on every form (MM/DD/YYYY); a blank number or "Not known" stays unknown."""

    def __init__(self, facilities: list[DirectoryListing]) -> None:
        super().__init__("newStayForm")
        self.save_button.setText("&Save stay")
        f = self.fields
        f.combo("kind", "Kind of stay", [(k.label, k.value) for k in StayKind])
        self.facility = f.combo(
            "facility_name",
            "Facility",
            [
                (listing.entry.name, listing.id)
                for listing in facilities
                if listing.entry.kind is DirectoryKind.HOSPITAL
            ],
            editable=True,
        )
        f.line("admitted_on", "Admitted on", placeholder="MM/DD/YYYY")
        f.line("discharged_on", "Discharged on", placeholder="MM/DD/YYYY")
        f.combo(
            "admission_type", "Admission type", [(UNKNOWN, ""), *((t.label, t.value) for t in AdmissionType)]
        )
        f.combo("disposition", "Discharged to", [(d.label, d.value) for d in Disposition])
        f.combo("complexity", "TCM complexity", [(c.label, c.value) for c in Complexity])
        f.line("diagnoses", "Diagnoses", placeholder="separate with semicolons")
        f.line("ed_visits_6m", "ED visits in the 6 months before", placeholder="blank: not known")
        f.line("admissions_12m", "Admissions in the 12 months before", placeholder="blank: not known")
        f.line("summary_received_on", "Discharge summary received", placeholder="MM/DD/YYYY or blank")
        f.line("haemoglobin_g_dl", "Haemoglobin at discharge (g/dL)", placeholder="blank: not known")
        f.line("sodium_mmol_l", "Sodium at discharge (mmol/L)", placeholder="blank: not known")
        f.combo("oncology_service", "Discharged from an oncology service", YES_NO)
        f.combo("procedure_during_stay", "Procedure during the stay", YES_NO)
        f.combo(
            "charlson_assessed",
            "Charlson conditions",
            [("Not assessed", NOT_ASSESSED), ("Assessed: the ticked conditions are present", "assessed")],
        )
        f.wrap("charlson_items", _charlson_checks())
        f.line("note", "Note")

        self.body_layout.addWidget(section_title("The stay"))
        grid = self.grid()
        add_field(grid, 0, 0, "&Kind", f, "kind")
        add_field(grid, 0, 1, "&Facility (directory or typed)", f, "facility_name", span=2)
        add_field(grid, 1, 0, "&Admitted on", f, "admitted_on")
        add_field(grid, 1, 1, "&Discharged on", f, "discharged_on")
        add_field(grid, 1, 2, "Admission &type", f, "admission_type")
        add_field(grid, 2, 0, "Discharged t&o", f, "disposition")
        add_field(grid, 2, 1, "TCM &complexity", f, "complexity", span=2)
        add_field(grid, 3, 0, "Dia&gnoses", f, "diagnoses", span=3)
        add_field(grid, 4, 0, "Discharge su&mmary received", f, "summary_received_on")
        add_field(grid, 4, 1, "&Note", f, "note", span=2)
        self.body_layout.addWidget(section_title("Readmission risk inputs (leave blank when not known)"))
        grid = self.grid()
        add_field(grid, 0, 0, "&ED visits, 6 months before", f, "ed_visits_6m")
        add_field(grid, 0, 1, "Ad&missions, 12 months before", f, "admissions_12m")
        add_field(grid, 1, 0, "&Haemoglobin (g/dL)", f, "haemoglobin_g_dl")
        add_field(grid, 1, 1, "Sod&ium (mmol/L)", f, "sodium_mmol_l")
        add_field(grid, 2, 0, "Onco&logy service", f, "oncology_service")
        add_field(grid, 2, 1, "&Procedure during the stay", f, "procedure_during_stay")
        add_field(grid, 3, 0, "Cha&rlson conditions", f, "charlson_assessed", span=3)
        self.body_layout.addWidget(f.box("charlson_items"))

    def changes(self) -> dict[str, Any]:
        f = self.fields
        facility = f.value("facility_name")
        data: dict[str, Any] = {
            "kind": f.value("kind"),
            "facility_id": facility if isinstance(facility, int) else None,
            "facility_name": self.facility.currentText() if isinstance(facility, int) else facility,
            "disposition": f.value("disposition"),
            "complexity": f.value("complexity"),
            "admission_type": f.value("admission_type") or None,
            "diagnoses": [d.strip() for d in f.value("diagnoses").split(";") if d.strip()],
            "oncology_service": _yes_no(f.value("oncology_service")),
            "procedure_during_stay": _yes_no(f.value("procedure_during_stay")),
            "charlson_items": None
            if f.value("charlson_assessed") == NOT_ASSESSED
            else f.value("charlson_items"),
        }
        for path in (
            "admitted_on",
            "discharged_on",
            "summary_received_on",
            "ed_visits_6m",
            "admissions_12m",
            "haemoglobin_g_dl",
            "sodium_mmol_l",
            "note",
        ):
            data[path] = blank_to_none(f.value(path))
        return data
