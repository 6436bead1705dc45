"""Served with the headers the build writes (site/_headers), no page breaks the policy."""

from __future__ import annotations

import re

import pytest

from .conftest import (
    SETTLED_PAGES,
    _new_tab,
    headers_for,
    parse_headers_file,
    serving,
)

pytestmark = pytest.mark.browser


def test_headers_file_has_the_security_headers(built_site):
    rules = parse_headers_file((built_site.site / "_headers").read_text())
    page = headers_for(rules, "/outcomes/circular-asphalt/")
    assert "default-src 'self'" in page["Content-Security-Policy"]
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] and page["Permissions-Policy"]
    assert "max-age=300" in page["Cache-Control"]
    css = next(p for p, _ in rules if re.search(r"main\.\w+\.min\.css$", p))
    assert "immutable" in headers_for(rules, css)["Cache-Control"]


def csp_problems(browser, url: str) -> list[str]:
    """What the policy refuses while a reader loads `url` and searches from the header."""
    with _new_tab(browser, url) as tab:
        response = tab.page.goto(url, wait_until="load")
        assert "content-security-policy" in response.headers
        tab.page.locator("input.md-search__input").click()
        tab.page.keyboard.type("asphalt")
        tab.page.wait_for_function(
            "() => document.getElementById('bb-search-results')?.dataset.query === 'asphalt'"
            " || window.__violations.length",
            timeout=20_000,
        )
        return tab.policy_violations()


@pytest.mark.parametrize("name", SETTLED_PAGES)
def test_no_page_breaks_the_content_security_policy(settled_page, name):
    """Every browser test runs under the site's `_headers`; here each page's load is checked
    for anything the policy refused."""
    page = settled_page(name)
    assert "default-src 'self'" in page.policy, f"{page.url} came without the site's policy"
    assert page.policy_violations == ()


def test_a_policy_without_the_script_hashes_is_caught(browser, strict_server):
    weaker = [
        (
            pattern,
            {
                **headers,
                "Content-Security-Policy": re.sub(
                    r" 'sha256-[^']+'", "", headers["Content-Security-Policy"]
                ),
            },
        )
        if "Content-Security-Policy" in headers
        else (pattern, headers)
        for pattern, headers in strict_server.rules
    ]
    with serving(strict_server.site_dir, weaker) as other:
        assert csp_problems(browser, other.base_url) != []
    assert csp_problems(browser, strict_server.base_url) == []


def test_searching_under_the_policy_finds_records_and_breaks_nothing(
    browser, built_site, strict_server
):
    """The header search and the Explore page run Pagefind's WebAssembly under the policy."""
    with _new_tab(browser, strict_server.base_url) as tab:
        page = tab.page
        page.goto(strict_server.base_url + built_site.page("record-outcome").path)
        page.locator("input.md-search__input").click()
        page.keyboard.type("asphalt")
        page.wait_for_function(
            "() => document.getElementById('bb-search-results').dataset.query === 'asphalt'",
            timeout=20_000,
        )
        assert page.locator("#bb-search-results a").count() > 0
        page.goto(strict_server.base_url + "explore/?q=asphalt")
        page.wait_for_selector("[data-bb-results][aria-busy=false]", state="attached")
        assert page.locator("[data-bb-results] > li").count() > 0
        assert page.evaluate("window.__violations") == []
