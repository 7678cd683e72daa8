"""One calm palette and style sheet for the whole application."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2f6f8f"
ACCENT_DARK = "#245870"
ERROR = "#b3261e"
SUCCESS = "#2e7d4f"
TEXT = "#1f2a33"
MUTED = "#5b6b78"
WINDOW = "#f4f6f8"
SURFACE = "#ffffff"
BORDER = "#cfd8df"
DEMO = "#b45309"

# Spacing used by every page so margins line up across areas.
MARGIN = 20
SPACING = 12

STYLE_SHEET = f"""
QWidget {{ color: {TEXT}; }}
QMainWindow, QWizard, QDialog, QWidget#signInWindow {{ background: {WINDOW}; }}
QLabel#pageTitle {{ font-size: 17pt; font-weight: 600; color: {TEXT}; }}
QLabel#pageSubtitle, QLabel[hint="true"] {{ color: {MUTED}; }}
QLabel[fieldError="true"] {{ color: {ERROR}; }}
QLabel#formError, QLabel[formMessage="true"] {{ color: {ERROR}; background: #fbeceb; border: 1px solid #f0c4c0; border-radius: 4px;
    padding: 6px 8px; }}
QLabel#formSuccess {{ color: {SUCCESS}; background: #e9f5ee; border: 1px solid #bfe0cc; border-radius: 4px;
    padding: 6px 8px; }}
QLabel#demoBadge {{ color: white; background: {DEMO}; border-radius: 3px; padding: 2px 8px; font-weight: 600; }}
QFrame#card {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px; }}
QFrame#recoveryKeyBox {{ background: #fff8e6; border: 1px solid #e8c878; border-radius: 6px; }}
QLabel#recoveryKey {{ font-family: "DejaVu Sans Mono", monospace; font-size: 15pt; font-weight: 600;
    letter-spacing: 1px; }}
QLineEdit, QPlainTextEdit {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 4px;
    padding: 3px 6px; min-height: 1.3em; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 1px solid {ACCENT}; }}
QComboBox, QSpinBox, QDateEdit {{ min-height: 1.55em; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QLineEdit:disabled {{ background: #eef1f3; color: #7d8a94; }}
QLineEdit[invalid="true"] {{ border: 1px solid {ERROR}; }}
QPushButton {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 4px; padding: 5px 14px;
    min-height: 1.3em; }}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:disabled {{ color: #9aa6b0; background: #eef1f3; }}
QPushButton[primary="true"], QPushButton:default {{ background: {ACCENT}; color: white; border-color: {ACCENT_DARK}; }}
QPushButton[primary="true"]:hover, QPushButton:default:hover {{ background: {ACCENT_DARK}; }}
QPushButton[primary="true"]:disabled, QPushButton:default:disabled {{ background: #9fbccb; color: #eef3f6;
    border-color: #9fbccb; }}
QPushButton[link="true"] {{ background: transparent; border: none; color: {ACCENT}; padding: 2px 0;
    text-decoration: underline; }}
QListWidget#navigation {{ background: #e8edf1; border: none; border-right: 1px solid {BORDER}; padding-top: 8px;
    font-size: 10.5pt; }}
QListWidget#navigation::item {{ padding: 9px 14px; border-radius: 0; }}
QListWidget#navigation::item:selected {{ background: {SURFACE}; color: {ACCENT_DARK}; border-left: 3px solid {ACCENT};
    font-weight: 600; }}
QTableView {{ background: {SURFACE}; border: 1px solid {BORDER}; gridline-color: #e3e8ec;
    alternate-background-color: #f7f9fa; selection-background-color: #d6e6ee; selection-color: {TEXT}; }}
QHeaderView::section {{ background: #edf1f4; border: none; border-bottom: 1px solid {BORDER};
    border-right: 1px solid #e3e8ec; padding: 5px 6px; font-weight: 600; }}
QMenu::item:disabled {{ color: #9aa6b0; }}
QStatusBar {{ background: #e8edf1; border-top: 1px solid {BORDER}; }}
QStatusBar QLabel {{ padding: 0 8px; color: {MUTED}; }}
QWidget#lockOverlay {{ background: #dfe6eb; }}
QProgressBar {{ border: 1px solid {BORDER}; border-radius: 4px; background: {SURFACE}; height: 8px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}
"""


#: DejaVu Sans first; for letters it lacks (Hangul, Han, Kana) the first CJK font the system has, on every
#: platform (scripts/setup.sh installs NanumGothic for Hangul and Droid Sans Fallback for Han and Kana on Linux).
UI_FONT_FAMILIES = (
    "DejaVu Sans",
    "NanumGothic",
    "Droid Sans Fallback",
    "Noto Sans CJK KR",
    "Noto Sans CJK SC",
    "Malgun Gothic",
    "Microsoft YaHei",
    "Yu Gothic",
    "Apple SD Gothic Neo",
    "PingFang SC",
)


def apply_theme(app: QApplication) -> None:
    if app.property("careCoordTheme"):
        return  # replacing a live style under existing widgets is unsafe; once is enough
    app.setProperty("careCoordTheme", True)
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f9fa"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    app.setPalette(palette)
    font = QFont()
    font.setFamilies(list(UI_FONT_FAMILIES))
    font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
