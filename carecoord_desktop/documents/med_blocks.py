"""The medicine blocks patient printouts share: the medicines table (what, what for, how much, when, and the
NEW / CHANGED / STOPPED / SAME mark with its reason) and the daily schedule grid (morning, noon, evening,
bedtime). The medication list prints them; the discharge packet reuses them. Their fixed text is the
"med_list" catalogue, in the language asked for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final
from xml.sax.saxutils import escape

from pydantic import BaseModel, ConfigDict
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from carecoord_desktop.documents.blocks import column_widths
from carecoord_desktop.documents.catalogue import Catalogue
from carecoord_desktop.documents.coverage import nfc
from carecoord_desktop.documents.typescale import BAND, RULE, Styles
from carecoord_desktop.domain.medication_records import ChangeMark
from carecoord_desktop.domain.medications import Frequency, Medication, MedicationStatus, ScheduleSlot

CATALOGUE: Final = "med_list"
TICK: Final = "\u25cf"  # a filled circle: in DejaVu Sans, clear on paper


class MedicineLine(BaseModel):
    """One medicine as a patient reads it; `mark` only when a signed reconciliation says how it changed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    display: str
    indication: str | None = None
    dose: str | None = None
    route: str | None = None
    frequency: Frequency | None = None
    frequency_text: str | None = None
    prn: bool = False
    prn_reason: str | None = None
    status: MedicationStatus = MedicationStatus.ACTIVE
    hold_until: date | None = None
    hold_reason: str | None = None
    stop_reason: str | None = None
    mark: ChangeMark | None = None
    mark_reason: str | None = None

    @classmethod
    def of(
        cls, medication: Medication, mark: ChangeMark | None = None, reason: str | None = None
    ) -> MedicineLine:
        m = medication
        return cls(
            display=m.display,
            indication=m.indication,
            dose=m.dose,
            route=m.route,
            frequency=m.frequency,
            frequency_text=m.frequency_text,
            prn=m.prn,
            prn_reason=m.prn_reason,
            status=m.status,
            hold_until=m.hold_until,
            hold_reason=m.hold_reason,
            stop_reason=m.stop_reason,
            mark=mark,
            mark_reason=reason,
        )

    @property
    def taken(self) -> bool:
        """On the patient's schedule now (not on hold, not stopped)."""
        return self.status is MedicationStatus.ACTIVE

    @property
    def slots(self) -> tuple[ScheduleSlot, ...]:
        return self.frequency.slots if self.frequency is not None and self.taken else ()


MEDICINE_LABELS: Final = {
    "medicines": "a medicine's details",
    "medicines.display": "a medicine's name",
    "medicines.indication": "what a medicine is for",
    "medicines.dose": "a medicine's dose",
    "medicines.route": "a medicine's route",
    "medicines.frequency_text": "how often a medicine is taken",
    "medicines.prn_reason": "when a medicine is taken as needed",
    "medicines.hold_reason": "why a medicine is on hold",
    "medicines.stop_reason": "why a medicine was stopped",
    "medicines.mark_reason": "the reason for a change",
}


def _p(text: str, style: object, *, bold: str = "") -> Paragraph:
    """Escaped text; `bold` printed first in bold."""
    head = f"<b>{escape(nfc(bold))}</b>" + ("<br/>" if text else "") if bold else ""
    return Paragraph(head + escape(nfc(text)).replace("\n", "<br/>"), style)


def how_often(t: Catalogue, line: MedicineLine) -> str:
    """The frequency in the patient's language (a structured code), or as it was written."""
    if line.frequency is not None and line.frequency is not Frequency.OTHER:
        text = t.label("frequency", line.frequency.value)
    else:
        text = line.frequency_text or ""
    if line.prn and line.frequency is not Frequency.AS_NEEDED:
        text = f"{text}, {t('as_needed')}" if text else t("as_needed")
    if line.prn and line.prn_reason:
        text += f" ({t('for_reason', reason=line.prn_reason)})"
    return text


def _status_note(t: Catalogue, line: MedicineLine) -> str:
    if line.status is MedicationStatus.ON_HOLD:
        until = t("hold_until", date=t.date(line.hold_until)) if line.hold_until else t("hold_open")
        return f"{until}" + (f" ({line.hold_reason})" if line.hold_reason else "")
    if line.status is MedicationStatus.STOPPED:
        said = line.mark is ChangeMark.STOPPED and line.mark_reason  # the change column says why
        return t("stopped_note") + (f" ({line.stop_reason})" if line.stop_reason and not said else "")
    return ""


def medicines_table(
    lines: Sequence[MedicineLine], language: str, st: Styles, width: float, *, marks: bool
) -> Table:
    """What each medicine is, what for, how much and when; with `marks`, the change column too."""
    t = Catalogue(CATALOGUE, language)
    header = [t("medicine"), t("how_much"), t("when")]
    fractions: list[float] = [4.6, 2.6, 3.2]
    if marks:
        header.append(t("change"))
        fractions.append(3.2)
    rows: list[list[str]] = []
    cells: list[list[Paragraph]] = []
    for line in lines:
        what = line.display + (f"\n{t('for_what', what=line.indication)}" if line.indication else "")
        how = " ".join(p for p in (line.dose, line.route) if p)
        when = how_often(t, line)
        note = _status_note(t, line)
        row = [what, how, when]
        cell = [_p(what, st.body), _p(how, st.body), _p(when, st.body, bold=note)]
        if marks:
            mark = t.label("mark", line.mark.value) if line.mark else ""
            reason = line.mark_reason or ""
            row.append(f"{mark} {reason}")
            cell.append(_p(reason, st.body, bold=mark))
        rows.append(row)
        cells.append(cell)
    widths = column_widths(header, rows, fractions, st, width)
    data: list[list[Paragraph]] = [[_p(h, st.small_bold) for h in header], *cells]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    pad = st.scale.padding
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), BAND),
        ("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 1.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.4),
    ]
    for index, line in enumerate(lines, start=1):
        if marks and line.mark in (ChangeMark.NEW, ChangeMark.CHANGED, ChangeMark.STOPPED):
            style.append(("BACKGROUND", (-1, index), (-1, index), "#fff3c4"))
    table.setStyle(TableStyle(style))
    return table


def schedule_grid(lines: Sequence[MedicineLine], language: str, st: Styles, width: float) -> Table | None:
    """A row per medicine taken at fixed times, a column per time of day, the dose where it is taken.
    None when no medicine has a fixed time (as-needed medicines are listed apart)."""
    t = Catalogue(CATALOGUE, language)
    timed = [line for line in lines if line.slots]
    if not timed:
        return None
    slots = list(ScheduleSlot)
    centred = ParagraphStyle("grid_cell", parent=st.bold, alignment=1)
    header = [t("medicine"), *(t.label("slot", s.value) for s in slots)]
    data: list[list[Paragraph]] = [[_p(h, st.small_bold) for h in header]]
    for line in timed:
        name = line.display
        if line.frequency is not None and not line.frequency.every_day:
            name += f"\n({t.label('frequency', line.frequency.value)})"
        amount = line.dose or TICK
        data.append([_p(name, st.body), *(_p(amount if s in line.slots else "", centred) for s in slots)])
    head = ParagraphStyle("grid_head", parent=st.small_bold, alignment=1)
    words = [w for h in header[1:] for w in h.split()] + [
        w for line in timed for w in (line.dose or "").split()
    ]
    slot_width = max(width * 0.14, *(stringWidth(w, st.bold.fontName, st.bold.fontSize) + 14 for w in words))
    data[0] = [_p(header[0], st.small_bold), *(_p(h, head) for h in header[1:])]
    table = Table(
        data, colWidths=[width - slot_width * len(slots), *([slot_width] * len(slots))], repeatRows=1
    )
    pad = st.scale.padding
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("GRID", (0, 0), (-1, -1), 0.6, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 1.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.6),
            ]
        )
    )
    return table
