"""Browser tests: the bundled content built into a throw-away copy of the project, served over
HTTP on 127.0.0.1 and opened in headless Chromium, the way a buyer's browser would see it.

Nothing here reads or writes the developer's own build/ or site/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from fnmatch import fnmatch
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Debian's Chromium: Playwright cannot download its own browser everywhere.
CHROMIUM = os.environ.get("BBKB_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking switches Chromium calls Google hosts on its own, which
# would show up as third-party requests in test_privacy.py.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
# A search box, whichever search engine draws it.
SEARCH_INPUT = (
    'input[type="search"], [role="searchbox"], input[aria-label*="search" i], '
    'input[placeholder*="search" i]'
)


@dataclass(frozen=True)
class KindFolders:
    content: str  # content/<content>/<id>.yml
    site: str  # <site>/<id>/ in the built site


def _kind_folders() -> dict[str, KindFolders]:
    """Kind name -> folders, from the generator's one definition of the record kinds."""
    from generator.kinds import KINDS

    return {
        name: KindFolders(kind.folder, getattr(kind, "pages_folder", kind.folder))
        for name, kind in KINDS.items()
    }


KINDS = _kind_folders()


def _languages() -> tuple[str, ...]:
    from generator import mkdocs_engine
    from generator.project import Project

    return mkdocs_engine.site(Project.at(ROOT)).languages


LANGUAGES = _languages()

# One page of every kind a visitor can land on, in every language ("fr/record-outcome" is
# the French page of an outcome). Names only: the record pages are found in the built site,
# because record ids change with the content.
ONE_LANGUAGE_PAGE_NAMES = [
    "home",
    *(f"index-{kind}" for kind in KINDS),
    *(f"record-{kind}" for kind in KINDS),
    "explore",
    "about",
    "data",
    "404",
    "404-deep",  # an unknown address: its language's 404 page, with status 404
    "field-guide",  # for editors; in English on every language's site, marked as such
]
PAGE_NAMES = [
    *ONE_LANGUAGE_PAGE_NAMES,
    *(f"{code}/{name}" for code in LANGUAGES[1:] for name in ONE_LANGUAGE_PAGE_NAMES),
]


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str  # URL path below the site root, e.g. "waves/wave-2/"
    status: int = 200  # the HTTP status the server answers with
    kind: str | None = None  # record kind, for record pages
    source: str | None = None  # content/<folder>/<id>.yml, for record pages


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the throw-away project folder
    site: Path  # its site/
    base_url: str  # the address it was built for and is served at

    languages = LANGUAGES  # the languages the site is published in, the first at its root

    def language_of(self, site_path: str) -> str:
        """The language of a page from its place in the site (fr/... is French)."""
        first = site_path.split("/", 1)[0]
        return first if first in self.languages[1:] else self.languages[0]

    def record_ids(self, kind: str) -> list[str]:
        """Ids of the record pages of a kind, from the folders of the built site."""
        folder = self.site / KINDS[kind].site
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if (p / "index.html").is_file())

    def record_page(self, kind: str, record_id: str) -> SitePage:
        folders = KINDS[kind]
        return SitePage(
            f"record-{kind}",
            f"{folders.site}/{record_id}/",
            kind=kind,
            source=f"content/{folders.content}/{record_id}.yml",
        )

    def record_pages(self) -> list[SitePage]:
        return [self.record_page(kind, rid) for kind in KINDS for rid in self.record_ids(kind)]

    def content_ids(self, kind: str) -> list[str]:
        """Ids of the records of a kind in the bundled content."""
        folder = self.root / "content" / KINDS[kind].content
        return sorted(p.stem for p in folder.glob("*.yml"))

    def page(self, name: str) -> SitePage:
        """The page called `name` in PAGE_NAMES; fails the test when the site has none."""
        language, _, rest = name.rpartition("/")
        if language:
            page = self.page(rest)
            return SitePage(name, f"{language}/{page.path}", page.status, page.kind, page.source)
        if name == "home":
            return SitePage(name, "")
        if name == "about":
            return SitePage(name, "about/")
        if name == "data":  # the open data downloads
            return SitePage(name, "data/")
        if name == "field-guide":  # every field of every kind, for editors
            return SitePage(name, "field-guide/")
        if name == "explore":  # search with filters
            if not (self.site / "explore" / "index.html").is_file():
                pytest.fail(
                    "the built site has no explore/ page (explore/index.html), "
                    "which `bbkb build` writes for search with filters"
                )
            return SitePage(name, "explore/")
        if name == "404":
            return SitePage(name, "404.html")
        if name == "404-deep":
            return SitePage(name, "no/such/page/", status=404)
        if name.startswith("index-"):
            return SitePage(name, KINDS[name.removeprefix("index-")].site + "/")
        if name.startswith("record-"):
            kind = name.removeprefix("record-")
            ids = self.record_ids(kind)
            if not ids:
                sources = self.content_ids(kind)
                if sources:  # records exist, so their pages must exist too
                    pytest.fail(
                        f"content/{KINDS[kind].content}/ holds {len(sources)} "
                        "record(s) but the built site has no page for any of them"
                    )
                pytest.fail(
                    f"the bundled content has no {kind} record: the browser tests "
                    f"need at least one in content/{KINDS[kind].content}/"
                )
            return self.record_page(kind, ids[0])
        raise KeyError(name)


def _project_copy(folder: Path) -> Path:
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


class _StaticHandler(SimpleHTTPRequestHandler):
    """Plain files below a sub-path, like a static host or CDN; unknown paths below it get a
    404 page with status 404: the one `_redirects` names for them (as on Netlify), or the
    site's 404.html (as on GitHub Pages and most CDNs)."""

    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=str(server.site_dir))

    def log_message(self, format, *args):  # noqa: A002 - quiet test output
        pass

    def _not_found_page(self) -> str:
        """The page for a missing file: the first `_redirects` rule with status 404 that
        matches (as Netlify reads them; they apply only where no file exists), or 404.html."""
        path = "/" + self.path.split("?")[0][len(self.server.prefix) :]
        for source, target, status in self.server.redirects:
            if status == 404 and fnmatch(path, source):
                return target.lstrip("/")
        return "404.html"

    def translate_path(self, path):
        prefix = self.server.prefix
        if not path.startswith(prefix):
            return str(Path(self.directory) / "\0outside-the-site")
        return super().translate_path("/" + path[len(prefix) :])

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / self._not_found_page()
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """The rules of a Netlify/Cloudflare `_headers` file: (path pattern, headers) in order."""
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


class _HostHandler(_StaticHandler):
    """Adds the headers of the site's own `_headers` file, as the hosts it is written for do:
    every browser test runs under the site's Content-Security-Policy."""

    def end_headers(self):
        path = "/" + self.path.split("?")[0][len(self.server.prefix) :]
        for name, value in headers_for(self.server.rules, path).items():
            self.send_header(name, value)
        super().end_headers()


def parse_redirects_file(text: str) -> list[tuple[str, str, int]]:
    """The rules of a Netlify `_redirects` file: (from, to, status)."""
    rules = []
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 2 and not line.lstrip().startswith("#"):
            rules.append((words[0], words[1], int(words[2]) if len(words) > 2 else 301))
    return rules


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    # The site is published below a sub-path, so the tests serve it below one too: every
    # link must work there, not only at the root of a host.
    prefix = "/big-buyers/kb/"
    site_dir: Path | None = None
    rules: list[tuple[str, dict[str, str]]] = []  # from site/_headers once it is built
    redirects: list[tuple[str, str, int]] = []  # from site/_redirects

    def handle_error(self, request, client_address):
        # A browser that leaves a page drops its connections: nothing went wrong.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{self.prefix}"


@pytest.fixture(scope="session")
def _site_server() -> Iterator[_SiteServer]:
    """The HTTP server, started before the build so that the build knows its address."""
    httpd = _SiteServer(("127.0.0.1", 0), _HostHandler)
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def built_site(_site_server: _SiteServer, tmp_path_factory) -> BuiltSite:
    """The bundled content/, theme/ and mkdocs.yml built into a temporary project, for the
    address it is served at (SITE_URL gives the 404 page and the sitemap their addresses)."""
    root = _project_copy(tmp_path_factory.mktemp("browser") / "kb")
    env = {**os.environ, "SITE_URL": _site_server.base_url}
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "build"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"bbkb build failed:\n{done.stdout}{done.stderr}"
    _site_server.site_dir = root / "site"
    _site_server.rules = parse_headers_file((root / "site" / "_headers").read_text())
    _site_server.redirects = parse_redirects_file((root / "site" / "_redirects").read_text())
    return BuiltSite(root, root / "site", _site_server.base_url)


@pytest.fixture(scope="session")
def server(built_site: BuiltSite, _site_server: _SiteServer) -> str:
    """Base URL (ending in /) of the built site, served below a sub-path of 127.0.0.1 with
    the headers of its `_headers` file."""
    return _site_server.base_url


@pytest.fixture(scope="session")
def strict_server(built_site: BuiltSite, _site_server: _SiteServer) -> _SiteServer:
    """The server itself, for tests that read the rules it applies."""
    return _site_server


@contextmanager
def serving(site_dir: Path, rules: list[tuple[str, dict[str, str]]]) -> Iterator[_SiteServer]:
    """A second server over the same site with other header rules, for tests that change them."""
    httpd = _SiteServer(("127.0.0.1", 0), _HostHandler)
    httpd.site_dir, httpd.rules = site_dir, rules
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's source (node_modules/, from package.json: `npm ci` installs it)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` in {ROOT}")
    return AXE.read_text()


def axe_violations(tab: Tab, axe_script: str) -> list[str]:
    """What axe-core finds against WCAG 2.1 AA on the tab's page, one entry per rule.

    The script goes in through the browser's debugging protocol, which the page's
    Content-Security-Policy does not govern (a <script> tag would be refused, rightly)."""
    if not tab.page.evaluate("() => 'axe' in window"):
        tab.page.evaluate(axe_script + "\n;0")
    result = tab.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    lines = []
    for v in result["violations"]:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
        more = f" (+{len(targets) - 4} more)" if len(targets) > 4 else ""
        shown = ", ".join(targets[:4]) + more
        detail = v["nodes"][0].get("failureSummary", "").replace("\n", " ") if v["nodes"] else ""
        lines.append(f"{v['id']} [{v['impact']}] {v['help']}: {shown}\n    {detail}")
    return lines


@pytest.fixture(scope="session")
def browser() -> Iterator:
    try:
        from playwright import sync_api
    except ImportError:
        pytest.fail(
            "Playwright for Python is not installed: run `make test`, which installs "
            "the test extra (or `pip install -e '.[test]'` in your environment)"
        )
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make browser` "
            "(or set BBKB_CHROMIUM to a Chromium executable)"
        )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Tab:
    """A browser tab that records what went wrong while pages loaded."""

    page: object
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # sub-resources that did not load
    _documents_404: set[str] = field(default_factory=set)

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def forget(self) -> None:
        """Forgets what was recorded, for the next test that takes this tab."""
        for record in (self.console_errors, self.page_errors, self.requests, self.failed):
            record.clear()
        self._documents_404.clear()

    def open(self, site_page: SitePage | str, wait_until: str = "load"):
        """Opens a page of the site and checks the server's answer."""
        path = site_page.path if isinstance(site_page, SitePage) else site_page
        status = site_page.status if isinstance(site_page, SitePage) else 200
        url = self.url(path)
        if status == 404:
            self._documents_404.add(url)
        response = self.page.goto(url, wait_until=wait_until)
        assert response is not None, f"no response for {url}"
        assert response.status == status, f"{url} answered {response.status}, expected {status}"
        return response

    def search_input(self):
        """The first visible search box on the page, or None."""
        boxes = self.page.locator(SEARCH_INPUT).filter(visible=True)
        return boxes.first if boxes.count() else None

    def open_search(self):
        """The search box a visitor finds on the current page: on the page itself, or behind a
        link or button called "Search". Fails when there is none."""
        box = self.search_input()
        if box is None:
            way = self.page.get_by_role("link", name=re.compile(r"\bsearch\b", re.I)).or_(
                self.page.get_by_role("button", name=re.compile(r"\bsearch\b", re.I))
            )
            way = way.filter(visible=True)
            assert way.count(), f"{self.page.url} has neither a search box nor a way to one"
            way.first.click()
            self.page.locator(SEARCH_INPUT).filter(visible=True).first.wait_for(timeout=10_000)
            box = self.search_input()
        return box

    def wait_for_link_to(self, url: str, timeout: float = 10_000) -> None:
        """Waits until the page shows a link to `url` (ignoring #fragments and ?queries)."""
        self.page.wait_for_function(
            """url => [...document.querySelectorAll('a[href]')].some(
                   a => new URL(a.getAttribute('href'), document.baseURI).href
                            .split('#')[0].split('?')[0] === url && a.getClientRects().length)""",
            arg=url,
            timeout=timeout,
        )

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and failed sub-resources, one line each."""
        console = [
            e
            for e in self.console_errors
            if not any(e.startswith(f"{u}: Failed to load resource") for u in self._documents_404)
        ]
        return (
            [f"console: {e}" for e in console]
            + [f"page error: {e}" for e in self.page_errors]
            + [f"not loaded: {e}" for e in self.failed]
        )

    def policy_violations(self) -> list[str]:
        """What the Content-Security-Policy refused on the current page."""
        return self.page.evaluate("() => window.__violations || []")

    def foreign_requests(self) -> list[str]:
        """Requests to any origin but the local server's (data: and blob: URLs are local)."""
        own = urlsplit(self.base_url)
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if (parts.scheme, parts.netloc) != (own.scheme, own.netloc):
                foreign.append(url)
        return foreign


# Every page of a tab records what its Content-Security-Policy refused (Tab.policy_violations).
WATCH_POLICY = """
    window.__violations = [];
    document.addEventListener('securitypolicyviolation',
        e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@contextmanager
def _new_tab(browser, server: str) -> Iterator[Tab]:
    """A tab in a browser context of its own: no cookies, storage or cache from other tests."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", service_workers="block")
    context.add_init_script(WATCH_POLICY)
    page = context.new_page()
    tab = Tab(page, server)

    def on_console(msg):
        if msg.type == "error":
            where = msg.location.get("url", "") if msg.location else ""
            tab.console_errors.append(f"{where}: {msg.text}")

    def on_response(response):
        if response.status >= 400 and response.url not in tab._documents_404:
            tab.failed.append(f"{response.status} {response.url}")

    context.on("request", lambda request: tab.requests.append(request.url))

    def on_request_failed(request):
        # Requests cut short by leaving the page are not failures a reader would notice.
        if "ERR_ABORTED" not in (request.failure or ""):
            tab.failed.append(f"{request.failure} {request.url}")

    context.on("requestfailed", on_request_failed)
    context.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: tab.page_errors.append(str(error)))
    try:
        yield tab
    finally:
        context.close()


class _KeptTab:
    """The tab the tests of one test process take in turn, on the site's server.

    A new browser context costs Chromium about 0.8 s of CPU before the first page has loaded
    (a new renderer, Playwright's set-up of the page): most of what the browser tests cost.
    So one tab is kept and, before each test, brought back to where a new context starts:
    no other page open, no routes, no cookies, storage or cache, no permissions, the desktop
    viewport, nothing recorded. Its history is the one thing left: no test goes back past
    its own first page. A tab that cannot be reset (a test crashed it) is replaced."""

    def __init__(self, browser, server: str):
        self._browser, self._server = browser, server
        self._stack: ExitStack | None = None
        self._tab: Tab | None = None

    def fresh(self) -> Tab:
        if self._tab is not None:
            try:
                self._reset(self._tab)
                return self._tab
            except Exception:  # noqa: BLE001 - whatever broke it, a new tab replaces it
                self.close()
        self._stack = ExitStack()
        self._tab = self._stack.enter_context(_new_tab(self._browser, self._server))
        return self._tab

    def _reset(self, tab: Tab) -> None:
        page, context = tab.page, tab.page.context
        for other in context.pages:
            if other != page:
                other.close()
        page.unroute_all(behavior="ignoreErrors")
        context.unroute_all(behavior="ignoreErrors")
        if page.url.startswith(self._server):  # session storage belongs to the tab
            page.evaluate("() => sessionStorage.clear()")
        page.goto("about:blank")
        context.clear_cookies()
        context.clear_permissions()
        devtools = context.new_cdp_session(page)
        try:
            origin = self._server.rstrip("/")
            devtools.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            devtools.send("Network.clearBrowserCache")
        finally:
            devtools.detach()
        page.set_viewport_size(DESKTOP)
        tab.forget()

    def close(self) -> None:
        if self._stack is not None:
            self._stack.close()
        self._stack = self._tab = None


@pytest.fixture(scope="session")
def _kept_tab(browser, server: str) -> Iterator[_KeptTab]:
    kept = _KeptTab(browser, server)
    try:
        yield kept
    finally:
        kept.close()


@pytest.fixture
def tab(_kept_tab: _KeptTab) -> Tab:
    """A tab on the site, as a new browser context would give it (see _KeptTab)."""
    return _kept_tab.fresh()


@dataclass(frozen=True)
class SettledPage:
    """What the browser did while a page of the site loaded until the network fell quiet."""

    name: str
    url: str
    requests: tuple[str, ...]  # every URL requested, sub-resources included
    foreign_requests: tuple[str, ...]  # those to another origin than the site's
    errors: tuple[str, ...]  # as Tab.errors()
    h1_count: int
    policy: str  # the Content-Security-Policy header the page came with
    policy_violations: tuple[str, ...]  # what that policy refused
    axe_violations: tuple[str, ...]  # what axe-core finds against WCAG 2.1 AA


@pytest.fixture(scope="session")
def settled_page(
    _kept_tab: _KeptTab, built_site: BuiltSite, axe_script: str
) -> Callable[[str], SettledPage]:
    """settled_page(name) opens the page called `name` in a fresh tab, as the `tab` fixture
    would, waits until the network has been quiet for 500 ms, runs axe-core on it and records
    what happened.

    Tests that only read that record (its errors, requests, policy, accessibility) share one
    page load: each such test still passes or fails on its own. Parametrize them with
    SETTLED_PAGES, which keeps the tests of one page in one test process."""
    seen: dict[str, SettledPage] = {}

    def settled_page(name: str) -> SettledPage:
        if name not in seen:
            site_page = built_site.page(name)
            tab = _kept_tab.fresh()
            response = tab.open(site_page)
            tab.page.wait_for_load_state("networkidle")
            requests, foreign = tuple(tab.requests), tuple(tab.foreign_requests())
            seen[name] = SettledPage(
                name,
                tab.url(site_page.path),
                requests,
                foreign,
                tuple(tab.errors()),
                tab.page.locator("h1").count(),
                response.headers.get("content-security-policy", ""),
                tuple(tab.policy_violations()),
                tuple(axe_violations(tab, axe_script)),
            )
        return seen[name]

    return settled_page


def _settled_pages() -> list:
    """PAGE_NAMES for tests that read settled_page: each page's tests go to the test process
    of its language (an xdist group), which then loads the page once."""
    return [
        pytest.param(name, marks=pytest.mark.xdist_group(f"settled-{_language_of(name)}"))
        for name in PAGE_NAMES
    ]


def _language_of(page_name: str) -> str:
    first, _, rest = page_name.partition("/")
    return first if rest and first in LANGUAGES else LANGUAGES[0]


SETTLED_PAGES = _settled_pages()


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
