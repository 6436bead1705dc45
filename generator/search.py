"""Search on Pagefind: indexes the built site into site/pagefind/ and sets up the Explore page.

Pagefind splits the index into small files and the browser loads only those a query needs,
so the bytes sent stay small at ten thousand records (Material's own search sends the whole
index to every visitor). The facets come from each record page's hidden facets block
(`data-pagefind-filter`), which `KnowledgeBase.facets()` fills.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .kinds import KINDS
from .knowledge_base import KnowledgeBase
from .pagefind_bundle import finish_bundle

EXPLORE_PAGE = "explore.md"
BUNDLE = "pagefind"


@dataclass(frozen=True)
class Facet:
    filter: str   # the filter name in the facets block, as KnowledgeBase.facets() names it
    param: str    # its name in an Explore address, e.g. ?country=Norway
    heading: str  # shown above its values


# In the order the Explore page shows them.
FACETS = (
    Facet("kind", "kind", "Record type"),
    Facet("wave", "wave", "Wave"),
    Facet("community", "community", "Community"),
    Facet("theme", "theme", "Theme"),
    Facet("country", "country", "Country"),
    Facet("organisation type", "org_type", "Organisation type"),
    Facet("CPV", "cpv", "CPV code"),
    Facet("ambition", "ambition", "Ambition level of criteria"),
)

# Text every page repeats, or that only duplicates the records' own pages: the facets block
# (its values are filters, not words of the page), the kind and wave labels over a record's
# title (results show them from the metadata), Material's edit button, and the tables
# on index pages (every row is a record with a page of its own; at ten thousand records
# those tables would make each index page's search fragment hundreds of kilobytes).
EXCLUDED_FROM_TEXT = (".bb-facets", ".bb-record-header", ".md-content__button",
                      "[data-bb-listing] table")


def pagefind_command(site: Path) -> list[str]:
    """Indexes the pages marked `data-pagefind-body` (theme/main.html) of a built site."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
               # One language, whatever a page's text looks like: one index, one wasm file.
               "--force-language", "en", "--quiet"]
    for selector in EXCLUDED_FROM_TEXT:
        command += ["--exclude-selectors", selector]
    return command


def finish_index(site: Path) -> None:
    """Same pages, same bytes; only the files the site uses (generator/pagefind_bundle.py)."""
    finish_bundle(site / BUNDLE)


def explore_settings(kb: KnowledgeBase) -> dict:
    """What the Explore page script needs beyond Pagefind's filters: facet names, their
    address parameters and headings, and the natural order of the values that have one."""
    waves = sorted(kb.of_kind("wave"), key=lambda w: w.number)
    order = {
        "kind": [kind.label for kind in KINDS.values()],
        "wave": [value for w in waves for value in kb.facets(w).get("wave", [])],
    }
    return {"facets": [{**asdict(f), "order": order.get(f.filter, [])} for f in FACETS]}
