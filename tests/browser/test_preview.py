"""`bbkb serve` in a browser: a saved record shows, search finds what was just written, and
problems are on the page until they are fixed, all without restarting the preview."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ..conftest import make_project

CHROMIUM_WAIT = 60_000  # ms: the first build and the search index take a few seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _preview(root: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "serve",
         "--address", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def _open(page, url: str) -> None:
    """Opens `url` once the preview answers (it starts with a full build)."""
    deadline = time.monotonic() + CHROMIUM_WAIT / 1000
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                break
        except OSError:
            time.sleep(0.3)
    page.goto(url)


def test_search_in_the_preview_finds_a_word_saved_a_moment_ago(tmp_path, page):
    root = make_project(tmp_path / "kb")
    with _preview(root) as base:
        _open(page, base + "organisations/city-of-lyon/")
        record = root / "content/organisations/city-of-lyon.yml"
        record.write_text(record.read_text().replace("City of Lyon", "City of Quokkaville"))
        # The open page reloads by itself.
        page.get_by_role("heading", name="City of Quokkaville").wait_for(timeout=CHROMIUM_WAIT)

        result = page.locator("a.bb-explore__title", has_text="City of Quokkaville")
        for _ in range(30):  # the index is rebuilt in the background after a change
            page.goto(base + "explore/?q=Quokkaville")
            page.wait_for_selector(
                "[data-bb-results][aria-busy=false]", state="attached", timeout=CHROMIUM_WAIT
            )
            if result.count():
                break
            page.wait_for_timeout(1000)
        assert result.count() == 1
        assert result.first.get_attribute("href").rstrip("/").endswith("organisations/city-of-lyon")


def test_problems_show_on_the_page_until_the_file_is_fixed(tmp_path, page):
    root = make_project(tmp_path / "kb")
    record = root / "content/organisations/city-of-lyon.yml"
    good = record.read_text()
    record.write_text(good.replace("country: FR", "country: Francia"))
    with _preview(root) as base:
        # Started broken: a problems page, with the file, line and column.
        _open(page, base + "organisations/city-of-lyon/")
        problems = page.get_by_role("list")
        assert "city-of-lyon.yml:3:10: error: country: 'Francia' is not a country code" in (
            problems.inner_text()
        )
        record.write_text(good)  # fixed: the real page replaces the problems page
        page.get_by_role("heading", name="City of Lyon").wait_for(timeout=CHROMIUM_WAIT)

        record.write_text(good.replace("country: FR", "country: Francia"))  # broken again
        alert = page.get_by_role("alert")
        # Waits for the message (a first poll may see the file while it is being written).
        alert.filter(has_text="'Francia' is not a country code").wait_for(timeout=CHROMIUM_WAIT)
        assert page.get_by_role("heading", name="City of Lyon").is_visible()  # last good page

        record.write_text(good)
        alert.wait_for(state="detached", timeout=CHROMIUM_WAIT)
