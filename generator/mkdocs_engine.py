"""The seam to the site engine (MkDocs with Material): its configuration and its commands.

The generator writes standard Markdown and assets; everything that knows MkDocs is here, so
the site can move to another MkDocs-compatible engine by changing this module alone. No
plugin and no hook: one generated configuration per site, inheriting the project's.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import yaml

from . import paths
from .data_files import Site
from .errors import BuildFailed
from .feeds import feed_links
from .fields import LANGUAGE_PATTERN
from .history import last_commit_timestamp
from .i18n import _, has_catalogue, known_language, language_name
from .interface import script_strings, theme_strings
from .knowledge_base import KnowledgeBase
from .project import Project


def engine_config(kb: KnowledgeBase, site: Site) -> bytes:
    """One language's configuration: inherits the project's mkdocs.yml and adds the
    generated navigation, the language, its address and the interface strings of the
    theme. Written while that language is being written (values.writing_in).

    The navigation lists kinds and free pages, never each record: Material renders the
    whole navigation into every page, so a per-record navigation makes builds quadratic.
    """
    up = "../" * (1 + paths.localised("", site.language, site.default_language).count("/"))
    nav: list = [{_("Home"): paths.HOME_PAGE}, {_("Explore"): paths.EXPLORE_PAGE}]
    nav += [{str(kind.nav_title): paths.index_page(kind)} for kind in kb.kinds]
    nav += [
        {page.in_language(site.language).title: paths.free_page(page)}
        for page in kb.pages
        if page.in_nav
    ]
    config = {
        "INHERIT": f"{up}mkdocs.yml",
        "docs_dir": "docs",
        "site_name": site.name,
        "site_description": site.description,
        "theme": {"custom_dir": f"{up}theme", "language": site.language},
        "nav": nav,
        "extra": {
            # Open data: the Data page the footer links to, the feeds every page's head names.
            "open_data": {
                "page": paths.site_url(paths.data_page()),
                "feeds": feed_links(kb.kinds, site.language),
            },
            "languages": _language_links(site),
            "ui": theme_strings(),
            # The search index covers every language and lies at the root of the whole site.
            "ui_script": {**script_strings(), "searchRoot": "../" * (up.count("../") - 1)},
        },
    }
    if site.address:
        config["site_url"] = site.address
    header = "# Written by `bbkb`; edit mkdocs.yml at the project's root instead.\n"
    return (header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)).encode()


def _language_links(site: Site) -> list[dict]:
    """The languages of the switcher and of the pages' alternate links: each one's root,
    relative to this language's root and as a full address."""
    here = paths.localised("", site.language, site.default_language)
    back = "../" * here.count("/")
    links = []
    for language in site.languages:
        there = paths.localised("", language, site.default_language)
        links.append(
            {
                "lang": language,
                # In its own language, as a menu entry: "Français", "Deutsch".
                "name": language_name(language, language).capitalize(),
                "link": back + there,
                "address": site.in_language(language).address,
                "current": language == site.language,
            }
        )
    return links


def site(project: Project) -> Site:
    """The site's address, name, description and languages, from mkdocs.yml (SITE_URL sets
    the address, as for the sitemap), seen from its first language."""
    from mkdocs.utils.yaml import get_yaml_loader

    settings = project.root / "mkdocs.yml"
    config = {}
    if settings.is_file():  # a folder of content alone is checked as an English site
        with open(settings, encoding="utf-8") as file:
            config = yaml.load(file, Loader=get_yaml_loader()) or {}
    address = str(config.get("site_url") or "")
    if address and not address.endswith("/"):
        address += "/"
    extra = config.get("extra") or {}
    languages = tuple(str(code) for code in extra.get("languages") or [paths.DEFAULT_LANGUAGE])
    _check_languages(languages)
    name, description = str(config.get("site_name", "")), str(config.get("site_description", ""))
    translated = extra.get("translations") or {}
    editing = {**(extra.get("edit") or {}), **(extra.get("cms") or {})}
    names = [(code, str((translated.get(code) or {}).get("site_name", name))) for code in languages]
    descriptions = [
        (code, str((translated.get(code) or {}).get("site_description", description)))
        for code in languages
    ]
    return Site(
        address,
        name,
        description,
        languages[0],
        languages,
        address,
        tuple(names),
        tuple(descriptions),
        # The repository and sign-in settings of the editing app (cms.py).
        tuple(sorted((str(k), str(v)) for k, v in editing.items())),
    )


def _check_languages(languages: tuple[str, ...]) -> None:
    """Each language the site is published in needs a known code and its translations."""
    if languages[0] != paths.DEFAULT_LANGUAGE:
        raise BuildFailed(
            f"mkdocs.yml: extra.languages: the first language must be "
            f"{paths.DEFAULT_LANGUAGE}, the language records are written in (found "
            f"{languages[0]}); list the others after it"
        )
    for code in languages:
        if not re.fullmatch(LANGUAGE_PATTERN, code) or not known_language(code):
            raise BuildFailed(
                f"mkdocs.yml: extra.languages: {code!r} is not a language code (use "
                "two-letter codes such as fr, de)"
            )
        if not has_catalogue(code):
            raise BuildFailed(
                f"mkdocs.yml: extra.languages: {code} has no interface translations; run "
                f"`bbkb translations`, then translate generator/locales/{code}.po"
            )


def build(project: Project, builds: list[tuple[Path, Path]]) -> None:
    """Builds each (configuration, output folder), in strict mode, side by side: each
    language's site is a build of its own, and MkDocs uses one core."""
    run_all(
        [
            (
                [
                    sys.executable,
                    "-m",
                    "mkdocs",
                    "build",
                    "--strict",
                    "--quiet",
                    "--config-file",
                    str(config),
                    "--site-dir",
                    str(site_dir),
                ],
                "MkDocs",
            )
            for config, site_dir in builds
        ],
        project.root,
    )


def build_preview(builds: list[tuple[Path, Path]], dirty: bool) -> None:
    """Builds each (configuration, output folder) in this process, as `mkdocs serve` does:
    with `dirty`, only the pages whose Markdown is newer than their HTML are rebuilt. Not
    strict: dirty builds warn about links into pages they did not rebuild."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    # The preview's terminal shows our lines only: MkDocs' progress and its warning that a
    # dirty build is one are not for editors (a failed build still raises).
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    for config_file, site_dir in builds:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=False)
        mkdocs_build(config, dirty=dirty)


class Stopped(RuntimeError):
    """The commands were stopped before they finished (run_all's `stop`)."""


def run(command: list[str], cwd: Path, what: str, stop: threading.Event | None = None) -> None:
    run_all([(command, what)], cwd, stop)


def run_all(
    commands: list[tuple[list[str], str]], cwd: Path, stop: threading.Event | None = None
) -> None:
    """Runs the commands at once; fails with the output of the first that failed. When
    `stop` is set meanwhile, ends them and raises Stopped."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    # Reproducible output: dates MkDocs stamps come from the last commit, not the clock.
    env.setdefault("SOURCE_DATE_EPOCH", str(last_commit_timestamp(cwd) or 315532800))
    if stop is not None and stop.is_set():
        raise Stopped("stopped before it started")
    running = [
        (
            subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            ),
            what,
        )
        for command, what in commands
    ]
    failures = []
    try:
        for process, what in running:
            output = _output_of(process, stop)
            if process.returncode != 0:
                failures.append(f"{what} failed (exit {process.returncode}):\n{output.strip()}")
    finally:
        for process, _ in running:
            if process.poll() is None:  # stopped, or interrupted
                process.kill()
                process.communicate()
    if failures:
        raise BuildFailed(failures[0])


def _output_of(process: subprocess.Popen, stop: threading.Event | None) -> str:
    """The process's output once it ended; raises Stopped as soon as `stop` is set."""
    while True:
        try:
            return process.communicate(timeout=None if stop is None else 0.1)[0]
        except subprocess.TimeoutExpired:  # the output read so far is kept for the next call
            if stop.is_set():
                raise Stopped(f"{process.args[0]} stopped") from None
