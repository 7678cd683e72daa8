"""Handout files: each refusal in plain words; a packet with handouts carries their pages after its own."""

from __future__ import annotations

import pytest

from carecoord_desktop.documents.discharge_packet_handouts import check_handout_pdf
from carecoord_desktop.documents.discharge_packet_model import HandoutFile
from carecoord_desktop.documents.registry import DOCUMENTS
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.handouts import HandoutCondition, conditions_named
from tests.documents.discharge_snapshots import packet
from tests.documents.handout_pdfs import damaged_pdf, encrypted_pdf, handout_pdf
from tests.documents.samples import page_texts


def test_a_good_pdf_passes_with_its_page_count() -> None:
    checked = check_handout_pdf(handout_pdf(pages=3))
    assert checked.pages == 3 and checked.size_bytes > 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "That file is empty."),
        (b"PK\x03\x04 a word document, really", "That file is not a PDF."),
        (b"Just some text", "That file is not a PDF."),
        (b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "That PDF is 5.0 MB; a handout can be at most 5.0 MB."),
        (encrypted_pdf(), "That PDF is protected with a password (encrypted)."),
        (damaged_pdf(), "That PDF could not be read: it may be damaged."),
        (handout_pdf(pages=21), "That PDF has 21 pages; a handout can have at most 20."),
    ],
    ids=["empty", "zip", "text", "too-big", "encrypted", "damaged", "too-many-pages"],
)
def test_a_bad_file_is_refused_in_plain_words(data: bytes, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_handout_pdf(data)
    assert caught.value.message.startswith(message)
    assert caught.value.field_errors == {"file": caught.value.message}


def test_handouts_are_merged_after_the_packet_s_own_pages() -> None:
    spec = DOCUMENTS["discharge_packet"]
    alone = spec.produce(packet())
    handouts = (
        HandoutFile(title="Living well with heart failure", pdf=handout_pdf(pages=2)),
        HandoutFile(title="Your first week at home", pdf=handout_pdf("Your first week at home", pages=1)),
    )
    merged = spec.produce(packet(handouts=handouts))
    pages = page_texts(merged.pdf)
    assert merged.pages == len(pages) == alone.pages + 3
    assert (
        "Handouts at the end of this packet • Living well with heart failure • Your first week at home"
        in pages[0]
    )
    assert pages[-3].startswith("Living well with heart failure (handout page 1)")
    assert pages[-1] == "Your first week at home (handout page 1)"
    assert "Questions" in pages[-4]  # the packet's own pages come first, whole


@pytest.mark.parametrize(
    ("texts", "codes", "found"),
    [
        (["Heart failure exacerbation"], [], {HandoutCondition.HEART_FAILURE}),
        (["Type 2 diabetes mellitus"], ["E11.9"], {HandoutCondition.DIABETES}),
        (["Chest pain"], ["I50.23"], {HandoutCondition.HEART_FAILURE}),
        (
            ["COPD exacerbation", "Essential hypertension"],
            [],
            {HandoutCondition.COPD, HandoutCondition.HYPERTENSION},
        ),
        (["Major depressive disorder"], ["F33.1"], {HandoutCondition.DEPRESSION}),
        (["Hip fracture, repaired"], ["S72.001A"], set()),
        (["Prediabetic"], [], set()),  # a whole word only: "prediabetic" is not diabetes
    ],
)
def test_conditions_are_read_from_the_chart_s_words_and_codes(
    texts: list[str], codes: list[str], found: set[HandoutCondition]
) -> None:
    assert conditions_named(texts, codes) == {HandoutCondition.GENERAL, *found}
