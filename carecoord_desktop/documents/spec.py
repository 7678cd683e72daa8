"""What a printable document is: a snapshot model, a pure builder, a catalogue, and names for its fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from carecoord_desktop.documents import coverage
from carecoord_desktop.documents.catalogue import Catalogue, languages
from carecoord_desktop.documents.frame import BuiltDocument


@dataclass(frozen=True)
class DocumentSpec:
    """A document: its snapshot model, its pure builder, its catalogue, and how its fields are called."""

    key: str
    snapshot: type[BaseModel]
    build: Callable[[Any], BuiltDocument]
    #: snapshot field path (no list indexes) → how a person calls it, for font-coverage messages
    field_labels: Mapping[str, str]
    #: given to patients, so offered in large print
    patient_facing: bool = True

    def languages(self) -> tuple[str, ...]:
        return languages(self.key)

    def title(self, language: str) -> str:
        return Catalogue(self.key, language)("title")

    def produce(self, snapshot: BaseModel) -> BuiltDocument:
        """Check every string against the fonts, then build."""
        if not isinstance(snapshot, self.snapshot):
            raise TypeError(f"{self.key} is built from a {self.snapshot.__name__}")
        coverage.check(snapshot, self.field_labels)
        return self.build(snapshot)


FRAME_LABELS: Mapping[str, str] = {
    "frame": "the page frame",
    "frame.patient_name": "the patient's name",
    "frame.practice": "the practice's letterhead",
}
