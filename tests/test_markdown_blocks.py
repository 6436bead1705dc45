"""Record Markdown read into paragraphs for Word and for the check of bracketed values: text
with no Markdown in it skips Python-Markdown, and must read exactly as Python-Markdown
reads it."""

from __future__ import annotations

import html
import random
import re
from pathlib import Path

import markdown
import yaml

from generator.feeds import summary_text
from generator.markdown_blocks import blocks, markdown_blocks

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "kb" / "content"
# Prose, with what Python-Markdown may read as something else at a line's start or end, or
# between lines: indentation, list markers, rules, numbers, non-breaking spaces.
PROSE = [
    "word", "Ålesund", "été", "CO2", "2026.", "12", "3.5", "-", "--", "=", "==", "a-b",
    "'quoted'", '"said"', "x:", "%", "/", "?", ";", ",", ".", "\u00a0", " ", "  ",
    "\n", "\n", "\n\n", "\n \n", "\n    ", "\u2028",
]  # fmt: skip
# Whole texts that read as something other than paragraphs, or as paragraphs after all.
EDGES = [
    "Title\n=====", "Title\n---", "Intro\n- item", "1. first\n2. second", "line  \nbreak",
    "    code", "A\n\n\n\nB", "A\n \nB", "2026. A year", "3.5 tonnes", "a = b", "x\n=",
]  # fmt: skip
SYNTAX = ["*", "_", "[x]", "(y)", "<b>", "&amp;", "1)", "\t", "#", "`", "!", "|", "+"]


def _texts(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        pieces = PROSE + SYNTAX if rng.random() < 0.2 else PROSE
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 12))]
        texts.append("".join(w if w.isspace() else f"{w} " for w in words).strip(" "))
    return texts


def _record_texts() -> list[str]:
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(FIXTURE_CONTENT.rglob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def test_text_without_markdown_reads_as_python_markdown_reads_it():
    texts = EDGES + _texts(1500) + _record_texts()
    different = [t for t in texts if blocks(t) != markdown_blocks(t)]
    assert different == []


def test_summaries_of_feeds_and_linked_data_read_text_as_python_markdown_does():
    texts = EDGES + _texts(1500) + _record_texts()

    def through_markdown(text: str) -> str:
        rendered = markdown.markdown(text)
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())

    different = [t for t in texts if summary_text.__wrapped__(t) != through_markdown(t)]
    assert different == []


def test_prose_with_several_paragraphs_is_read_without_python_markdown(monkeypatch):
    """The shortcut is taken (a test that passed through Python-Markdown alone would prove
    nothing above): plain paragraphs come out while Python-Markdown is out of reach."""
    monkeypatch.setattr("generator.markdown_blocks._converter", None)
    text = "Buyers of  Ålesund and Lyon\nagreed.\n\nThe tender 2026 ran: 3.5 months."
    read = blocks.__wrapped__(text)
    assert [(b.kind, b.text) for b in read] == [
        ("paragraph", "Buyers of Ålesund and Lyon agreed."),
        ("paragraph", "The tender 2026 ran: 3.5 months."),
    ]
