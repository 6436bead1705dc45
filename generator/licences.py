"""The licences the knowledge base is published under: content and code, stated once.

The Data page, every export, the feeds, the JSON-LD and the DCAT-AP catalogue name them
from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    name: str
    short: str  # in tables and links
    spdx: str  # the SPDX identifier
    url: str  # the licence text
    eu_uri: str  # the EU Publications Office's authority URI, which DCAT-AP asks for


# Content: CC BY 4.0, the licence the European Commission uses for its own content
# (Commission Decision C(2019) 1655 implementing Decision 2011/833/EU on reuse).
CONTENT = Licence(
    "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "CC BY 4.0",
    "CC-BY-4.0",
    "https://creativecommons.org/licenses/by/4.0/",
    "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
)

# Code: the European Union Public Licence (pyproject.toml).
CODE = Licence(
    "European Union Public Licence 1.2 (EUPL-1.2)",
    "EUPL-1.2",
    "EUPL-1.2",
    "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12",
    "http://publications.europa.eu/resource/authority/licence/EUPL_1_2",
)


def as_json(licence: Licence) -> dict:
    return {"name": licence.name, "spdx": licence.spdx, "url": licence.url}
