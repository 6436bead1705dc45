"""Search on Pagefind: indexes the built site into site/pagefind/.

Pagefind splits the index into small files and the browser loads only those a query needs,
so the bytes sent stay small at ten thousand records (Material's own search sends the whole
index to every visitor). The facets come from each record page's hidden facets block
(`data-pagefind-filter`), which the facet declarations fill (facets.py).

Pagefind holds the words of every page it reads until it writes the index, so each language
is indexed by a run of its own, and a language of many pages by one run per part of its
pages, merged into the index one run would have written (pagefind_merge.py): the build's
memory stays bounded however large the knowledge base grows.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from . import mkdocs_engine
from .pagefind_bundle import ENTRY, finish_bundle, merge_bundles
from .pagefind_merge import merge_parts

BUNDLE = "pagefind"
# Pagefind holds 60-360 KB per record page of this site (organisations to tender templates)
# until it writes the index, so larger languages are indexed in parts of at most 1,000
# pages: at most about 360 MB per run.
PAGES_PER_RUN = 1_000


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
    pages_per_run: int = PAGES_PER_RUN,
) -> None:
    """Indexes a built site into site/pagefind/: Pagefind runs one after the other, one per
    language, or per part of a language of more than `pages_per_run` pages, merged into one
    bundle (pagefind_merge.py, pagefind_bundle.py). When `stop` is set meanwhile (the preview
    got a new save), raises mkdocs_engine.Stopped and leaves the last bundle as it was.

    Pagefind holds the words of every page it reads until it writes the index (and copies
    them once more to sort them by language), so one run over every language held the
    whole site: at 10,000 records and two languages, 2.7 GB; a run per language, 1.7 GB."""
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site.parent) as work:
        parts = []
        for language in languages:
            pages = _pages_of(site, language, languages, default)
            folder = Path(work) / language
            if len(pages) <= pages_per_run:
                glob = _glob_of(site, language, languages, default)
                command = pagefind_command(site, folder, glob)
                mkdocs_engine.run(command, cwd, f"Pagefind ({language})", stop)
            else:
                _index_in_parts(site, pages, pages_per_run, folder, cwd, stop)
            parts.append(folder)
        merged = Path(work) / BUNDLE
        merge_bundles(parts, merged)
        finish_bundle(merged)
        _put_in_place(merged, site / BUNDLE)


def _index_in_parts(
    site: Path,
    pages: list[Path],
    pages_per_run: int,
    bundle: Path,
    cwd: Path,
    stop: threading.Event | None,
) -> None:
    """One Pagefind run per part of `pages`, each over a copy of the site that holds the
    part alone (hard links: no page is copied), merged into `bundle`."""
    batches = [
        pages[start : start + pages_per_run] for start in range(0, len(pages), pages_per_run)
    ]
    parts, sort_values = [], []
    for number, batch in enumerate(batches, start=1):
        pages_folder = bundle.parent / f"{bundle.name}-pages-{number}"
        for page in batch:
            _link(site / page, pages_folder / page)
        part = bundle.parent / f"{bundle.name}-{number}"
        what = f"Pagefind ({bundle.name}, part {number} of {len(batches)})"
        mkdocs_engine.run(pagefind_command(pages_folder, part, "**/*.html"), cwd, what, stop)
        shutil.rmtree(pages_folder)
        parts.append(part)
        sort_values.append(_sort_values(site, batch))
    merge_parts(parts, sort_values, bundle)


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, target)


# The value of a sort, as the pages write it: <span data-pagefind-sort="title">...</span>.
SORT_VALUE = re.compile(r'data-pagefind-sort="([^"\[:]+)"[^>]*>([^<]*)<')


def _sort_values(site: Path, pages: list[Path]) -> dict[str, list[str]]:
    """The values of each sort on `pages`, read as Pagefind reads an element's text."""
    values: dict[str, list[str]] = {}
    for page in pages:
        text = (site / page).read_text("utf-8")
        if "data-pagefind-body" not in text:  # Pagefind reads no other page
            continue
        for name, value in SORT_VALUE.findall(text):
            values.setdefault(html.unescape(name), []).append(
                " ".join(html.unescape(value).split())
            )
    return values


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


def _glob_of(site: Path, language: str, languages: Sequence[str], default: str) -> str:
    """The glob of one language's pages (_pages_of lists the same): the other languages
    live in folders named by their code, the first language's pages everywhere else."""
    if language != default:
        return f"{_literal(language)}/**/*.html"
    others = set(languages) - {default}
    if not others:
        return "**/*.html"
    folders = sorted(p.name for p in site.iterdir() if p.is_dir() and p.name not in others)
    return "{" + ",".join(["*.html", *(f"{_literal(name)}/**/*.html" for name in folders)]) + "}"


def _pages_of(site: Path, language: str, languages: Sequence[str], default: str) -> list[Path]:
    """One language's pages (those _glob_of matches), relative to the site, in path order."""
    if language != default:
        return sorted(p.relative_to(site) for p in (site / language).rglob("*.html"))
    others = set(languages) - {default}
    pages = site.rglob("*.html")
    return sorted(p.relative_to(site) for p in pages if p.relative_to(site).parts[0] not in others)


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
