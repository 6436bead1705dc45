"""`bbkb serve`: a local preview that follows edits to content/.

MkDocs' own preview server watches the generated pages and reloads the browser; this
loop regenerates those pages when a record is saved. A record that no longer checks
prints its problems and leaves the last good pages in place, so the preview keeps working.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from . import mkdocs_engine
from .pipeline import Pipeline
from .project import Project
from .report import print_problems


def content_state(content: Path) -> dict[str, tuple[float, int]]:
    """A cheap fingerprint of content/: modification time and size of every file."""
    state = {}
    for path in content.rglob("*"):
        if path.is_file():
            stat = path.stat()
            state[str(path)] = (stat.st_mtime, stat.st_size)
    return state


def _report(problems) -> None:
    if problems.items:
        print_problems(problems)


def regenerate(project: Project) -> bool:
    pipeline = Pipeline(project, report=_report)
    result = pipeline.check()
    if not result.ok:
        print(
            "bbkb serve: fix the problems above; still showing the last good version",
            file=sys.stderr,
        )
        return False
    changed = pipeline.generate(result.kb)
    if changed:
        print(
            f"bbkb serve: updated {', '.join(changed[:5])}{' ...' if len(changed) > 5 else ''}",
            file=sys.stderr,
        )
    return True


def serve(project: Project, address: str, poll_seconds: float = 0.5) -> int:
    if not regenerate(project):
        return 1
    server = mkdocs_engine.preview(project, address)
    # Stopping the preview stops MkDocs too, however it is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"bbkb serve: preview on http://{address}/ (Ctrl+C to stop)", file=sys.stderr)
    state = content_state(project.content)
    try:
        while server.poll() is None:
            time.sleep(poll_seconds)
            new_state = content_state(project.content)
            if new_state != state:
                state = new_state
                regenerate(project)
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:  # MkDocs' server can ignore the polite request
            server.kill()
            server.wait()
    return server.returncode or 0
