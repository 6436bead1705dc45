"""What the last successful generation was made from, so that a rebuild of unchanged inputs
skips the check and the rendering (the generated pages are already there, byte for byte).

The fingerprint covers everything the pages are made from: every file in content/, the
generator's own code and templates, each record's date of last change, and today's date
(the stale-criteria warning depends on it), and the site's address, name and language, which
the pages' linked data and the open data carry.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from pathlib import Path

from .problems import Position, Problem, ProblemList
from .project import Project

STATE_FILE = "state.json"
_GENERATOR = Path(__file__).parent


def inputs_fingerprint(
    project: Project, today: datetime.date, history: dict[str, datetime.date], site: object
) -> str:
    """`site`: what the pages say about the site (its address comes from SITE_URL too)."""
    digest = hashlib.sha256(repr(site).encode())
    for folder in (project.content, _GENERATOR):
        for relative, path in _files_below(folder):
            digest.update(relative.encode() + b"\0")
            with open(path, "rb") as file:
                digest.update(hashlib.sha256(file.read()).digest())
    digest.update(today.isoformat().encode())
    digest.update(json.dumps(sorted((k, v.isoformat()) for k, v in history.items())).encode())
    return digest.hexdigest()


def _files_below(folder: Path) -> list[tuple[str, str]]:
    """(path relative to `folder` with '/', path) of every file below it but compiled
    Python, in the order of the relative paths; what is not a file (a broken link, such as
    an editor's lock) is left out. With scandir and strings: at 10,000 records, pathlib's
    objects cost more than reading and hashing the files."""
    found = []
    pending = [(str(folder), "")]
    while pending:
        here, prefix = pending.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):  # as rglob: no loop through a link
                    if entry.name != "__pycache__":
                        pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    found.append((prefix + entry.name, entry.path))
    found.sort()
    return found


def unchanged_problems(project: Project, fingerprint: str) -> ProblemList | None:
    """The problems of the last generation when its inputs had this fingerprint, else None."""
    state_path = project.build / STATE_FILE
    if not project.docs.is_dir() or not state_path.is_file():
        return None
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        if state.get("fingerprint") != fingerprint:
            return None
        items = [Problem(Position(*p["position"]), *p["problem"]) for p in state["problems"]]
    except (ValueError, KeyError, TypeError):
        return None  # an unreadable state only costs a full generation
    return ProblemList(items)


def remember(project: Project, fingerprint: str, problems: ProblemList) -> None:
    problems_data = [
        {
            "position": [p.position.path, p.position.line, p.position.column],
            "problem": [p.severity, p.field, p.message, p.hint],
        }
        for p in problems.items
    ]
    state = {"fingerprint": fingerprint, "problems": problems_data}
    (project.build / STATE_FILE).write_text(json.dumps(state, indent=1), encoding="utf-8")


def forget(project: Project) -> None:
    (project.build / STATE_FILE).unlink(missing_ok=True)
