"""The recovery sheet printed at set-up: the one key that opens the vault when every password is lost."""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from pydantic import BaseModel, ConfigDict
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from carecoord_desktop.documents.fonts import BOLD, REGULAR, register_fonts

INSTRUCTIONS = (
    "Keep this sheet somewhere safe and away from the computer, such as the practice safe or a locked drawer "
    "with the practice's other important papers.",
    "With this key an administrator who has forgotten their password can open the vault and choose a new one "
    "(on the sign-in window: Forgot password? then Use recovery key).",
    "Anyone holding this sheet and a copy of the vault can read every record in it. Do not photograph it, "
    "email it or store it on the computer.",
    "If the sheet is lost or may have been seen by someone else, tell the practice administrator at once.",
    "Without this key and without any administrator password, the vault cannot be opened by anyone, "
    "including CareCoord support.",
)


class RecoverySheet(BaseModel):
    """What the sheet shows; a snapshot, so building the PDF needs nothing else."""

    model_config = ConfigDict(frozen=True)

    practice_name: str
    vault_id: str
    vault_file: str
    recovery_key: str
    created_on: date
    admin_username: str
    paper: str = "letter"  # or "a4"


def build_recovery_sheet(sheet: RecoverySheet) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    pagesize = A4 if sheet.paper.lower() == "a4" else letter
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"Recovery sheet — {sheet.practice_name}",
        author="CareCoord Desktop",
        subject="Vault recovery key",
    )
    base = ParagraphStyle(
        "base", fontName=REGULAR, fontSize=10.5, leading=15, textColor=colors.HexColor("#1f2a33")
    )
    small = ParagraphStyle("small", parent=base, fontSize=9, leading=12, textColor=colors.HexColor("#5b6b78"))
    title = ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=20, leading=25, spaceAfter=2)
    heading = ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=12.5, leading=17, spaceBefore=10)
    key_style = ParagraphStyle(
        "key", parent=base, fontName=BOLD, fontSize=17, leading=24, alignment=1, textColor=colors.black
    )

    facts = [
        ["Practice", sheet.practice_name],
        ["Vault file", sheet.vault_file],
        ["Vault id", sheet.vault_id],
        ["Administrator", sheet.admin_username],
        ["Created", sheet.created_on.isoformat()],
    ]
    facts_table = Table(
        [[Paragraph(escape(k), small), Paragraph(escape(v), base)] for k, v in facts],
        colWidths=[35 * mm, None],
        hAlign="LEFT",
    )
    facts_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.HexColor("#cfd8df")),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    key_box = Table([[Paragraph(escape(sheet.recovery_key), key_style)]], colWidths=[None])
    key_box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#b7791f")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff8e6")),
                ("TOPPADDING", (0, 0), (-1, -1), 12),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
            ]
        )
    )
    story = [
        Paragraph("CareCoord Desktop", small),
        Paragraph("Vault recovery sheet", title),
        Paragraph("Confidential. Store safely. Do not keep this sheet with the computer.", base),
        Spacer(1, 8 * mm),
        facts_table,
        Spacer(1, 7 * mm),
        Paragraph("Recovery key", heading),
        Spacer(1, 2 * mm),
        key_box,
        Paragraph("Letters O/0 and I/1 are treated alike when you type the key; dashes are optional.", small),
        Spacer(1, 5 * mm),
        Paragraph("What to do with this sheet", heading),
    ]
    for number, text in enumerate(INSTRUCTIONS, start=1):
        story.append(Paragraph(f"{number}. {escape(text)}", base))
        story.append(Spacer(1, 1.5 * mm))
    story += [
        Spacer(1, 10 * mm),
        Paragraph(
            "Stored by (name and signature): ______________________________   Date: ____________", base
        ),
        Spacer(1, 4 * mm),
        Paragraph("Where it is kept: ___________________________________________________________", base),
    ]
    doc.build(story)
    return buffer.getvalue()
