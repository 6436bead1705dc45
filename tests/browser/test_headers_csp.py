"""Served with the headers the build writes (site/_headers), no page breaks the policy."""

from __future__ import annotations

import re
import threading
from fnmatch import fnmatch

import pytest

from .conftest import DESKTOP, PAGE_NAMES, _SiteServer, _StaticHandler

pytestmark = pytest.mark.browser


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            rules.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    """Netlify's reading: every matching rule applies, a later one overrides a header."""
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if fnmatch(path, pattern.replace(":a", "*")):
            found.update(headers)
    return found


class _HeaderHandler(_StaticHandler):
    def end_headers(self):
        path = "/" + self.path.split("?")[0][len(self.server.prefix) :]
        for name, value in headers_for(self.server.rules, path).items():
            self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="module")
def strict_server(built_site):
    httpd = _SiteServer(("127.0.0.1", 0), _HeaderHandler)
    httpd.site_dir = built_site.site
    httpd.rules = parse_headers_file((built_site.site / "_headers").read_text())
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


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


def _watched_context(browser):
    """A browser context whose pages record every policy violation in window.__violations."""
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    context.add_init_script("""
        window.__violations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    """)
    return context


def csp_problems(browser, url: str, status: int = 200) -> list[str]:
    """Policy violations and refusals while a reader loads `url` and searches."""
    context = _watched_context(browser)
    page = context.new_page()
    messages = []
    page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    try:
        response = page.goto(url, wait_until="load")
        assert response.status == status
        assert (
            "Content-Security-Policy" in response.headers
            or "content-security-policy" in response.headers
        )
        box = page.locator('input[type="search"], [role="searchbox"]').filter(visible=True)
        if box.count():  # searching runs the most script, including WebAssembly
            box.first.fill("asphalt")
            page.wait_for_timeout(1500)
        page.wait_for_timeout(300)
        violations = page.evaluate("window.__violations")
        return violations + [m for m in messages if "Content Security Policy" in m]
    finally:
        context.close()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_page_breaks_the_content_security_policy(browser, built_site, strict_server, name):
    site_page = built_site.page(name)
    url = strict_server.base_url + site_page.path
    assert csp_problems(browser, url, site_page.status) == []


def test_a_policy_without_the_script_hashes_is_caught(browser, strict_server):
    saved = strict_server.rules
    strict_server.rules = [
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
        for pattern, headers in saved
    ]
    try:
        assert csp_problems(browser, strict_server.base_url) != []
    finally:
        strict_server.rules = saved


def test_searching_under_the_policy_finds_records_and_breaks_nothing(
    browser, built_site, strict_server
):
    """The header search and the Explore page run Pagefind's WebAssembly under the policy."""
    context = _watched_context(browser)
    page = context.new_page()
    try:
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
    finally:
        context.close()
