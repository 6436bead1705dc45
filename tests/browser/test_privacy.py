"""Hosts' rule: the pages make no request to any third party (no web fonts, CDNs, analytics)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest

from .conftest import SETTLED_PAGES, BuiltSite, SettledPage, Tab

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", SETTLED_PAGES)
def test_page_requests_nothing_from_other_hosts(
    settled_page: Callable[[str], SettledPage], name: str
):
    page = settled_page(name)
    assert len(page.requests) > 1, "no requests were recorded: the test would prove nothing"
    foreign = page.foreign_requests
    assert not foreign, (
        f"{name} ({page.url}) requested {len(foreign)} URL(s) from other origins:\n"
        + "\n".join(foreign)
    )


def test_searching_requests_nothing_from_other_hosts(tab: Tab, built_site: BuiltSite):
    """Searching loads the search code and index, as a buyer does on most visits."""
    records = built_site.record_pages()
    assert records, "the built site has no record pages to search for"
    tab.open(records[0])
    title = tab.page.locator("h1").first.inner_text().strip()
    tab.open("")
    tab.open_search().fill(title)
    tab.wait_for_link_to(tab.url(records[0].path))
    tab.page.wait_for_load_state("networkidle")
    foreign = tab.foreign_requests()
    assert not foreign, "searching requested from other origins:\n" + "\n".join(foreign)


def test_foreign_request_detection_works(tab: Tab):
    """The check above must notice a third-party request: make one and look for it."""
    tab.open("")
    tab.page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
    tab.page.evaluate("""() => {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = 'https://fonts.googleapis.com/css?family=Roboto';
        document.head.append(link);
    }""")
    tab.page.wait_for_load_state("networkidle")
    assert "https://fonts.googleapis.com/css?family=Roboto" in tab.foreign_requests()


class _ResourceFinder(HTMLParser):
    """Collects the addresses a page loads by itself (not the links a reader may follow)."""

    LOADING_RELS = {
        "stylesheet",
        "preconnect",
        "dns-prefetch",
        "preload",
        "prefetch",
        "modulepreload",
        "icon",
        "apple-touch-icon",
        "manifest",
        "prerender",
    }

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and self.LOADING_RELS & set((attrs.get("rel") or "").lower().split()):
            self.urls.append(attrs.get("href") or "")
        elif tag in ("script", "img", "iframe", "audio", "video", "source", "track", "embed"):
            self.urls.append(attrs.get("src") or "")
            self.urls += [
                part.split()[0] for part in (attrs.get("srcset") or "").split(",") if part.strip()
            ]
        elif tag == "object":
            self.urls.append(attrs.get("data") or "")
        if attrs.get("style"):
            self.urls += CSS_URL.findall(attrs["style"])


CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)


def _is_foreign(url: str) -> bool:
    return bool(
        re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", url.strip(), re.IGNORECASE)
    ) and not url.strip().lower().startswith(("data:", "blob:"))


def test_no_file_of_the_site_loads_anything_from_other_hosts(built_site: BuiltSite):
    """Every page and stylesheet, including those the browser tests do not open."""
    foreign = []
    for path in sorted(built_site.site.rglob("*")):
        if path.suffix == ".html":
            finder = _ResourceFinder()
            finder.feed(path.read_text(encoding="utf-8"))
            urls = finder.urls
        elif path.suffix == ".css":
            urls = CSS_URL.findall(path.read_text(encoding="utf-8"))
        else:
            continue
        where = path.relative_to(built_site.site)
        foreign += [f"{where}: {url}" for url in urls if _is_foreign(url)]
    assert not foreign, "files that load from other hosts:\n" + "\n".join(foreign)
