"""Directory entries: the NPI check digit (Luhn over 80840 + the first nine digits)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from carecoord_desktop.domain.directory import DirectoryEntry, luhn_check_digit, npi_is_valid


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_valid_npis(npi: str) -> None:
    assert npi_is_valid(npi)


@pytest.mark.parametrize("npi", ["1234567890", "1234567894", "123456789", "12345678930", "12345678a3", ""])
def test_invalid_npis(npi: str) -> None:
    assert not npi_is_valid(npi)


def test_check_digit_is_computed_over_the_80840_prefix() -> None:
    # CMS's worked example: 123456789 -> check digit 3 (with the prefix's constant 24 included)
    assert luhn_check_digit("80840123456789") == 3
    assert luhn_check_digit("123456789") != 3


def test_entry_refuses_a_mistyped_npi_with_a_sentence() -> None:
    with pytest.raises(ValidationError) as refused:
        DirectoryEntry(name="Harbor Cardiology", npi="1234567890")
    assert "check digit" in str(refused.value)
    entry = DirectoryEntry(name="Harbor Cardiology", npi=" 1234567893 ", fax="617-555-0142")
    assert entry.npi == "1234567893" and entry.fax == "+16175550142"
