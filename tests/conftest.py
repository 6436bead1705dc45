"""Shared helpers: a small knowledge base to build, and a way to run `bbkb` as editors do."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "kb" / "content"


def make_project(folder: Path, content: Path = FIXTURE_CONTENT) -> Path:
    """A project folder with the given content and this repository's theme and settings."""
    shutil.copytree(content, folder / "content")
    shutil.copytree(ROOT / "theme", folder / "theme")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def run_bbkb(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`bbkb --root root args...` run in this process, as an editor would run it: its exit
    status and what it printed. The environment is the caller's minus SITE_URL and
    GITHUB_ACTIONS unless `env` gives one."""
    if env is None:  # the default site address, whatever the caller's shell says
        env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "GITHUB_ACTIONS")}
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(["--root", str(root), *args])
            except SystemExit as exc:  # argparse's --help and usage errors
                status = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["bbkb", *args], status, out.getvalue(), err.getvalue())


def run_bbkb_process(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`bbkb` as its own process, for what only a process shows (the entry point, exit codes)."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "GITHUB_ACTIONS")}
    command = [str(Path(sys.executable).with_name("bbkb")), "--root", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def git(project: Path, *args: str, date: str = "2024-03-05T12:00:00+00:00") -> None:
    """Runs git in `project` as an editor would commit, at a fixed date, with no user config."""
    env = {
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "HOME": str(project),
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=e@example.org", *args],
        cwd=project,
        check=True,
        env=env,
        capture_output=True,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "kb")


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory) -> Path:
    """The fixture knowledge base, built once for the whole run: the test processes
    (pytest-xdist workers) share one build, which no test may change."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") and fcntl:
        shared = shared.parent  # the run's folder, above each worker's own
    root = shared / "built-fixture" / "kb"
    with _one_process_at_a_time(shared / "built-fixture.lock"):
        if not (root / "site" / "index.html").is_file():
            shutil.rmtree(root.parent, ignore_errors=True)
            make_project(root)
            done = run_bbkb(root, "build")
            assert done.returncode == 0, done.stdout + done.stderr
    return root


@contextlib.contextmanager
def _one_process_at_a_time(lock: Path):
    if not fcntl:  # Windows: each process builds its own copy
        yield
        return
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
