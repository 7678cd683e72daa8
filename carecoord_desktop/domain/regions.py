"""Countries and their states or regions as the `holidays` package knows them: the lists practice settings
offer, and the only values they accept (a public-holiday calendar exists for each)."""

from __future__ import annotations

from functools import lru_cache

import holidays as holiday_tables
from holidays.registry import COUNTRIES

_SMALL_WORDS = {"And": "and", "Of": "of", "The": "the"}


@lru_cache(maxsize=1)
def countries() -> tuple[tuple[str, str], ...]:
    """(code, name) of every supported country, by name: ("US", "United States")."""
    named = []
    for module, (_class, code, *_rest) in COUNTRIES.items():
        words = [_SMALL_WORDS.get(w, w) for w in module.replace("_", " ").title().split()]
        named.append((code, " ".join(words)))
    return tuple(sorted(named, key=lambda item: item[1]))


def country_name(code: str) -> str | None:
    return dict(countries()).get(code)


@lru_cache(maxsize=64)
def subdivisions(country: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the country's states or regions with holiday rules: ("MA", "Massachusetts")."""
    codes = holiday_tables.list_supported_countries().get(country, [])
    if not codes:
        return ()
    aliases = getattr(holiday_tables.country_holidays(country), "subdivisions_aliases", {}) or {}
    names: dict[str, str] = {}
    for alias, code in aliases.items():
        names.setdefault(code, alias)
    return tuple((code, names.get(code, code)) for code in codes)


def country_error(code: str) -> str | None:
    """The plain sentence for a country that is not on the list (None when it is)."""
    if country_name(code) is not None:
        return None
    return f"Choose the country from the list; '{code}' is not a country code with public holidays (e.g. US)"


def subdivision_error(country: str, code: str) -> str | None:
    """The plain sentence for a state or region the country does not have (None when fine or empty);
    `code` is compared without regard to case and quoted as typed."""
    if not code or code.upper() in dict(subdivisions(country)):
        return None
    name = country_name(country) or country
    return f"Choose the state or region from the list; '{code}' is not a state or region of {name}"
