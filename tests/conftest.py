"""Shared helpers: a small knowledge base to build, and a way to run `bbkb` as editors do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "kb" / "content"


def make_project(folder: Path, content: Path = FIXTURE_CONTENT) -> Path:
    """A project folder with the given content and this repository's theme and settings."""
    shutil.copytree(content, folder / "content")
    shutil.copytree(ROOT / "theme", folder / "theme")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def run_bbkb(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    if env is None:  # the default site address, whatever the caller's shell says
        env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "GITHUB_ACTIONS")}
    return subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "kb")


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("built") / "kb")
    done = run_bbkb(root, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    return root
