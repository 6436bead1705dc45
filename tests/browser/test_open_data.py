"""The Data page as a visitor finds it: from the footer of any page, with downloads that load.
(axe-core, the CSP and third-party checks run on it with every other page: PAGE_NAMES.)"""

from __future__ import annotations

import pytest

from .conftest import BuiltSite, Tab

pytestmark = pytest.mark.browser


def test_footer_leads_to_the_data_page(tab: Tab, built_site: BuiltSite):
    tab.open(built_site.page("record-organisation"))
    link = tab.page.locator("footer").get_by_role("link", name="Open data")
    assert link.is_visible(), "no visible link to the Data page in the footer"
    link.click()
    tab.page.wait_for_url(tab.url("data/"))
    assert tab.page.locator("h1").first.inner_text().strip() == "Open data"
    assert not tab.errors(), tab.errors()


def test_every_download_on_the_data_page_loads(tab: Tab, built_site: BuiltSite):
    tab.open(built_site.page("data"))
    hrefs = tab.page.eval_on_selector_all(
        "article table a[href]", "links => links.map(a => a.href)"
    )
    local = [h for h in hrefs if h.startswith(tab.base_url)]
    assert len(local) > 10, hrefs
    for href in local:
        response = tab.page.request.get(href)
        assert response.status == 200, href
        assert response.body(), href


def test_feed_links_cost_no_request(tab: Tab, built_site: BuiltSite):
    """Material takes rel="alternate" links for other languages of the site and fetches a
    sitemap beside them; the feeds are kept out of that (bbkb-alternates.js)."""
    tab.open(built_site.page("record-outcome"))
    tab.page.wait_for_timeout(500)
    fetched = [r for r in tab.requests if "sitemap" in r or "/feeds/" in r]
    assert fetched == [], fetched
    assert not tab.errors(), tab.errors()
