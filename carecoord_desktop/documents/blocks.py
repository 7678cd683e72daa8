"""The building blocks documents share: a title, a section heading, label/value rows, and lists that split
across pages with their header repeated. Every cell wraps, so long names never clip or overlap."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from carecoord_desktop.documents.coverage import nfc
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
    widths = column_widths(header, rows, fractions, st, width)
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


def _longest_word(texts: Sequence[str], font: str, size: float) -> float:
    return max((stringWidth(word, font, size) for text in texts for word in nfc(text).split()), default=0.0)


def column_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], fractions: Sequence[float], st: Styles, width: float
) -> list[float]:
    """Widths in proportion to `fractions`, widened where a column's longest word would not fit (a date,
    "Relationship" in large print), taken from columns with room to spare; words break only if none has."""
    total = sum(fractions)
    base = [width * f / total for f in fractions]
    padding = 2 * 6  # reportlab's default cell padding, left and right
    need = [
        max(
            _longest_word([header[i]], st.small_bold.fontName, st.small_bold.fontSize),
            _longest_word([row[i] for row in rows], st.body.fontName, st.body.fontSize),
        )
        + padding
        + 1
        for i in range(len(base))
    ]
    widths = [max(b, n) for b, n in zip(base, need, strict=True)]
    excess = sum(widths) - width
    slack = [w - n for w, n in zip(widths, need, strict=True)]
    if excess <= 0 or sum(slack) < excess:
        return base
    return [w - excess * s / sum(slack) for w, s in zip(widths, slack, strict=True)]


def section(title: str, body: Flowable | str, st: Styles) -> list[Flowable]:
    """A heading, never alone at the foot of a page: it moves on unless a few lines fit below it.

    A conditional page break rather than keep-with-next: that would lay every table out twice.
    """
    content = paragraph(body, st.body) if isinstance(body, str) else body
    room = st.heading.spaceBefore + st.heading.leading + st.heading.spaceAfter + 3 * st.body.leading * 1.4
    return [CondPageBreak(room), heading(title, st), content]
