"""Languages in the browser: the switcher leads to the same page in the other language, and
search in French finds French text with French facets."""

from __future__ import annotations

import pytest

from generator.facets import KIND_FACET
from generator.kinds import KINDS as KIND_DEFINITIONS
from generator.values import writing_in

from .conftest import LANGUAGES, ONE_LANGUAGE_PAGE_NAMES, BuiltSite, Tab
from .test_search import TIMEOUT, _header_search, _settled

pytestmark = pytest.mark.browser

OTHER = LANGUAGES[1]  # French


def _switch(tab: Tab, language: str) -> None:
    """Opens the language menu as a visitor does, and picks `language`."""
    tab.page.locator(".md-header__option .md-select button").hover()
    link = tab.page.locator(f'.md-select__link[data-bb-language="{language}"]')
    link.wait_for(state="visible", timeout=TIMEOUT)
    with tab.page.expect_navigation():
        link.click()


@pytest.mark.parametrize("name", [n for n in ONE_LANGUAGE_PAGE_NAMES if "404" not in n])
def test_the_switcher_leads_to_the_same_page_in_the_other_language(
    tab: Tab, built_site: BuiltSite, name: str
):
    page = built_site.page(name)
    tab.open(page)
    english_heading = tab.page.locator("h1").first.inner_text()
    _switch(tab, OTHER)
    assert tab.page.url == tab.url(f"{OTHER}/{page.path}")
    assert tab.page.locator("html").get_attribute("lang") == OTHER
    assert tab.page.locator("h1").count() >= 1
    if name == "record-organisation":  # a name is the same in every language
        assert tab.page.locator("h1").first.inner_text() == english_heading
    _switch(tab, LANGUAGES[0])
    assert tab.page.url == tab.url(page.path)
    assert tab.page.locator("html").get_attribute("lang") == LANGUAGES[0]
    assert tab.errors() == []


def test_an_unknown_address_below_a_language_shows_that_languages_404_page(
    tab: Tab, built_site: BuiltSite
):
    tab.open(built_site.page("404-deep"))
    english = tab.page.locator("h1").first.inner_text()
    tab.open(built_site.page(f"{OTHER}/404-deep"))
    assert tab.page.locator("html").get_attribute("lang") == OTHER
    assert tab.page.locator("h1").first.inner_text() != english
    assert tab.errors() == []


def test_a_french_word_found_only_in_the_french_text_finds_the_french_page(tab: Tab):
    """ "enrobés" (asphalt mixes) is in the French text of the circular asphalt pages only."""
    tab.open(f"{OTHER}/")
    found = _header_search(tab, "enrobés")
    assert found, "the French search found nothing for a word of the French text"
    assert all(url.startswith(tab.url(f"{OTHER}/")) for url in found), found
    assert tab.url(f"{OTHER}/outcomes/circular-asphalt/") in found
    tab.open("")
    english = _header_search(tab, "enrobés")
    assert not [url for url in english if url.startswith(tab.url(f"{OTHER}/"))], english


def test_the_french_explore_page_has_french_facets(tab: Tab):
    tab.open(f"{OTHER}/explore/")
    _settled(tab)
    with writing_in(OTHER):
        heading = str(KIND_FACET.heading)
        community = str(KIND_DEFINITIONS["community"].label)
    assert heading != str(KIND_FACET.heading), "the kind facet's heading is not translated"
    facet = tab.page.locator(f'fieldset[data-bb-facet="{KIND_FACET.name}"]')
    assert facet.locator("legend").inner_text().strip() == heading
    values = facet.locator("input[type=checkbox]").evaluate_all("bs => bs.map(b => b.value)")
    assert community in values and str(KIND_DEFINITIONS["community"].label) not in values
    status = tab.page.locator("[data-bb-status]").inner_text()
    assert "fiches" in status, status
    assert tab.errors() == []
