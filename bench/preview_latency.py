"""Time from saving a record to `bbkb serve` serving its new page (for `make bench`)."""

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


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except OSError:
        return ""


def save_to_served(root: Path, record: Path, saves: int = 5) -> list[float]:
    """Seconds from each of `saves` saves of `record` (a new name each time) to the preview
    answering with the new name, polling the page as a browser's reload would."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--root", str(root), "serve",
         "--address", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/organisations/{record.stem}/"
    original = record.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 600
        while "</html>" not in _fetch(url):
            if time.monotonic() > deadline:
                raise RuntimeError("the preview did not start")
            time.sleep(0.5)
        time.sleep(5)  # let the first search index finish, as an editor reading the page would
        for number in range(saves):
            marker = f"Renamed organisation {number}"
            lines = original.splitlines()
            text = "\n".join(f"name: {marker}" if ln.startswith("name:") else ln for ln in lines)
            started = time.perf_counter()
            record.write_text(text + "\n", encoding="utf-8")
            while marker not in _fetch(url):
                time.sleep(0.02)
            times.append(time.perf_counter() - started)
            time.sleep(2)
    finally:
        record.write_text(original, encoding="utf-8")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
    return times
