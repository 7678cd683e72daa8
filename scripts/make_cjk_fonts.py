"""Make the two CJK fallback fonts in resources/fonts/ from Debian's packages (run once; the output is committed).

    apt-get install fonts-nanum fonts-droid-fallback
    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    /tmp/ft/bin/python scripts/make_cjk_fonts.py

fontTools is needed only here, not by the app. Both sources have TrueType outlines (reportlab cannot embed the
CFF outlines of Noto Sans CJK). Each is cut down to the scripts it serves and renamed: a subset is a modified
font, and the SIL Open Font License reserves the name "Nanum" for the original (resources/fonts/README.md).
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset  # type: ignore[import-not-found]
from fontTools.ttLib import TTFont  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts"
FONTS = {
    # Hangul Jamo, compatibility Jamo, syllables: every Korean name
    "CareCoordHangul": (
        "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
        "U+1100-11FF,U+3130-318F,U+AC00-D7A3",
    ),
    # CJK punctuation, Kana, Kana extension, CJK Unified Ideographs, full-width forms: Chinese and Japanese names
    "CareCoordHan": (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "U+3000-30FF,U+31F0-31FF,U+4E00-9FFF,U+FF00-FFEF",
    ),
}


def make(name: str, source: str, unicodes: str) -> Path:
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
    subsetter.subset(font)
    _rename(font, name, Path(source).stem)
    target = OUT / f"{name}.ttf"
    subset.save_font(font, str(target), options)
    return target


def _rename(font: TTFont, name: str, source: str) -> None:
    table = font["name"]
    family = name.replace("CareCoord", "CareCoord ")
    for record in list(table.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, text in (
        (1, family),
        (2, "Regular"),
        (3, f"{name}-Regular; subset of {source}"),
        (4, f"{family} Regular"),
        (6, f"{name}-Regular"),
    ):
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)


if __name__ == "__main__":
    for font_name, (path, ranges) in FONTS.items():
        made = make(font_name, path, ranges)
        print(f"{made.name}: {made.stat().st_size:,} bytes")
