"""Country codes (ISO 3166-1 alpha-2) and their English names, from pycountry."""

from __future__ import annotations

import pycountry

# An organisation has the country of its seat; bodies that work across borders say so in
# their `scope`. "EU" (exceptionally reserved in ISO 3166-1) is not a country, so it is not
# accepted: the check names the seat and the scope instead.
NOT_A_COUNTRY = {"EU": "eu-wide"}
_NAMES = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
COUNTRY_CODES = frozenset(_NAMES)


def country_name(code: str) -> str:
    return _NAMES.get(code, code)
