"""The building blocks documents share: a title, a section heading, label/value rows, and lists that split
across pages with their header repeated. Every cell wraps, so long names never clip or overlap."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from carecoord_desktop.documents.frame import paragraph
from carecoord_desktop.documents.typescale import BAND, RULE, Styles


def heading(text: str, st: Styles) -> Paragraph:
    return paragraph(text, st.heading)


def label_rows(rows: Sequence[tuple[str, str]], st: Styles, width: float) -> Table:
    """Label on the left, value on the right; the label column grows with the type scale."""
    label_width = width * (0.36 if st.scale.body > 12 else 0.3)
    table = Table(
        [[paragraph(label, st.label), paragraph(value, st.body)] for label, value in rows],
        colWidths=[label_width, width - label_width],
        hAlign="LEFT",
    )
    pad = st.scale.padding
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def list_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], fractions: Sequence[float], st: Styles, width: float
) -> Table:
    """A list with a header row repeated on every page it spans."""
    total = sum(fractions)
    widths = [width * f / total for f in fractions]
    data = [[paragraph(h, st.small_bold) for h in header]]
    data += [[paragraph(cell, st.body) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    pad = st.scale.padding
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ]
        )
    )
    return table


def section(title: str, body: Flowable | str, st: Styles) -> list[Flowable]:
    """A heading kept with the start of what follows it (a sentence, or a table's first rows)."""
    content = paragraph(body, st.body) if isinstance(body, str) else body
    if isinstance(content, Table):
        return [heading(title, st), content]
    return [KeepTogether([heading(title, st), content])]
