"""A buyer interested in recycled asphalt finds everything by following links from home."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def follow(tab, name: str | re.Pattern) -> None:
    """Clicks the first visible link of the site itself with this name, as a reader would."""
    links = tab.page.locator("article a:not([href^='http'])")
    link = links.filter(has_text=name).filter(visible=True).first
    link.click()
    tab.page.wait_for_load_state("load")


def heading(tab) -> str:
    return tab.page.locator("article h1").first.inner_text()


def test_from_home_to_asphalt_outcome_declaration_template_and_signatory(tab):
    tab.open("")
    follow(tab, "Outcomes of past waves")
    follow(tab, re.compile("asphalt", re.I))
    assert re.search("asphalt", heading(tab), re.I)
    outcome_url = tab.page.url

    follow(tab, re.compile("Joint Declaration of Intent", re.I))
    assert "Declaration of Intent" in heading(tab)
    signatories = tab.page.locator("article table").last
    names = signatories.locator("tbody tr td:first-child").all_inner_texts()
    assert len(names) == 13 and "City of Rotterdam" in names
    assert "Netherlands" in signatories.inner_text()

    follow(tab, "City of Rotterdam")
    assert heading(tab) == "City of Rotterdam"
    text = tab.page.locator("article").inner_text()
    assert "Netherlands" in text and "Joint Declaration of Intent" in text

    tab.open(outcome_url.removeprefix(tab.base_url))
    follow(tab, re.compile("circular, low-carbon asphalt", re.I))
    assert "asphalt" in heading(tab).lower()
    assert tab.page.locator(".bb-criterion").count() >= 5
    assert tab.errors() == []
