"""Bytes a browser downloads from the built site, as a static host would serve them.

The server gzips text files (HTML, CSS, JavaScript, JSON, SVG), as hosts and CDNs do, and
serves Pagefind's index files as they are (they are gzip-compressed already). It counts the
body bytes it sends, which catches every request, including those of Pagefind's web worker.
Chromium (headless, through Playwright) does what a buyer does.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PREFIX = "/kb/"  # served below a sub-path, as the site is published
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
CHROMIUM = "/usr/bin/chromium"
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


@dataclass
class Served:
    sent: list[tuple[str, int]] = field(default_factory=list)  # (path, body bytes)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> list[tuple[str, int]]:
        with self.lock:
            taken, self.sent = self.sent, []
        return taken


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(PREFIX):
            self.send_error(404)
            return
        target = Path(self.server.site) / path[len(PREFIX) :]
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            self.send_error(404)
            return
        body = target.read_bytes()
        encoded = target.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if encoded:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
        with self.server.served.lock:
            self.server.served.sent.append((path[len(PREFIX) :], len(body)))


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, Served]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.site = site
    httpd.served = Served()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}", httpd.served
    finally:
        httpd.shutdown()
        httpd.server_close()


def _is_search(path: str) -> bool:
    return path.startswith("pagefind/") or "bbkb-" in path or path.endswith("search.css")


@dataclass
class Downloads:
    page: int  # everything the home page loads, before anyone touches the search
    search_before_query: int  # the part of `page` that is for search (scripts, styles, index)
    first_query: int  # from clicking into the search box to the results of one word
    first_query_files: int
    explore: int  # the Explore page, every record listed with its facet counts


def measure(site: Path, word: str) -> Downloads:
    from playwright.sync_api import sync_playwright

    with serve(site) as (base, served), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()  # empty cache
            page = context.new_page()
            page.goto(base, wait_until="networkidle")
            loaded = served.take()
            page.locator("input.md-search__input").click()
            page.keyboard.type(word)
            page.wait_for_function(
                "w => document.getElementById('bb-search-results').dataset.query === w",
                arg=word,
                timeout=120_000,
            )
            page.wait_for_load_state("networkidle")
            query = served.take()
            context.close()

            context = browser.new_context()
            page = context.new_page()
            page.goto(base + "explore/", wait_until="networkidle")
            page.wait_for_selector(
                "[data-bb-results][aria-busy=false]", state="attached", timeout=120_000
            )
            page.wait_for_load_state("networkidle")
            explore = served.take()
            context.close()
        finally:
            browser.close()
    return Downloads(
        page=sum(size for _, size in loaded),
        search_before_query=sum(size for path, size in loaded if _is_search(path)),
        first_query=sum(size for _, size in query),
        first_query_files=len(query),
        explore=sum(size for _, size in explore),
    )
