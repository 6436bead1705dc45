"""Country codes (ISO 3166-1 alpha-2) and their names, from pycountry."""

from __future__ import annotations

import pycountry

from .i18n import country_name_in

# An organisation has the country of its seat; bodies that work across borders say so in
# their `scope`. "EU" (exceptionally reserved in ISO 3166-1) is not a country, so it is not
# accepted: the check names the seat and the scope instead.
NOT_A_COUNTRY = {"EU": "eu-wide"}
_NAMES = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
COUNTRY_CODES = frozenset(_NAMES)


# Codes the EU itself uses where ISO 3166 has others (Eurostat, the Publications Office).
EU_CODES = {"EL": "GR", "UK": "GB"}


def country_name(code: str) -> str:
    """The country's name in the language being written."""
    return country_name_in(_NAMES[code]) if code in _NAMES else code


def likely_code(written: str) -> str | None:
    """The ISO code an editor most likely meant by `written`: a lower-case code, the EU's
    own code (EL, UK), a three-letter code (FRA) or a country's name (France, Deutschland
    is not known: names in English)."""
    text = written.strip()
    if text.upper() in COUNTRY_CODES:
        return text.upper()
    if text.upper() in EU_CODES:
        return EU_CODES[text.upper()]
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None
