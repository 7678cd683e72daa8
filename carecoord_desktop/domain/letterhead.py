"""The practice's letterhead on every printout: address, phone, fax, paper size (the logo is kept apart)."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from carecoord_desktop.domain.contact import OptionalPhoneNumber
from carecoord_desktop.domain.validation import OptionalText

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")


class Paper(StrEnum):
    LETTER = "letter"
    A4 = "a4"


class Letterhead(BaseModel):
    """What a practice administrator sets in Admin → Practice settings → Letterhead."""

    model_config = _MODEL_CONFIG

    address_line1: OptionalText = Field(default=None, max_length=80)
    address_line2: OptionalText = Field(default=None, max_length=80)
    city_line: OptionalText = Field(default=None, max_length=80)
    phone: OptionalPhoneNumber = None
    fax: OptionalPhoneNumber = None
    after_hours_phone: OptionalPhoneNumber = None  # the 24/7 line patients call when the office is closed
    paper: Paper = Paper.LETTER

    def address_lines(self) -> tuple[str, ...]:
        return tuple(line for line in (self.address_line1, self.address_line2, self.city_line) if line)
