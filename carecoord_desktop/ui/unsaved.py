"""The one rule for typed input that was not saved.

Leaving the window (sign out, quit, lock and hand-over) keeps it as a draft that is offered back at the
author's next sign-in (`MainWindow`); throwing it away inside the window (a form's Cancel, closing a tab)
asks this one question first. Untouched input is never asked about.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

QUESTION = "Discard unsaved input?"


def may_discard(parent: QWidget, where: str) -> bool:
    """True when the user agrees to lose what they typed in `where` ("this form", "this tab")."""
    answer = QMessageBox.question(
        parent,
        QUESTION,
        f"What you typed in {where} was not saved. Discard it?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard
