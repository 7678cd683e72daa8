"""Print the care plans of the filtered panel as one PDF: built in a worker with progress and Cancel (the
window stays responsive), one disclosure per patient once every plan is built."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.disclosures import RecipientKind
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.panel import PanelFilter
from carecoord_desktop.services import care_plan_batch
from carecoord_desktop.services.care_plan_batch import BatchResult
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.printing.recipient_fields import RecipientFields
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.workers import JobControl, Task, start_job

JOB_KEY = "care_plan_batch"


class BatchPrintDialog(QDialog):
    def __init__(self, session: Session, flt: PanelFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("carePlanBatchDialog")
        self.setWindowTitle("Print care plans for this list")
        self.setMinimumWidth(520)
        self.session = session
        self.task: Task | None = None
        self.result_: BatchResult | None = None
        self.summary = QLabel()
        self.summary.setObjectName("carePlanBatchSummary")
        self.summary.setWordWrap(True)
        self.recipient = RecipientFields()
        caregiver = self.recipient.kind.findData(RecipientKind.CAREGIVER.value)
        self.recipient.kind.removeItem(caregiver)  # each patient has their own caregivers: not in a batch
        self.large_print = QCheckBox("&Large print")
        self.large_print.setObjectName("carePlanBatchLargePrint")
        self.progress = QProgressBar()
        self.progress.setObjectName("carePlanBatchProgress")
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.stage = QLabel()
        self.stage.setObjectName("carePlanBatchStage")
        self.notice = Notice("carePlanBatchNotice")
        self.save_button = QPushButton("&Save as one PDF…")
        self.save_button.setObjectName("carePlanBatchSave")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.choose_file)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("carePlanBatchCancel")
        self.cancel_button.clicked.connect(self.cancel)
        hint = QLabel(
            "Each patient's copy is recorded as a disclosure on their chart. To the patient: the patient version "
            "in their language; to anyone else: the provider copy."
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        for widget in (
            self.summary,
            self.recipient,
            self.large_print,
            hint,
            self.progress,
            self.stage,
            self.notice,
        ):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.patient_ids: list[int] = []
        try:
            chosen = care_plan_batch.select_patients(session, flt)
        except UserError as exc:
            self.summary.setText(exc.message)
            self.save_button.setEnabled(False)
            return
        self.patient_ids = chosen.patient_ids
        left_out = f" ({chosen.without_plan} without a care plan are left out)" if chosen.without_plan else ""
        self.summary.setText(f"{len(self.patient_ids)} patients in this list have a care plan{left_out}.")
        self.save_button.setEnabled(bool(self.patient_ids))

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done

    def choose_file(self) -> None:
        suggested = str(Path.home() / "care-plans.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self, "Save care plans as PDF", suggested, "PDF documents (*.pdf)"
        )
        if path:
            self.save_to(Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf"))

    def save_to(self, path: Path) -> bool:
        """Start the batch (once: a second click while it runs starts nothing)."""
        self.notice.hide()
        try:
            recipient, purpose = self.recipient.recipient(), self.recipient.purpose_value()
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return False
        session, ids, large = self.session, list(self.patient_ids), self.large_print.isChecked()

        def work(job: JobControl) -> BatchResult:
            return care_plan_batch.save_batch(
                session, ids, path, recipient, purpose, large_print=large, report=job.report, check=job.check
            )

        task = start_job(
            work,
            self._done,
            self._failed,
            key=JOB_KEY,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
        )
        if task is None:
            self.notice.say("A batch of care plans is already being printed.", error=True)
            return False
        self.task = task
        self.save_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.setText("Cancel printing")
        return True

    def _progress(self, stage: str, fraction: float) -> None:
        self.stage.setText(stage)
        self.progress.setValue(int(fraction * 1000))

    def _finished(self) -> None:
        self.progress.hide()
        self.stage.clear()
        self.save_button.setEnabled(bool(self.patient_ids))
        self.cancel_button.setText("Close")

    def _done(self, result: BatchResult) -> None:
        self.result_ = result
        self._finished()
        self.notice.say(
            f"Saved {result.patients} care plans ({result.pages} pages); each is recorded as a disclosure."
        )

    def _failed(self, exc: UserError) -> None:
        self._finished()
        self.notice.say(exc.message, error=True)

    def _cancelled(self) -> None:
        self._finished()
        self.notice.say("Cancelled: nothing was saved or disclosed.")

    def cancel(self) -> None:
        self.reject()

    def reject(self) -> None:
        """While the batch runs, Cancel (or Escape) stops it between patients; afterwards it closes."""
        if self.running:
            assert self.task is not None
            self.task.cancel()
            return
        super().reject()
