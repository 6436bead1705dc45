"""Turns the generated pages into site/ with MkDocs, replacing site/ only on success."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .history import last_commit_timestamp
from .hosting import write_hosting_files
from .project import Project
from .search import finish_index, pagefind_command


class BuildFailed(RuntimeError):
    pass


def build_site(project: Project) -> Path:
    """Builds into a temporary folder beside site/, then swaps it in."""
    project.site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    try:
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
              "--config-file", str(project.build_config), "--site-dir", str(staging)],
             project.root, "MkDocs")
        # Search index of the built pages, in the staging folder too: never half-written.
        _run(pagefind_command(staging), project.root, "Pagefind")
        finish_index(staging)
        # Last: the header rules hash what the steps above wrote.
        write_hosting_files(staging)
        _swap(staging, project.site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return project.site


def _run(command: list[str], cwd: Path, what: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    # Reproducible output: dates MkDocs stamps come from the last commit, not the clock.
    env.setdefault("SOURCE_DATE_EPOCH", str(last_commit_timestamp(cwd) or 315532800))
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        raise BuildFailed(f"{what} failed (exit {done.returncode}):\n{output}")


def _swap(new: Path, site: Path) -> None:
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
