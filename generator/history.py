"""When each content file last changed, from the repository's history.

Used for `lastmod` in the sitemap: the date of the last commit that touched a record, not
the build time, so two builds of one commit are identical.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path


def last_changed(root: Path, folder: str = "content") -> dict[str, datetime.date]:
    """Path relative to `root` -> date of its latest commit; empty outside a Git checkout."""
    try:
        done = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "log",
                "--format=%x00%cs",
                "--name-only",
                "--no-renames",
                "--",
                folder,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if done.returncode != 0:
        return {}
    prefix = _repo_prefix(root)
    dates: dict[str, datetime.date] = {}
    current: datetime.date | None = None
    for line in done.stdout.splitlines():
        if line.startswith("\0"):
            current = datetime.date.fromisoformat(line[1:])
        elif line and current is not None:
            path = line[len(prefix) :] if line.startswith(prefix) else line
            dates.setdefault(path, current)  # git log lists the newest commit first
    return dates


def _repo_prefix(root: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--show-prefix"], capture_output=True, text=True
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def last_commit_timestamp(root: Path) -> int | None:
    done = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True
    )
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else None
