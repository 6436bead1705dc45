"""The seam to the site engine (MkDocs with Material): its configuration and its commands.

The generator writes standard Markdown and assets; everything that knows MkDocs is here, so
the site can move to another MkDocs-compatible engine by changing this module alone. No
plugin and no hook: one generated configuration per site, inheriting the project's.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import yaml

from . import paths
from .data_files import Site
from .feeds import feed_links
from .history import last_commit_timestamp
from .knowledge_base import KnowledgeBase
from .project import Project


class BuildFailed(RuntimeError):
    pass


def engine_config(kb: KnowledgeBase) -> bytes:
    """Inherits the project's mkdocs.yml and adds the generated navigation.

    The navigation lists kinds and free pages, never each record: Material renders the
    whole navigation into every page, so a per-record navigation makes builds quadratic.
    """
    nav: list = [{"Home": paths.HOME_PAGE}, {"Explore": paths.EXPLORE_PAGE}]
    nav += [{kind.nav_title: paths.index_page(kind)} for kind in kb.kinds]
    nav += [{page.title: paths.free_page(page)} for page in kb.pages if page.in_nav]
    config = {
        "INHERIT": "../mkdocs.yml",
        "docs_dir": "docs",
        "theme": {"custom_dir": "../theme"},
        "nav": nav,
        # Open data: the Data page the footer links to, the feeds every page's head names.
        "extra": {
            "open_data": {
                "page": paths.site_url(paths.data_page()),
                "feeds": feed_links(kb.kinds),
            }
        },
    }
    header = "# Written by `bbkb`; edit ../mkdocs.yml instead.\n"
    return (header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)).encode()


def site(project: Project) -> Site:
    """The site's address, name, description and language, from mkdocs.yml (SITE_URL sets
    the address, as for the sitemap)."""
    from mkdocs.utils.yaml import get_yaml_loader

    with open(project.root / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml.load(file, Loader=get_yaml_loader()) or {}
    address = str(config.get("site_url") or "")
    if address and not address.endswith("/"):
        address += "/"
    theme = config.get("theme") or {}
    return Site(
        address,
        str(config.get("site_name", "")),
        str(config.get("site_description", "")),
        str(theme.get("language", paths.DEFAULT_LANGUAGE)),
    )


def build(project: Project, site_dir: Path) -> None:
    """Builds the generated pages into `site_dir`, in strict mode."""
    run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "--config-file",
            str(project.build_config),
            "--site-dir",
            str(site_dir),
        ],
        project.root,
        "MkDocs",
    )


def build_preview(project: Project, site_dir: Path, address: str, dirty: bool) -> None:
    """Builds the preview in this process, as `mkdocs serve` does: with `dirty`, only the
    pages whose Markdown is newer than their HTML are rebuilt. Not strict: dirty builds warn
    about links into pages they did not rebuild."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    # The preview's terminal shows our lines only: MkDocs' progress and its warning that a
    # dirty build is one are not for editors (a failed build still raises).
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ["SITE_URL"] = f"http://{address}/"  # read by mkdocs.yml
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(
        config_file=str(project.build_config), site_dir=str(site_dir), strict=False
    )
    mkdocs_build(config, dirty=dirty)


def run(command: list[str], cwd: Path, what: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    # Reproducible output: dates MkDocs stamps come from the last commit, not the clock.
    env.setdefault("SOURCE_DATE_EPOCH", str(last_commit_timestamp(cwd) or 315532800))
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        raise BuildFailed(f"{what} failed (exit {done.returncode}):\n{output}")
