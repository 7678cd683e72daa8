"""The bundled drug vocabulary for the medication form's type-ahead (loaded once, off the UI thread: about
a second on a busy workstation). Not patient data: no audit entry."""

from __future__ import annotations

from carecoord_desktop.domain.drug_vocabulary import Vocabulary, VocabularyEntry
from carecoord_desktop.interop import drug_data

#: fewer typed letters match thousands of names: the search waits for this many
MIN_LETTERS = 3


def drug_vocabulary() -> Vocabulary:
    """The vocabulary; DrugDataUnavailable (a UserError) when the bundled file cannot be read."""
    return drug_data.load_vocabulary()


def search(vocabulary: Vocabulary, text: str, limit: int = 15) -> list[VocabularyEntry]:
    """Names where every typed word starts a word of the name, best first; nothing under MIN_LETTERS."""
    if len(text.strip()) < MIN_LETTERS:
        return []
    return vocabulary.search(text, limit)
