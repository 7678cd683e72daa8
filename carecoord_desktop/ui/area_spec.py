"""What an area of the main window is: declared once as an `AreaSpec`, built the first time it is shown.

The main window reads the list in `ui/areas.py`; an area never touches main_window.py. An area widget is
made as `Class(session, host)`: `host` is the little the window offers its areas (`AreaHost`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from carecoord_desktop.domain.practice import PracticeSettings
    from carecoord_desktop.services.permissions import Permission
    from carecoord_desktop.ui.workers import Task


@dataclass(frozen=True)
class AreaSpec:
    key: str  # stable name: show_area("patients")
    title: str  # in the navigation list
    widget: str  # "module:Class", imported and built on first show; Class(session, host)
    permission: Permission | None = None  # None: everyone signed in
    menu: str = ""  # the menu its entry goes in ("&Admin"); "" for navigation only
    menu_text: str = ""  # "&Staff accounts"
    shortcut: str = ""  # "Ctrl+Shift+S"
    draft_key: str = ""  # the key its unsaved input is kept under at a hand-over ("" holds none)
    draft_label: str = ""  # how that input is named when offered back ("the new staff account form")
    landing: bool = False  # shown first after sign-in (the first such area the role may open)

    @property
    def action_name(self) -> str:
        return f"{self.key}Action"


class AreaHost(Protocol):
    """What an area may ask of the window it lives in."""

    @property
    def practice_name(self) -> str: ...

    def show_area(self, key: str) -> QWidget: ...

    def open_chart(self, patient_id: int) -> QWidget | None: ...

    def practice_settings_changed(self, settings: PracticeSettings) -> None: ...

    def show_backup_status(self, text: str, overdue: bool) -> None: ...


@runtime_checkable
class OpensCharts(Protocol):
    """The area that shows patient charts (`CHART_AREA`)."""

    def open_chart(self, patient_id: int) -> Any: ...

    def open_quick_search(self) -> Any: ...


@runtime_checkable
class RunsVaultWork(Protocol):
    """An area whose running task uses the vault the way a backup does: a scheduled backup waits for it."""

    task: Task | None
