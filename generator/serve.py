"""`bbkb serve`: a local preview that follows edits to content/, with search.

The preview is the real site, built like `bbkb build` into build/preview/ and served from
there: after a save, the generator rewrites only the pages whose text changed, MkDocs
rebuilds only those (its dirty mode), the open page reloads, and Pagefind re-indexes in the
background so that search works in the preview too. A save that breaks the check keeps the
last good pages and shows the problems on every page until they are fixed.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from . import mkdocs_engine
from .pipeline import WHOLE, Part, Pipeline
from .problems import ProblemList
from .project import Project
from .report import print_problems
from .search_index import BUNDLE, index_site
from .watching import ContentWatcher

STATUS_PATH = "/__bbkb__/status"
SCRIPT_PATH = "/__bbkb__/preview.js"
# Polls the preview's status: reloads the page after a rebuild, shows the check's problems.
PREVIEW_SCRIPT = """
(() => {
  const STATUS = "/__bbkb__/status";
  let seen = null;
  const show = (problems) => {
    let box = document.getElementById("bbkb-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("section");
      box.id = "bbkb-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:1000;max-height:50vh;" +
        "overflow:auto;background:#fff3f3;color:#5c0000;border-top:4px solid #b00020;" +
        "padding:1em 1.5em;font:14px/1.5 monospace;white-space:pre-wrap";
      document.body.append(box);
    }
    box.textContent = "The content has problems; the preview shows the last good version.\\n\\n"
      + problems.join("\\n");
  };
  const poll = async () => {
    try {
      const url = STATUS + "?lang=" + encodeURIComponent(document.documentElement.lang || "")
        + "&path=" + encodeURIComponent(location.pathname);
      const status = await (await fetch(url, {cache: "no-store"})).json();
      if (seen !== null && status.version !== seen) { location.reload(); return; }
      seen = status.version;
      show(status.problems);
    } catch (error) { /* the preview is restarting */ }
    setTimeout(poll, 500);
  };
  poll();
})();
"""


class Preview:
    """The preview site: rebuilt on demand, its status read by the pages it serves."""

    def __init__(self, project: Project, address: str):
        self.project = project
        self.address = address
        self.site = project.build / "preview"
        os.environ["SITE_URL"] = f"http://{address}/"  # read by mkdocs.yml
        self.version = 0
        self.built_at: dict[str, int] = {}  # language -> version when its pages last changed
        self.problems: list[str] = []
        self.built = False
        self._search = threading.Lock()
        self._building = threading.Lock()  # held while MkDocs writes pages
        self._search_wanted = threading.Event()
        # Set when a save comes: the running Pagefind stops (its index would be out of date,
        # and it would take the cores from the saved page); the index is made again after.
        self._stop_search = threading.Event()
        self._refreshed = threading.Event()  # clear while a refresh runs
        self._refreshed.set()
        # One pipeline for the session: it remembers the files it read and the pages it wrote.
        self.pipeline = Pipeline(
            project, report=self._report, read_cache={}, processes=1, keep_files=True
        )
        self.kb = None  # the last good knowledge base
        # Languages with Markdown newer than their pages (a refresh stopped before MkDocs).
        self._unbuilt: set[str] = set()

    def refresh(self, saved_again: Callable[[], bool] = lambda: False) -> None:
        """Checks and regenerates; rebuilds the pages that changed; re-indexes search. Stops
        between two stages when `saved_again()`: the next refresh does what is left, with
        the new save."""
        self._refreshed.clear()
        self._stop_search.set()
        try:
            self._rebuild(self.pipeline, saved_again)
        except Exception as exc:  # noqa: BLE001 - a failed rebuild must not stop the preview
            print(f"bbkb serve: {exc}", file=sys.stderr)
            self.built_at.clear()  # every page reloads, whatever was built
        finally:
            self._refreshed.set()
        self.version += 1

    def _rebuild(self, pipeline: Pipeline, saved_again: Callable[[], bool]) -> None:
        result = pipeline.check()
        if not result.ok:
            print("bbkb serve: fix the problems above; the preview shows the last good version",
                  file=sys.stderr)  # fmt: skip
            return
        site = pipeline.site
        builds = dict(zip(site.languages, pipeline.engine_builds(self.site), strict=True))
        updated, rebuilt = [], False

        def stop_if_saved_again() -> None:
            if saved_again():
                raise mkdocs_engine.Stopped("saved again")

        for stage, part in enumerate(self._stages(result.kb, site)):
            # After the first stage, a new save stops the refresh between two records: the
            # knowledge base stays the last complete one, so the next refresh sees this
            # save's records as changed too and makes their pages again.
            built = site.languages if part.languages is None else part.languages
            try:
                between = stop_if_saved_again if stage else lambda: None
                between()
                changed = pipeline.generate(result.kb, part, between)
                if changed:
                    self._unbuilt.update(built)
                between()
            except mkdocs_engine.Stopped:
                return
            if self._unbuilt.intersection(built) or not self.built:
                with self._building:
                    mkdocs_engine.build_preview([builds[lang] for lang in built], dirty=self.built)
                self._unbuilt.difference_update(built)
                rebuilt = True
                self.version += 1
                self.built_at.update(dict.fromkeys(built, self.version))
                updated += changed
        self.kb = result.kb
        if rebuilt:
            self.built = True
            if updated:
                shown = ", ".join(updated[:5]) + (" ..." if len(updated) > 5 else "")
                print(f"bbkb serve: updated {shown}", file=sys.stderr)
            self._search_wanted.set()
            threading.Thread(target=self._index, daemon=True).start()

    # Pages show records up to this many references away (an outcome shows the countries
    # of its community's members, an organisation the waves of its groups' statements).
    REACH = 3

    def _stages(self, kb, site) -> list[Part]:
        """The part of the site each rebuild makes in turn; the whole site at once after the
        first build or when records or free pages came or went.

        After a save, the saved records' own pages come first, in the first language: the
        page an editor looks at shows the change without waiting for the pages that show
        something of it (the indexes, which list every record of a kind, and the records up
        to REACH references away: a third of a large knowledge base), which follow, and
        then the other languages. Each open page reloads when its own file changed
        (status())."""
        old = self.kb
        if (
            not self.built
            or old is None
            or set(old.by_id) != set(kb.by_id)
            or old.pages != kb.pages
        ):
            return [WHOLE]
        # Files that did not change give the very same record objects (the read cache).
        changed = {i for i, record in kb.by_id.items() if old.by_id[i] is not record}
        around = old.around(changed, self.REACH) | kb.around(changed, self.REACH)
        first = site.default_language
        others = [language for language in site.languages if language != first]
        return [
            Part(changed, [first], site_files=False),
            Part(around - changed, [first]),
            *(Part(around, [language]) for language in others),
        ]

    def _report(self, problems: ProblemList) -> None:
        if problems.items:
            print_problems(problems)
        # The page shows errors (what keeps the preview on its last good version); the
        # terminal shows warnings too.
        self.problems = [p.text() for p in problems.sorted() if p.severity == "error"]

    def _index(self) -> None:
        """Pagefind over the preview, one run at a time, again if a change came meanwhile;
        stopped by a save, and run again once the save is rebuilt."""
        with self._search:
            while self._search_wanted.is_set():
                self._refreshed.wait()  # not while a save is being rebuilt
                self._search_wanted.clear()
                self._stop_search.clear()
                if not self._refreshed.is_set():  # a save came between the two lines above
                    self._search_wanted.set()
                    continue
                try:
                    site = self.pipeline.site
                    root = self.project.root
                    languages, first = site.languages, site.default_language
                    # The first index is never stopped: search must come to the preview
                    # even while an editor saves often; later, the last index serves.
                    stop = self._stop_search if (self.site / BUNDLE).is_dir() else None
                    index_site(self.site, languages, first, root, stop)
                except mkdocs_engine.Stopped:
                    self._search_wanted.set()
                except Exception as exc:  # noqa: BLE001 - the preview goes on without search
                    print(f"bbkb serve: search index not updated: {exc}", file=sys.stderr)

    def status(self, language: str = "", page: Path | None = None) -> bytes:
        """What the open page polls: a page reloads when its own file changed (given the
        `page` it was served from), else when its language's pages were rebuilt (or, for a
        page of no known language, after any rebuild), and shows the problems."""
        version = self.built_at.get(language, self.version)
        if page is not None and page.suffix == ".html":
            # Not while MkDocs writes: a file being written is not the new page yet.
            with self._building, contextlib.suppress(OSError):  # no such page: 404
                version = page.stat().st_mtime_ns
        return json.dumps({"version": version, "problems": self.problems}).encode()


def _handler(preview: Preview) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(preview.site), **kwargs)

        def log_message(self, format, *args):  # noqa: A002 - the terminal shows problems only
            pass

        def do_GET(self):  # noqa: N802 - the http.server API
            path, _, query = self.path.partition("?")
            if path == STATUS_PATH:
                asked = parse_qs(query)
                language, page = asked.get("lang", [""])[0], asked.get("path", [""])[0]
                served = self._file(page) if page else None
                return self._send(preview.status(language, served), "application/json")
            if path == SCRIPT_PATH:
                return self._send(PREVIEW_SCRIPT.encode(), "text/javascript")
            if not preview.built:
                return self._send(_problems_page(preview.problems), "text/html; charset=utf-8")
            target = self._file(path)
            if not target.is_file():
                not_found = preview.site / "404.html"
                data = not_found.read_bytes() if not_found.is_file() else b"Not found"
                return self._send(_with_script(data), "text/html; charset=utf-8", 404)
            if target.suffix == ".html":
                return self._send(_with_script(target.read_bytes()), "text/html; charset=utf-8")
            return super().do_GET()

        def _file(self, path: str) -> Path:
            """The file an address path is served from (inside the preview's folder)."""
            target = Path(self.translate_path(path))
            return target / "index.html" if target.is_dir() else target

        def _send(self, data: bytes, content_type: str, status: int = HTTPStatus.OK):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _with_script(page: bytes) -> bytes:
    tag = f'<script src="{SCRIPT_PATH}"></script>'.encode()
    return page.replace(b"</body>", tag + b"</body>", 1) if b"</body>" in page else page + tag


def _problems_page(problems: list[str]) -> bytes:
    items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    return _with_script(
        b'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        b"<title>Problems - Big Buyers knowledge base preview</title></head><body><main>"
        b"<h1>The content has problems</h1><p>Fix them and save; this page reloads.</p>"
        + f"<ol>{items}</ol>".encode()
        + b"</main></body></html>"
    )


def serve(project: Project, address: str) -> int:
    preview = Preview(project, address)
    host, _, port = address.rpartition(":")
    try:  # before the first build, so that a busy address is said at once
        server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), _handler(preview))
    except OSError as exc:
        print(f"bbkb serve: cannot listen on {address}: {exc.strerror}", file=sys.stderr)
        return 1
    server.daemon_threads = True
    # Stopping the preview (Ctrl+C or a polite kill) closes the server cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with ContentWatcher(project.content) as watcher:  # before the build: a save during it counts
        preview.refresh()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"bbkb serve: preview on http://{address}/ (Ctrl+C to stop)", file=sys.stderr)
        try:
            while True:
                watcher.wait_for_save()
                watcher.settle()
                preview.refresh(watcher.saved_again)
        finally:
            server.shutdown()
            server.server_close()
