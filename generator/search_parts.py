"""Which pages each Pagefind run indexes: as many as its memory allows.

Pagefind holds every word of every page it reads until it writes the index. Measured with
Pagefind 1.5 on this site's pages, a page costs about 25 KB and half a kilobyte per word
of its indexed text: 60 KB for an organisation, 360 KB for a tender template, 1.7 GB for
one language of the 10,000-record benchmark. search_index.py gives a language one run
when its pages fit in RUN_MEMORY, and otherwise one run per part of its pages (merged by
pagefind_merge.py); the words are counted from the HTML, roughly and on the high side.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

PAGE_MEMORY = 25_000
WORD_MEMORY = 500
RUN_MEMORY = 400_000_000

TAG = re.compile(r"<[^>]*>")
# The value of a sort, as the pages write it: <span data-pagefind-sort="title">...</span>.
SORT_VALUE = re.compile(r'data-pagefind-sort="([^"\[:]+)"[^>]*>([^<]*)<')


@dataclass
class PageReading:
    memory: int  # what Pagefind will hold for the page, estimated
    sorts: dict[str, str] = field(default_factory=dict)  # sort name -> the page's value


def read_page(path: Path) -> PageReading:
    """What the split needs of a page; a page without `data-pagefind-body` is not indexed
    (Pagefind reads only the marked pages once any page is marked)."""
    text = path.read_text("utf-8")
    start = text.find("data-pagefind-body")
    if start < 0:
        return PageReading(0)
    end = text.find("</article>", start)
    words = len(TAG.sub(" ", text[start:end] if end > 0 else text[start:]).split())
    sorts = {
        html.unescape(name): " ".join(html.unescape(value).split())
        for name, value in SORT_VALUE.findall(text)
    }
    return PageReading(PAGE_MEMORY + WORD_MEMORY * words, sorts)


def split(readings: list[PageReading], budget: int = RUN_MEMORY) -> list[range]:
    """The pages of each run, in order: as many as fit in `budget`, at least one."""
    parts, start, held = [], 0, 0
    for number, reading in enumerate(readings):
        if held + reading.memory > budget and number > start:
            parts.append(range(start, number))
            start, held = number, 0
        held += reading.memory
    parts.append(range(start, len(readings)))
    return parts


def sort_values(readings: list[PageReading]) -> dict[str, list[str]]:
    """By sort name, the values of the pages that have one."""
    values: dict[str, list[str]] = {}
    for reading in readings:
        for name, value in reading.sorts.items():
            values.setdefault(name, []).append(value)
    return values


def link_pages(site: Path, pages: list[str], folder: Path) -> None:
    """A copy of the site that holds `pages` (relative paths) alone, each where it is on
    the site (its address in the index is the same), made of hard links: no page is
    copied."""
    made: set[str] = set()
    for page in pages:
        target = os.path.join(folder, page)
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        try:
            os.link(os.path.join(site, page), target)
        except OSError:  # a file system without hard links
            shutil.copyfile(os.path.join(site, page), target)
