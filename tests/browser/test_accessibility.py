"""WCAG 2.1 AA, which EU public-sector sites must meet: axe-core on every kind of page, and the
keyboard paths a buyer who cannot use a mouse depends on.

axe-core comes from node_modules/ (package.json at the repository root; `npm ci` installs it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from generator.interface import theme_strings
from generator.paths import localised
from generator.values import writing_in

from .conftest import (
    KINDS,
    PHONE,
    SEARCH_INPUT,
    SETTLED_PAGES,
    BuiltSite,
    SettledPage,
    Tab,
    axe_violations,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", SETTLED_PAGES)
def test_page_meets_wcag_21_aa_by_axe(settled_page: Callable[[str], SettledPage], name: str):
    violations = settled_page(name).axe_violations
    assert not violations, f"{name}: {len(violations)} axe violation(s):\n" + "\n".join(violations)


@pytest.mark.parametrize("name", ["home", "index-community", "record-template", "data"])
def test_page_meets_wcag_21_aa_on_a_phone(
    tab: Tab, built_site: BuiltSite, axe_script: str, name: str
):
    """Narrow screens show another layout (drawer instead of tabs and sidebars)."""
    tab.page.set_viewport_size(PHONE)
    tab.open(built_site.page(name))
    violations = axe_violations(tab, axe_script)
    assert not violations, f"{name}: {len(violations)} axe violation(s):\n" + "\n".join(violations)


def _focused(tab: Tab) -> dict:
    return tab.page.evaluate(
        """search => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        return {tag: el.tagName.toLowerCase(), text: (el.innerText || '').trim(),
                href: el.hasAttribute('href')
                    ? new URL(el.getAttribute('href'), document.baseURI).href.split('#')[0] : '',
                label: el.getAttribute('aria-label') || el.getAttribute('title') || '',
                search: el.matches(search),
                visible: box.width > 0 && box.height > 0
                         && box.bottom > 0 && box.top < window.innerHeight
                         && getComputedStyle(el).visibility !== 'hidden'};
    }""",
        SEARCH_INPUT,
    )


def test_first_tab_reaches_a_visible_skip_link_that_moves_to_the_content(tab: Tab):
    tab.open("")
    tab.page.keyboard.press("Tab")
    first = _focused(tab)
    assert first["tag"] == "a" and "skip to content" in first["text"].lower(), (
        f"the first Tab stop is {first}, not a 'Skip to content' link"
    )
    assert first["visible"], "the skip link is focused but not visible"

    target = tab.page.evaluate("() => document.activeElement.hash").removeprefix("#")
    assert target, "the skip link does not point to an anchor on the page"
    assert tab.page.locator(f"main [id='{target}'], article [id='{target}']").count() == 1, (
        f"the skip link points to #{target}, which is not in the main content"
    )
    tab.page.keyboard.press("Enter")
    # The next Tab stop comes from the content, not from the header again.
    tab.page.keyboard.press("Tab")
    after = tab.page.evaluate(
        "() => !!document.activeElement.closest('main, article, .md-content')"
    )
    assert after, f"after the skip link, Tab went to {_focused(tab)}, outside the content"


def test_every_index_is_reachable_by_keyboard(tab: Tab, built_site: BuiltSite):
    tab.open("")
    wanted = {tab.url(built_site.page(f"index-{kind}").path): kind for kind in KINDS}
    reached: set[str] = set()
    stops = []
    for _ in range(60):
        tab.page.keyboard.press("Tab")
        focus = _focused(tab)
        stops.append(focus["text"] or focus["label"] or focus["tag"])
        if focus["href"] in wanted:
            assert focus["visible"], f"the focused link to {focus['href']} is not visible"
            reached.add(focus["href"])
            if len(reached) == len(wanted):
                break
    missing = sorted(wanted[url] for url in set(wanted) - reached)
    assert not missing, f"Tab never reached the index of {missing}; stops: {stops}"


def test_search_works_by_keyboard_alone(tab: Tab, built_site: BuiltSite):
    """Tab to the search box (or to a link to the search page), type, Tab to a result."""
    records = built_site.record_pages()
    assert records, "the built site has no record pages to search for"
    record = records[-1]
    tab.open(record)
    title = tab.page.locator("h1").first.inner_text().strip()

    tab.open("")
    stops = []
    for _ in range(40):
        tab.page.keyboard.press("Tab")
        focus = _focused(tab)
        stops.append(focus["text"] or focus["label"] or focus["tag"])
        if focus["search"]:
            break
        if focus["tag"] in ("a", "button") and re.search(
            r"\bsearch\b", focus["text"] + " " + focus["label"], re.I
        ):
            tab.page.keyboard.press("Enter")
            tab.page.wait_for_load_state()
            stops.append("(Enter)")
    assert _focused(tab)["search"], f"Tab never reached a search box; stops: {stops}"
    assert _focused(tab)["visible"], "the focused search box is not visible"

    tab.page.keyboard.type(title)
    target = tab.url(record.path)
    tab.wait_for_link_to(target)
    for _ in range(15):
        tab.page.keyboard.press("Tab")
        focus = _focused(tab)
        if focus["href"] == target:
            assert focus["visible"], "the focused search result is not visible"
            break
    else:
        pytest.fail(f"Tab from the search box never reached the result {target}")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(target + "**")


class _StatementLinks(HTMLParser):
    """The addresses of the links called "Accessibility statement", in the page's language,
    in a page."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name.lower()
        self.hrefs: list[str] = []
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), ""

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            if " ".join(self._text.split()).lower() == self.name:
                self.hrefs.append(self._href)
            self._href = None


def test_accessibility_statement_is_linked_from_every_page(built_site: BuiltSite):
    """Every HTML page of the site, read from the built files, links to the statement."""
    problems = []
    pages = [
        p
        for p in sorted(built_site.site.rglob("*.html"))
        if not p.relative_to(built_site.site).as_posix().startswith(("assets/", "pagefind/"))
    ]
    assert len(pages) > len(built_site.record_pages()), "fewer HTML pages than records"
    for page in pages:
        rel = page.relative_to(built_site.site).as_posix()
        language = built_site.language_of(rel)
        statement = built_site.site / localised("accessibility", language) / "index.html"
        assert statement.is_file(), f"the site has no {language} accessibility/ page"
        with writing_in(language):
            name = theme_strings()["accessibility"]
        finder = _StatementLinks(name)
        finder.feed(page.read_text(encoding="utf-8"))
        if not finder.hrefs:
            problems.append(f"{rel}: no link called {name!r}")
            continue
        href = urlsplit(finder.hrefs[0]).path
        if href.startswith("/"):  # the 404 page links from the site's address
            href = href.removeprefix(urlsplit(built_site.base_url).path)
            target = built_site.site / href
        else:
            target = page.parent / href
        target = target / "index.html" if href.endswith("/") or not href else target
        if target.resolve() != statement.resolve():
            problems.append(f"{rel}: the link leads to {finder.hrefs[0]}, not the statement")
    assert not problems, "\n".join(problems)


def test_accessibility_statement_link_shows_and_works(tab: Tab, built_site: BuiltSite):
    tab.open(built_site.page("record-outcome"))
    link = tab.page.get_by_role("link", name="Accessibility statement")
    assert link.count() >= 1 and link.first.is_visible(), "no visible link to the statement"
    link.first.click()
    tab.page.wait_for_url(tab.url(built_site.page("about").path.replace("about", "accessibility")))
    assert "accessib" in tab.page.locator("h1").first.inner_text().lower()


def test_axe_check_notices_a_violation(tab: Tab, axe_script: str):
    """The axe tests above must be able to fail: add an image without a text alternative."""
    tab.open("")
    tab.page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        img.width = img.height = 20;
        document.querySelector('main, article, body').append(img);
    }""")
    violations = axe_violations(tab, axe_script)
    assert any(v.startswith("image-alt ") for v in violations), violations


@pytest.mark.parametrize("name", ["record-template", "index-organisation", "data"])
def test_tables_that_scroll_sideways_scroll_by_keyboard(tab: Tab, built_site: BuiltSite, name: str):
    tab.page.set_viewport_size(PHONE)
    tab.open(built_site.page(name))
    scrolling = tab.page.locator(".md-typeset__scrollwrap").filter(visible=True)
    wide = [w for w in scrolling.all() if w.evaluate("w => w.scrollWidth > w.clientWidth + 1")]
    assert wide, (
        f"no table scrolls sideways on the {name} page at {PHONE['width']}px, so "
        "this test checks nothing: parametrise it with a page that has a wide table"
    )
    for wrap in wide:
        # Focus the table as Tab would (it, or a link inside it), then scroll with the arrows.
        target = wrap.evaluate_handle(
            "w => w.matches('[tabindex]') ? w : w.querySelector('a[href]')"
        )
        assert target.as_element() is not None, (
            f"a table that scrolls sideways can take no focus: {wrap.inner_text()[:60]!r}"
        )
        target.as_element().focus()
        if target.as_element().evaluate("el => el.matches('.md-typeset__scrollwrap')"):
            tab.page.keyboard.press("ArrowRight")
            tab.page.keyboard.press("ArrowRight")
            try:  # keyboard scrolling may be animated
                wrap.evaluate("""w => new Promise((done, fail) => {
                    const end = Date.now() + 2000;
                    (function check() {
                        if (w.scrollLeft > 0) done();
                        else if (Date.now() > end) fail(new Error('not scrolled'));
                        else requestAnimationFrame(check);
                    })();
                })""")
            except Exception:  # noqa: BLE001 - reported as the user sees it
                pytest.fail(f"ArrowRight does not scroll the table {wrap.inner_text()[:60]!r}")
            assert wrap.get_attribute("aria-label"), "the focusable table region has no name"
