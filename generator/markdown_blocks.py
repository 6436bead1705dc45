"""Record Markdown as blocks of styled text, for documents that are not web pages (Word).

Python-Markdown reads the text as the site does; its HTML is then walked into paragraphs and
list items made of runs (plain, bold, italic), so a Word file shows what the page shows:
no stray asterisks, no line breaks where the YAML source wrapped its lines. Text with no
Markdown in it (most record prose) is split into its paragraphs directly, as Python-Markdown
would read it (tests/test_markdown_blocks.py compares the two).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown

from .markdown_safety import markdown_text


@dataclass
class Block:
    kind: str = "paragraph"  # "paragraph", "bullet" or "number"
    runs: list[tuple[str, str]] = field(default_factory=list)  # (text, look): "", "b", "i", "bi"

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


# Characters that may be Markdown or HTML syntax anywhere in a line, and control characters.
_INLINE_SYNTAX = re.compile(r"[\\`*_{}\[\]()#+!|<>&\x00-\x09\x0b-\x1f\x7f]")
# What may open a block at the start of a line: a list item, a rule, a heading underline.
_BLOCK_START = re.compile(r"[-=]|\d+\.")


# A criterion is in the check (its bracketed values), the page and the full and the core
# document: made once for all.
@functools.lru_cache(maxsize=65536)
def blocks(text: str) -> tuple[Block, ...]:
    """The paragraphs and list items of a Markdown text, in order."""
    text = str(text)
    plain = plain_paragraphs(text)
    if plain is not None:
        return tuple(Block("paragraph", [(paragraph, "")]) for paragraph in plain)
    return markdown_blocks(text)


def plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of a text that holds no Markdown at all, as Python-Markdown would read
    them (most record text is such prose, and Python-Markdown took a quarter of the check);
    None when the text may hold some."""
    if _INLINE_SYNTAX.search(text):
        return None
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in [*text.split("\n"), ""]:
        if not line:
            if lines:
                paragraphs.append(" ".join(" ".join(lines).split()))
                lines = []
        elif line != line.strip() or _BLOCK_START.match(line):
            return None  # indented (code), or a list item, a rule, a heading underline
        else:
            lines.append(line)
    return paragraphs


def markdown_blocks(text: str) -> tuple[Block, ...]:
    """blocks(), always through Python-Markdown."""
    converter = _converter()
    html = converter.reset().convert(str(markdown_text(text)))
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return tuple(b for b in reader.blocks if b.text.strip())


@functools.cache
def _converter() -> markdown.Markdown:
    """One converter per process: building one costs more than converting a text."""
    return markdown.Markdown(extensions=["sane_lists"])


class _Reader(HTMLParser):
    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[str] = []  # "bullet" or "number", innermost last
        self.looks: list[str] = []
        self.href: str | None = None
        self.current: Block | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.lists.append("bullet" if tag == "ul" else "number")
        elif tag in self.BLOCKS:
            if tag == "p" and self.current is not None and self.current.kind != "paragraph":
                return  # a list item's own paragraph: the item is the block
            kind = self.lists[-1] if tag == "li" and self.lists else "paragraph"
            self.current = Block(kind)
            self.blocks.append(self.current)
        elif tag in ("strong", "b"):
            self.looks.append("b")
        elif tag in ("em", "i"):
            self.looks.append("i")
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag == "br":
            self._add("\n")

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b", "em", "i") and self.looks:
            self.looks.pop()
        elif tag == "a":
            if self.href and self.href.startswith(("http://", "https://", "mailto:")):
                self._add(f" ({self.href.removeprefix('mailto:')})")
            self.href = None
        elif tag in self.BLOCKS and (tag != "p" or self._in_paragraph()):
            self.current = None

    def _in_paragraph(self) -> bool:
        return self.current is not None and self.current.kind == "paragraph"

    def handle_data(self, data):
        # Source line wraps and their indentation are one space, as in a browser.
        words = " ".join(data.split())
        if words:
            lead = " " if data[:1].isspace() else ""
            trail = " " if data[-1:].isspace() else ""
            self._add(lead + words + trail)
        elif data and self.current is not None and self.current.runs:
            self._add(" ")

    def _add(self, text: str) -> None:
        if not text:
            return
        if self.current is None:
            if not text.strip():
                return
            self.current = Block(self.lists[-1] if self.lists else "paragraph")
            self.blocks.append(self.current)
        look = "".join(sorted(set(self.looks)))
        self.current.runs.append((text, look))
