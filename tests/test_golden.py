"""The Markdown of one record of each kind, compared with a reviewed copy in tests/golden/.

A change to a template or a definition shows here as a diff to review. After checking that
the new output is right, rewrite the copies with `BBKB_UPDATE_GOLDEN=1 make test`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import paths
from generator.kinds import KINDS
from generator.pipeline import Pipeline
from generator.project import Project
from generator.render import Renderer
from generator.values import writing_in

from .conftest import FIXTURE_CONTENT

GOLDEN = Path(__file__).parent / "golden"
ONE_OF_EACH = {
    "wave": "wave-b",
    "community": "asphalt-group-a",
    "outcome": "recycled-asphalt",
    "statement": "asphalt-declaration",
    "template": "asphalt-template",
    "organisation": "city-of-oslo",
}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Golden-file name -> the Markdown rendered for it."""
    kb = Pipeline(Project.at(FIXTURE_CONTENT.parent)).check().kb
    # No history: the pages carry no lastmod date, so the copies do not age.
    rendered = {page.path: page.text for page in Renderer(kb, changed={}).pages()}
    pages = {
        f"{kind}.md": rendered[paths.record_page(kb.by_id[rid])]
        for kind, rid in ONE_OF_EACH.items()
    }
    pages["index-organisation.md"] = rendered[paths.index_page(KINDS["organisation"])]
    pages["home.md"] = rendered[paths.HOME_PAGE]
    # In French: a record with some text translated (the rest marked as English), and a
    # free page with no translation.
    with writing_in("fr"):
        french = {page.path: page.text for page in Renderer(kb, changed={}).pages()}
    pages["fr/outcome.md"] = french[paths.record_page(kb.by_id["recycled-asphalt"])]
    pages["fr/template.md"] = french[paths.record_page(kb.by_id["asphalt-template"])]
    pages["fr/home.md"] = french[paths.HOME_PAGE]
    return pages


NAMES = [
    *(f"{kind}.md" for kind in ONE_OF_EACH),
    "index-organisation.md",
    "home.md",
    "fr/outcome.md",
    "fr/template.md",
    "fr/home.md",
]


@pytest.mark.parametrize("name", NAMES)
def test_rendered_markdown_matches_the_reviewed_copy(pages, name):
    golden = GOLDEN / name
    if os.environ.get("BBKB_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(pages[name], encoding="utf-8")
    assert golden.is_file(), "no reviewed copy yet: run BBKB_UPDATE_GOLDEN=1 make test"
    assert pages[name] == golden.read_text(encoding="utf-8"), f"{name} changed: review the diff"
