"""Chart read views: the summary does not repeat its labels, and every section's values line up."""

from __future__ import annotations

import re

from carecoord_desktop.services import patients
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.formatting import LABEL_WIDTH
from carecoord_desktop.ui.chart.read_views import summary_html
from tests.ui.helpers import everyone


def test_the_summary_says_allergies_once_and_its_values_line_up(nina: Session) -> None:
    chart = next(
        c
        for c in (patients.open_chart(nina, r.id) for r in everyone(nina)[:40])
        if c.patient.clinical.allergies
    )
    html = summary_html(chart, nina.clock)
    assert "Allergies: " not in html  # the row's label already says it
    widths = re.findall(r"<td width='(\d+)'", html)
    assert widths and set(widths) == {str(LABEL_WIDTH)}
    assert html.count("<table") >= 2  # identity and clinical tables: the same label column
