"""Draws the CareCoord Desktop icon from code and writes the whole set into resources/icons/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

The drawing: a rounded tile in the app's accent blue, a white cross for care, and an open white ring around it
for coordination (care that goes round the team and comes back), with a warm dot where the ring hands over.
Below 32 px the ring and dot would turn to mush, so the small sizes show the cross alone, drawn bolder.

Writes carecoord-desktop-N.png for every size in PNG_SIZES, carecoord-desktop.ico (PNG-compressed entries, which
Windows Vista and later read) and carecoord-desktop.icns (PNG entries, macOS 10.7 and later). The generated files
are committed; run this again only when the drawing changes.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "carecoord-desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns entry types holding PNG data: (type, pixel size).
ICNS_ENTRIES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)

TILE_TOP = QColor("#3b86a8")
TILE_BOTTOM = QColor("#245870")  # the theme's ACCENT_DARK
EDGE = QColor("#1b4457")
WHITE = QColor("#ffffff")
HANDOVER = QColor("#f2a541")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 512, size / 512)  # every coordinate below is on a 512 grid
    small = size < 32

    margin = 12 if small else 24
    tile = QRectF(margin, margin, 512 - 2 * margin, 512 - 2 * margin)
    gradient = QLinearGradient(QPointF(0, margin), QPointF(0, 512 - margin))
    gradient.setColorAt(0, TILE_TOP)
    gradient.setColorAt(1, TILE_BOTTOM)
    p.setBrush(QBrush(gradient))
    p.setPen(QPen(EDGE, 8) if not small else Qt.PenStyle.NoPen)
    p.drawRoundedRect(tile, 104, 104)

    centre = QPointF(256, 256)
    if not small:
        ring = QPen(WHITE, 34, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(ring)
        p.setBrush(Qt.BrushStyle.NoBrush)
        box = QRectF(256 - 150, 256 - 150, 300, 300)
        p.drawArc(box, 70 * 16, 290 * 16)  # open at the upper right, where care is handed on
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(HANDOVER)
        p.drawEllipse(QPointF(256 + 150 * 0.6428, 256 - 150 * 0.7660), 30, 30)  # at 50 degrees

    arm, half = (330, 62) if small else (170, 34)
    cross = QPainterPath()
    cross.setFillRule(Qt.FillRule.WindingFill)
    radius = half * 0.45
    cross.addRoundedRect(QRectF(centre.x() - half, centre.y() - arm / 2, 2 * half, arm), radius, radius)
    cross.addRoundedRect(QRectF(centre.x() - arm / 2, centre.y() - half, arm, 2 * half), radius, radius)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(WHITE)
    p.drawPath(cross.simplified())
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    entries, payload = b"", b""
    for size in ICO_SIZES:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(payload))
        payload += data
    return header + entries + payload


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_ENTRIES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv)
    ICONS.mkdir(parents=True, exist_ok=True)
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _kind, size in ICNS_ENTRIES)})
    pngs = {size: png_bytes(draw(size)) for size in sizes}
    for size in PNG_SIZES:
        (ICONS / f"{NAME}-{size}.png").write_bytes(pngs[size])
    (ICONS / f"{NAME}.ico").write_bytes(ico(pngs))
    (ICONS / f"{NAME}.icns").write_bytes(icns(pngs))
    print(f"Wrote {len(PNG_SIZES)} PNGs, {NAME}.ico and {NAME}.icns to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
