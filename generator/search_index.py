"""Search on Pagefind: indexes the built site into site/pagefind/.

Pagefind splits the index into small files and the browser loads only those a query needs,
so the bytes sent stay small at ten thousand records (Material's own search sends the whole
index to every visitor). The facets come from each record page's hidden facets block
(`data-pagefind-filter`), which the facet declarations fill (facets.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .pagefind_bundle import finish_bundle

BUNDLE = "pagefind"


# Text every page repeats, or that only duplicates the records' own pages: the facets block
# (its values are filters, not words of the page), the note that a page is partly in
# English, the kind and wave labels over a record's title (results show them from the
# metadata), Material's edit button, and the tables on index pages (every row is a record
# with a page of its own; at ten thousand records those tables would make each index
# page's search fragment hundreds of kilobytes).
EXCLUDED_FROM_TEXT = (
    ".bb-facets",
    ".bb-record-header",
    ".bb-translation-note",
    ".md-content__button",
    "[data-bb-listing] table",
)


def pagefind_command(site: Path) -> list[str]:
    """Indexes the pages marked `data-pagefind-body` (theme/main.html) of a built site:
    one index per language, by each page's `<html lang>` (French words stemmed as French),
    which the browser picks by the language of the page it searches from."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--quiet",
    ]
    for selector in EXCLUDED_FROM_TEXT:
        command += ["--exclude-selectors", selector]
    return command


def finish_index(site: Path) -> None:
    """Same pages, same bytes; only the files the site uses (generator/pagefind_bundle.py)."""
    finish_bundle(site / BUNDLE)
