"""Non-Latin names draw as letters, not boxes: the UI font falls back to an installed CJK font."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication


@pytest.mark.parametrize("name", ["김민준", "王芳", "さくら"])  # Korean (in the demo data), Chinese, Japanese
def test_a_cjk_name_is_drawn_with_real_glyphs_in_the_app_font(name: str) -> None:
    layout = QTextLayout(name, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    glyphs = [g for run in runs for g in run.glyphIndexes()]
    fonts = {run.rawFont().familyName() for run in runs}
    assert len(glyphs) == len(name) and 0 not in glyphs, fonts  # glyph 0 is the "missing" box
