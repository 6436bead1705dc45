"""Country codes (ISO 3166-1 alpha-2) and their English names, from pycountry."""

from __future__ import annotations

import pycountry

# "EU" is exceptionally reserved in ISO 3166-1 for the European Union; records use it
# for bodies that act EU-wide rather than from one country.
EU_WIDE = "EU"
_NAMES = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
_NAMES[EU_WIDE] = "EU-wide"
COUNTRY_CODES = frozenset(_NAMES)


def country_name(code: str) -> str:
    return _NAMES.get(code, code)
