"""Search on Pagefind: indexes the built site into site/pagefind/.

Pagefind splits the index into small files and the browser loads only those a query needs,
so the bytes sent stay small at ten thousand records (Material's own search sends the whole
index to every visitor). The facets come from each record page's hidden facets block
(`data-pagefind-filter`), which the facet declarations fill (facets.py).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from . import mkdocs_engine
from .pagefind_bundle import ENTRY, finish_bundle, merge_bundles

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


def index_site(
    site: Path,
    languages: Sequence[str],
    default: str,
    cwd: Path,
    stop: threading.Event | None = None,
) -> None:
    """Indexes a built site into site/pagefind/, one Pagefind run per language, one after
    the other, merged into one bundle (generator/pagefind_bundle.py). When `stop` is set
    meanwhile (the preview got a new save), raises mkdocs_engine.Stopped and leaves the last
    bundle as it was.

    Pagefind holds the words of every page it reads until it writes the index (and copies
    them once more to sort them by language), so one run over every language held the
    whole site: at 10,000 records and two languages, 2.7 GB. A run per language holds one
    language's pages and writes the same index files."""
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site.parent) as work:
        parts = []
        for language in languages:
            part = Path(work) / language
            glob = _pages_of(site, language, languages, default)
            command = pagefind_command(site, part, glob)
            mkdocs_engine.run(command, cwd, f"Pagefind ({language})", stop)
            parts.append(part)
        merged = Path(work) / BUNDLE
        merge_bundles(parts, merged)
        finish_bundle(merged)
        _put_in_place(merged, site / BUNDLE)


def _put_in_place(bundle: Path, target: Path) -> None:
    """Moves a finished bundle to `target`. Over the preview's last bundle, which open pages
    may be reading, the last files stay (their names are hashes of their content) and the
    entry file, which names the others, comes last: a search that began with the last entry
    file still finds what it names."""
    if not target.exists():
        bundle.rename(target)
        return
    files = sorted(p for p in bundle.rglob("*") if p.is_file())
    files.sort(key=lambda p: p.name == ENTRY)
    for path in files:
        destination = target / path.relative_to(bundle)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, destination)


def _pages_of(site: Path, language: str, languages: Sequence[str], default: str) -> str:
    """The glob of one language's pages: the other languages live in folders named by their
    code, the first language's pages everywhere else."""
    if language != default:
        return f"{_literal(language)}/**/*.html"
    others = set(languages) - {default}
    if not others:
        return "**/*.html"
    folders = sorted(p.name for p in site.iterdir() if p.is_dir() and p.name not in others)
    return "{" + ",".join(["*.html", *(f"{_literal(name)}/**/*.html" for name in folders)]) + "}"


def _literal(name: str) -> str:
    """A folder name as a glob that matches it alone."""
    return re.sub(r"([^\w.-])", r"\\\1", name)


def pagefind_command(site: Path, output: Path, glob: str) -> list[str]:
    """Indexes the pages of `site` matched by `glob` that are marked `data-pagefind-body`
    (theme/main.html) into `output`, by each page's `<html lang>` (French words stemmed as
    French); the browser picks the index by the language of the page it searches from."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--glob",
        glob,
        "--output-path",
        str(output),
        "--quiet",
    ]
    for selector in EXCLUDED_FROM_TEXT:
        command += ["--exclude-selectors", selector]
    return command
