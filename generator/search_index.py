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

import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from . import mkdocs_engine, search_parts
from .pagefind_bundle import ENTRY, finish_bundle, merge_bundles
from .pagefind_merge import merge_parts

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
    memory_per_run: int = search_parts.RUN_MEMORY,
) -> None:
    """Indexes a built site into site/pagefind/: Pagefind runs one after the other, one per
    language, or per part of a language whose pages would need more than `memory_per_run`
    (search_parts.py), merged into one bundle (pagefind_merge.py, pagefind_bundle.py).
    When `stop` is set meanwhile (the preview got a new save), raises mkdocs_engine.Stopped
    and leaves the last bundle as it was.

    Pagefind holds the words of every page it reads until it writes the index (and copies
    them once more to sort them by language), so one run over every language held the
    whole site: at 10,000 records and two languages, 2.7 GB; a run per language, 1.7 GB;
    in parts, 326 MB."""
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site.parent) as work:
        bundles = []
        for language in languages:
            bundle = Path(work) / language
            pages = _pages_of(site, language, languages, default)
            readings = [search_parts.read_page(site / page) for page in pages]
            parts = search_parts.split(readings, memory_per_run)
            if len(parts) == 1:
                glob = _glob_of(site, language, languages, default)
                command = pagefind_command(site, bundle, glob)
                mkdocs_engine.run(command, cwd, f"Pagefind ({language})", stop)
            else:
                runs = []
                for number, part in enumerate(parts, start=1):
                    what = f"Pagefind ({language}, part {number} of {len(parts)})"
                    run = Path(work) / f"{language}-{number}"
                    _index_pages(site, [pages[n] for n in part], run, cwd, what, stop)
                    runs.append(run)
                values = [
                    search_parts.sort_values(readings[part.start : part.stop]) for part in parts
                ]
                merge_parts(runs, values, bundle)
            bundles.append(bundle)
        merged = Path(work) / BUNDLE
        merge_bundles(bundles, merged)
        finish_bundle(merged)
        _put_in_place(merged, site / BUNDLE)


def _index_pages(
    site: Path,
    pages: list[str],
    bundle: Path,
    cwd: Path,
    what: str,
    stop: threading.Event | None,
) -> None:
    """One Pagefind run over `pages` (paths relative to the site) alone, into `bundle`."""
    folder = bundle.with_name(bundle.name + "-pages")
    search_parts.link_pages(site, pages, folder)
    mkdocs_engine.run(pagefind_command(folder, bundle, "**/*.html"), cwd, what, stop)
    shutil.rmtree(folder)


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


def _pages_of(site: Path, language: str, languages: Sequence[str], default: str) -> list[str]:
    """One language's pages (those _glob_of matches), relative to the site, in path order."""
    others = set(languages) - {default}
    top = site / language if language != default else site
    pages = []
    for folder, subfolders, files in os.walk(top):
        if folder == str(site):
            subfolders[:] = [name for name in subfolders if name not in others]
        here = os.path.relpath(folder, site).replace(os.sep, "/")
        prefix = "" if here == "." else here + "/"
        pages += (prefix + name for name in files if name.endswith(".html"))
    return sorted(pages)


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
