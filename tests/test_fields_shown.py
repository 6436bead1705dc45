"""Every field the check accepts shows on the record's page: an editor who changes a value
sees the change in the preview."""

from __future__ import annotations

import html

import pytest

from generator import paths
from generator.fields import (
    ChoiceField,
    CountryField,
    DateField,
    IntegerField,
    StringField,
    TextField,
    UrlField,
)
from generator.markdown_safety import plain_text
from generator.pipeline import Pipeline
from generator.project import Project
from generator.render import Renderer

from .conftest import ROOT

# The id is the page's address; a CPV basis shows by its meaning next to the codes
# ("our classification, not from a source", or a link to the source).
SHOWN_ELSEWHERE = {"id", "cpv_basis"}
SCALARS = (StringField, ChoiceField, CountryField, DateField, IntegerField, UrlField, TextField)


@pytest.fixture(scope="module")
def rendered():
    kb = Pipeline(Project.at(ROOT)).check().kb
    return kb, {page.path: page.text for page in Renderer(kb, changed={}).pages()}


def _forms(definition, value) -> set[str]:
    """How a value can appear in a page's Markdown."""
    label = str(definition.value_label(value))
    first_line = label.strip().splitlines()[0][:40] if label.strip() else label
    return {label, str(plain_text(label)), html.escape(label), first_line,
            str(plain_text(first_line))}  # fmt: skip


def test_every_top_level_value_shows_on_its_page(rendered):
    kb, pages = rendered
    missing = []
    for record in kb.records:
        page = pages[paths.record_page(record)]
        for definition in record.kind.fields:
            value = record.data.get(definition.name)
            if value is None or definition.name in SHOWN_ELSEWHERE:
                continue
            if not isinstance(definition, SCALARS):
                continue
            if not any(form and form in page for form in _forms(definition, value)):
                missing.append(f"{record.source}: {definition.name}: {value!s:.40}")
    assert missing == []
