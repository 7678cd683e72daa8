"""Patients, as the UI and CLI call them: one import for the panel and search (patient_panel), the chart and
edits (patient_chart) and saved views (saved_views). New code may import those modules directly."""

from __future__ import annotations

from carecoord_desktop.domain.panel import PanelFilter, PanelRow
from carecoord_desktop.services.patient_chart import (
    Chart,
    DuplicateMatch,
    HistoryEntry,
    add_patient,
    check_new_patient,
    history,
    open_chart,
    update_patient,
)
from carecoord_desktop.services.patient_panel import (
    SEARCH_LIMIT,
    PanelQuery,
    StaffChoice,
    default_panel_filter,
    open_panel,
    panel_count,
    panel_page,
    search_ids,
    search_patients,
    staff_choices,
)
from carecoord_desktop.services.patient_records import columns_for, patient_rules
from carecoord_desktop.services.saved_views import delete_view, save_view, saved_views

_search_ids = search_ids  # the panel benchmark times the search SQL through this name

__all__ = [
    "SEARCH_LIMIT",
    "Chart",
    "DuplicateMatch",
    "HistoryEntry",
    "PanelFilter",
    "PanelQuery",
    "PanelRow",
    "StaffChoice",
    "add_patient",
    "check_new_patient",
    "columns_for",
    "default_panel_filter",
    "delete_view",
    "history",
    "open_chart",
    "open_panel",
    "panel_count",
    "panel_page",
    "patient_rules",
    "save_view",
    "saved_views",
    "search_ids",
    "search_patients",
    "staff_choices",
    "update_patient",
]
