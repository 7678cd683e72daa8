"""The committed icons are what packaging/make_icons.py draws, so changing the drawing without regenerating them
(or touching up one file by hand) is caught."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[2]


def make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "packaging" / "make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("size", [16, 48, 256])
def test_the_committed_icon_is_the_drawing(size: int, qtbot: QtBot) -> None:
    script = make_icons()
    drawn = QImage.fromData(script.png_bytes(script.draw(size)))
    committed = QImage(str(ROOT / "resources" / "icons" / f"carecoord-desktop-{size}.png"))
    assert not committed.isNull() and committed.size() == drawn.size()
    fmt = QImage.Format.Format_ARGB32
    assert committed.convertToFormat(fmt) == drawn.convertToFormat(fmt)
