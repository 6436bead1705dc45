"""`bbkb serve`: saving a record updates the preview; a broken save keeps the last good page."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import pytest

from generator.serve import STATUS_PATH
from generator.watching import ContentWatcher


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 40) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear at {url}")


@pytest.fixture
def preview(project):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "--root",
            str(project),
            "serve",
            "--address",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    yield f"http://127.0.0.1:{port}", server
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)  # and MkDocs with it, whatever happened


def test_saving_a_record_updates_the_preview(project, preview):
    base, server = preview
    page_url = f"{base}/organisations/city-of-lyon/"
    wait_for(page_url, "City of Lyon")
    record = project / "content/organisations/city-of-lyon.yml"
    record.write_text(record.read_text().replace("City of Lyon", "Lyon Metropolis"))
    wait_for(page_url, "Lyon Metropolis")

    record.write_text(record.read_text().replace("country: FR", "country: Francia"))
    wait_for(f"{base}{STATUS_PATH}", "Francia")  # the preview has read the broken file
    assert "Lyon Metropolis" in fetch(page_url)  # the last good page stays
    server.terminate()
    output = server.communicate(timeout=30)[0]
    assert "city-of-lyon.yml:3:10: error: country: 'Francia' is not a country code" in output


def test_a_save_reaches_every_language_and_reloads_their_pages(project, preview):
    """The first language is rebuilt and served first, then the others; a page reloads when
    its own language's pages were rebuilt."""
    base, _ = preview
    wait_for(f"{base}/organisations/city-of-lyon/", "City of Lyon")

    def versions() -> dict[str, int]:
        return {
            lang: json.loads(fetch(f"{base}/__bbkb__/status?lang={lang}"))["version"]
            for lang in ("en", "fr")
        }

    before = versions()
    record = project / "content/organisations/city-of-lyon.yml"
    record.write_text(record.read_text().replace("City of Lyon", "Lyon Metropolis"))
    for page in (f"{base}/organisations/city-of-lyon/", f"{base}/fr/organisations/city-of-lyon/"):
        wait_for(page, "Lyon Metropolis")
    deadline = time.monotonic() + 20
    while any(now == before[lang] for lang, now in versions().items()):
        assert time.monotonic() < deadline, "a language's pages were rebuilt without a reload"
        time.sleep(0.2)


def test_an_open_page_reloads_when_its_own_page_changed_only(project, preview):
    """A page polls with its address: the saved record's page reloads (first, before the
    pages around it), a page that does not show the record stays as the reader left it."""
    base, _ = preview
    saved, other = "/organisations/city-of-lyon/", "/about/"
    wait_for(base + saved, "City of Lyon")

    def version(path: str):
        query = urllib.parse.urlencode({"lang": "en", "path": path})
        return json.loads(fetch(f"{base}{STATUS_PATH}?{query}"))["version"]

    before = {path: version(path) for path in (saved, other)}
    record = project / "content/organisations/city-of-lyon.yml"
    record.write_text(record.read_text().replace("City of Lyon", "Lyon Metropolis"))
    deadline = time.monotonic() + 40
    while version(saved) == before[saved]:
        assert time.monotonic() < deadline, "the saved record's page did not reload"
        time.sleep(0.1)
    assert "Lyon Metropolis" in fetch(base + saved)  # what the reload shows
    wait_for(f"{base}/fr{saved}", "Lyon Metropolis")  # every language has been rebuilt
    assert version(other) == before[other]


def test_a_save_seen_halfway_is_read_once_the_file_stops_changing(tmp_path):
    """Editors often empty a file and then write it; the preview waits for the second step
    instead of showing "the file is empty"."""
    content = tmp_path / "content"
    record = content / "organisations" / "city-of-lyon.yml"
    record.parent.mkdir(parents=True)
    with ContentWatcher(content) as watcher:
        record.write_text("")
        writer = threading.Timer(0.05, record.write_text, ["id: city-of-lyon\n"])
        writer.start()
        try:
            watcher.wait_for_save()
            watcher.settle(pause=0.2)
        finally:
            writer.join()
        assert record.read_text() == "id: city-of-lyon\n"
        assert not watcher.saved_again()


def test_reading_the_content_is_not_a_save(tmp_path):
    """The preview reads the files it is told changed: reading must not wake it again (it
    would rebuild for ever), writing must."""
    content = tmp_path / "content"
    record = content / "organisations" / "city-of-lyon.yml"
    record.parent.mkdir(parents=True)
    record.write_text("id: city-of-lyon\n")
    with ContentWatcher(content) as watcher:
        record.read_text()
        record.stat()
        time.sleep(0.3)  # events come from another thread
        assert not watcher.saved_again()
        record.write_text("id: city-of-lyon\nname: Lyon\n")
        deadline = time.monotonic() + 10
        while not watcher.saved_again():
            assert time.monotonic() < deadline, "a save went unnoticed"
            time.sleep(0.05)
