"""Content in, Markdown pages and MkDocs config out: the generator's whole job."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import yaml

from .history import last_changed
from .kinds import KINDS
from .knowledge_base import KnowledgeBase
from .loader import LoadResult, Page, load_content
from .output import sync_folder
from .problems import ProblemList
from .project import Project
from .render import Renderer, index_path
from .schema import all_schema_files
from .search import EXPLORE_PAGE
from .word_export import download_path, template_document


@dataclass
class CheckResult:
    kb: KnowledgeBase | None
    problems: ProblemList

    @property
    def ok(self) -> bool:
        return self.kb is not None


def check(project: Project, today: datetime.date | None = None) -> CheckResult:
    loaded: LoadResult = load_content(project.content, project.root, today)
    if loaded.problems.errors:
        return CheckResult(None, loaded.problems)
    return CheckResult(KnowledgeBase(loaded.records, loaded.pages), loaded.problems)


def generate(project: Project, kb: KnowledgeBase) -> list[str]:
    """Writes build/docs and build/mkdocs.yml; returns the docs files that changed."""
    changed_on = last_changed(project.root)
    files = {page.path: page.text.encode() for page in Renderer(kb, changed_on).pages()}
    for name, data in all_schema_files().items():
        files[f"schemas/{name}"] = data
    for template in kb.of_kind("template"):
        files[download_path(template)] = template_document(kb, template)
    changed = sync_folder(project.docs, files)
    config = _build_config(kb).encode()
    if not project.build_config.is_file() or project.build_config.read_bytes() != config:
        project.build_config.write_bytes(config)
    return changed


def _build_config(kb: KnowledgeBase) -> str:
    """Inherits the project's mkdocs.yml and adds the generated navigation.

    The navigation lists kinds and free pages, never each record: Material renders the
    whole navigation into every page, so a per-record navigation makes builds quadratic.
    """
    nav: list = [{"Home": "index.md"}, {"Explore": EXPLORE_PAGE}]
    nav += [{kind.nav_title: index_path(kind)} for kind in KINDS.values()]
    nav += [{_page_title(page): f"{page.name}.md"} for page in kb.pages if _in_nav(page)]
    config = {
        "INHERIT": "../mkdocs.yml",
        "docs_dir": "docs",
        "theme": {"custom_dir": "../theme"},
        "nav": nav,
    }
    header = "# Written by `bbkb`; edit ../mkdocs.yml instead.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _front_matter(page: Page) -> dict:
    if page.text.startswith("---\n"):
        end = page.text.find("\n---", 4)
        if end > 0:
            try:
                data = yaml.safe_load(page.text[4:end])
                return data if isinstance(data, dict) else {}
            except yaml.YAMLError:
                return {}
    return {}


def _page_title(page: Page) -> str:
    title = _front_matter(page).get("title")
    if title:
        return str(title)
    for line in page.text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page.name.replace("-", " ").capitalize()


def _in_nav(page: Page) -> bool:
    return _front_matter(page).get("nav", True) is not False
