"""Maps in Chromium: a country on the home map opens Explore filtered by it, by mouse and by
keyboard, in every language, and Explore counts the same organisations as the map."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.kinds import KINDS
from generator.values import writing_in

from .conftest import LANGUAGES, BuiltSite, Tab

pytestmark = pytest.mark.browser
TIMEOUT = 15_000

# The map link under its own middle (the country is there, not a neighbour), with its
# address and figure: what a mouse user clicks.
_CLICKABLE = """() => {
    for (const link of document.querySelectorAll('.bb-map__svg a')) {
        const box = link.getBoundingClientRect();
        const x = box.left + box.width / 2, y = box.top + box.height / 2;
        if (link.contains(document.elementFromPoint(x, y))) {
            return {x, y, href: link.getAttribute('href'), name: link.getAttribute('aria-label')};
        }
    }
    return null;
}"""


def _table(tab: Tab) -> dict[str, int]:
    return tab.page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('.bb-map__table tbody tr')].map(tr => [
            tr.cells[0].textContent, Number(tr.cells[1].textContent.replace(/[^0-9]/g, ''))]))""")


def _explore_country(tab: Tab) -> str:
    tab.page.wait_for_url(re.compile(r".*/explore/\?country=.*"), timeout=TIMEOUT)
    tab.page.wait_for_selector(
        "[data-bb-results][aria-busy=false]", state="attached", timeout=TIMEOUT
    )
    (country,) = parse_qs(urlsplit(tab.page.url).query)["country"]
    return country


def _checked_and_organisations(tab: Tab, country: str, language: str) -> tuple[list, int]:
    checked = tab.page.locator(
        'fieldset[data-bb-facet="country"] input[type=checkbox]:checked'
    ).evaluate_all("boxes => boxes.map(b => b.value)")
    with writing_in(language):
        organisation = str(KINDS["organisation"].label)
    count = tab.page.evaluate(
        """value => {
            const boxes = document.querySelectorAll(
                'fieldset[data-bb-facet="kind"] input[type=checkbox]');
            const box = [...boxes].find(b => b.value === value);
            return box ? Number(box.closest('label').querySelector('.bb-facet__count')
                .textContent.replace(/[^0-9]/g, '')) : 0;
        }""",
        organisation,
    )
    return checked, count


@pytest.mark.parametrize("language", LANGUAGES)
def test_clicking_a_country_on_the_home_map_opens_explore_filtered_by_it(
    tab: Tab, built_site: BuiltSite, language: str
):
    home = "" if language == LANGUAGES[0] else f"{language}/"
    tab.open(home)
    figures = _table(tab)
    assert figures, "the home map's table lists no country"
    tab.page.locator(".bb-map__svg").scroll_into_view_if_needed()
    target = tab.page.evaluate(_CLICKABLE)
    assert target, "no country of the home map can be clicked where it is drawn"
    tab.page.mouse.click(target["x"], target["y"])
    country = _explore_country(tab)
    assert target["name"].startswith(country)
    checked, organisations = _checked_and_organisations(tab, country, language)
    assert checked == [country]
    # Explore counts, among the records of that country, as many organisations as the map.
    assert organisations == figures[country]
    assert tab.errors() == []


def test_keyboard_users_reach_the_country_links_and_follow_one(tab: Tab):
    tab.open("")
    names = tab.page.locator(".bb-map__svg a").evaluate_all(
        "links => links.map(a => a.getAttribute('aria-label'))"
    )
    assert names and all(names), "every country link has an accessible name"
    for _ in range(200):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("() => !!document.activeElement.closest('.bb-map__svg')"):
            break
    else:
        pytest.fail("Tab never reaches a country of the home map")
    name = tab.page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    tab.page.keyboard.press("Enter")
    country = _explore_country(tab)
    assert name.startswith(country)
    assert tab.errors() == []
