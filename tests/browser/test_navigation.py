"""What a buyer notices when moving around the site: titles, navigation, record pages, search."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

import pytest

from .conftest import KINDS, SETTLED_PAGES, BuiltSite, SettledPage, Tab

pytestmark = pytest.mark.browser

SITE_NAME = "Big Buyers knowledge base"


def _main_links(tab: Tab) -> list[str]:
    """Absolute URLs of the links in the page's main content."""
    return tab.page.eval_on_selector_all(
        "main a[href], article a[href]",
        # SVG links (the maps) have no string href: resolve the attribute as HTML links do.
        "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)",
    )


def test_home_page_has_the_site_title_and_a_heading(tab: Tab):
    tab.open("")
    assert SITE_NAME in tab.page.title()
    headings = tab.page.locator("h1")
    assert headings.count() == 1, f"the home page has {headings.count()} h1 headings"
    assert headings.first.is_visible()
    assert headings.first.inner_text().strip()


@pytest.mark.parametrize("kind", list(KINDS))
def test_navigation_leads_to_every_index_and_its_records(
    tab: Tab, built_site: BuiltSite, kind: str
):
    folder = KINDS[kind].site
    tab.open("")
    index_url = tab.url(f"{folder}/")
    nav_links = tab.page.locator("nav.md-tabs a[href], nav.md-nav a[href]")
    targets = nav_links.evaluate_all("links => links.map(a => a.href)")
    assert index_url in targets, f"no navigation link to {folder}/ among {targets}"

    # Follow the visible navigation link, as a buyer would.
    visible = nav_links.filter(visible=True)
    hrefs = visible.evaluate_all("links => links.map(a => a.href)")
    assert index_url in hrefs, f"the navigation link to {folder}/ is not visible on the home page"
    visible.nth(hrefs.index(index_url)).click()
    tab.page.wait_for_url(index_url)
    heading = tab.page.locator("h1")
    assert heading.count() == 1 and heading.first.inner_text().strip()

    # The index lists every record of its kind that is in content/, with a working link.
    content_ids = built_site.content_ids(kind)
    links = set(_main_links(tab))
    missing = [rid for rid in content_ids if tab.url(f"{folder}/{rid}/") not in links]
    assert not missing, f"{folder}/ does not list the records {missing}"
    missing_pages = [rid for rid in content_ids if rid not in built_site.record_ids(kind)]
    assert not missing_pages, f"no page was built for {folder}/ records {missing_pages}"


@pytest.mark.parametrize("kind", list(KINDS))
def test_record_page_shows_its_title_and_kind(tab: Tab, built_site: BuiltSite, kind: str):
    record = built_site.page(f"record-{kind}")
    # Reach the record from its index, then compare the page with the link followed.
    tab.open(built_site.page(f"index-{kind}"))
    link = tab.page.locator(f'main a[href$="{record.path.split("/")[-2]}/"]').first
    link_text = link.inner_text().strip()
    link.click()
    tab.page.wait_for_url(tab.url(record.path))

    h1 = tab.page.locator("h1")
    assert h1.count() == 1, f"{record.path} has {h1.count()} h1 headings"
    title = h1.first.inner_text().strip()
    assert title, f"{record.path} has an empty h1"
    assert title == link_text, f"the index calls it {link_text!r}, the page {title!r}"
    assert tab.page.title().startswith(title), tab.page.title()

    badge = tab.page.locator(".bb-record-header .bb-kind")
    assert badge.count() == 1, f"{record.path} has no kind badge in its record header"
    assert badge.is_visible() and badge.inner_text().strip()
    # The badge comes before the title, so a reader sees what kind of record it is.
    assert badge.bounding_box()["y"] <= h1.first.bounding_box()["y"]

    # Editors find the way to the YAML source on the page itself.
    edit = tab.page.locator("a.bb-edit-link")
    assert edit.count() == 1 and edit.is_visible(), f"{record.path} shows no edit link"
    assert edit.get_attribute("href").endswith("/" + record.source)


@pytest.mark.parametrize("name", SETTLED_PAGES)
def test_page_loads_without_errors(settled_page: Callable[[str], SettledPage], name: str):
    page = settled_page(name)
    assert page.h1_count >= 1, f"{page.url} has no h1"
    assert not page.errors, f"{page.url}:\n" + "\n".join(page.errors)


def test_deep_missing_path_shows_a_styled_404_page(tab: Tab, built_site: BuiltSite):
    """A mistyped link deep in the site still shows the site, not a bare error page."""
    tab.open(built_site.page("404-deep"))
    assert tab.page.locator("header.md-header").is_visible()
    assert "404" in tab.page.locator("h1").first.inner_text()
    home = tab.page.locator("header a.md-logo")
    assert home.evaluate("a => a.href") == tab.url(""), "the logo does not lead home"


class _EditLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "bb-edit-link" in (attrs.get("class") or "").split():
            self.hrefs.append(attrs.get("href") or "")


def test_every_record_page_links_to_its_yaml_source(built_site: BuiltSite):
    """Every record page, read from the built files (opening each in the browser is slow; the
    browser checks that the link shows in test_record_page_shows_its_title_and_kind)."""
    records = built_site.record_pages()
    assert records, "the built site has no record pages"
    problems = []
    for record in records:
        finder = _EditLinks()
        finder.feed((built_site.site / record.path / "index.html").read_text(encoding="utf-8"))
        if len(finder.hrefs) != 1:
            problems.append(f"{record.path}: {len(finder.hrefs)} edit links")
            continue
        href = finder.hrefs[0]
        if not href.endswith("/" + record.source):
            problems.append(f"{record.path}: edit link {href!r} does not end with {record.source}")
        if not href.startswith("https://"):
            problems.append(f"{record.path}: edit link {href!r} is not a web address")
        if not (built_site.root / record.source).is_file():
            problems.append(f"{record.path}: {record.source} does not exist")
    assert not problems, "\n".join(problems)


def test_search_finds_a_record_by_its_title(tab: Tab, built_site: BuiltSite):
    tab.open("")
    on_home = {
        u.split("#")[0]
        for u in tab.page.eval_on_selector_all(
            "a[href]",
            "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)",
        )
    }
    # A record the home page does not link to, so a link to it must come from the search.
    records = [r for r in built_site.record_pages() if tab.url(r.path) not in on_home]
    assert records, (
        "the home page links to every record page (or the built site has none), "
        "so no record is left for the search to find"
    )
    record = records[len(records) // 2]
    tab.open(record)
    title = tab.page.locator("h1").first.inner_text().strip()

    tab.open("")
    box = tab.open_search()
    box.click()
    tab.page.keyboard.type(title)
    tab.wait_for_link_to(tab.url(record.path))
    errors = tab.errors()
    assert not errors, "\n".join(errors)
