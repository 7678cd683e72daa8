"""A printed month calendar with the days that have an appointment shaded: what a patient pins to the fridge.

Weeks start on Sunday (US wall calendars); the month and weekday names come from the document's catalogue.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Sequence
from datetime import date

from reportlab.platypus import Table, TableStyle

from carecoord_desktop.documents.frame import paragraph
from carecoord_desktop.documents.typescale import BAND, INK, RULE, Styles

SUNDAY = 6


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """Every (year, month) from `first`'s month to `last`'s, in order."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_calendar(
    year: int,
    month: int,
    marked: Collection[date],
    title: str,
    weekdays: Sequence[str],
    st: Styles,
    width: float,
) -> Table:
    """One month as a table: a title row, the weekday names, then the weeks; marked days shaded and bold."""
    weeks = calendar.Calendar(firstweekday=SUNDAY).monthdatescalendar(year, month)
    cell = width / 7
    # Day numbers are plain strings drawn in the cell's font: a month is 40-odd cells, built in every packet.
    rows: list[list[object]] = [[paragraph(title, st.bold)] + [""] * 6]
    rows.append([paragraph(name, st.small_bold) for name in weekdays])
    style: list[tuple[object, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("GRID", (0, 1), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 2), (-1, -1), st.body.fontName, st.body.fontSize, st.body.leading),
        ("TEXTCOLOR", (0, 2), (-1, -1), INK),
        ("TOPPADDING", (0, 0), (-1, -1), st.scale.padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), st.scale.padding),
    ]
    for w, week in enumerate(weeks, start=2):
        rows.append([str(day.day) if day.month == month else "" for day in week])
        for d, day in enumerate(week):
            if day.month == month and day in marked:
                style.append(("BACKGROUND", (d, w), (d, w), BAND))
                style.append(("BOX", (d, w), (d, w), 1.6, INK))
                style.append(("FONT", (d, w), (d, w), st.bold.fontName, st.body.fontSize, st.body.leading))
    height = st.body.leading * 2
    table = Table(
        rows,
        colWidths=[cell] * 7,
        rowHeights=[None, None] + [height] * len(weeks),
        hAlign="LEFT",
    )
    table.setStyle(TableStyle(style))
    return table
