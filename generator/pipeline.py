"""The whole build, one stage after another: load → check → model → render → write the
changed files → MkDocs → Pagefind → host files → swap into site/.

`bbkb check`, `bbkb build`, `bbkb serve` and the benchmark all run these stages; none
repeats one.
"""

from __future__ import annotations

import contextlib
import datetime
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import mkdocs_engine, paths
from .history import last_changed
from .hosting import write_hosting_files
from .knowledge_base import KnowledgeBase
from .loader import load_content
from .open_data import open_data_files
from .output import swap_folder, sync_folder, write_if_changed
from .problems import ProblemList
from .project import Project
from .render import Renderer
from .schema import all_schema_files
from .search_index import finish_index, pagefind_command
from .tender_document import tender_document
from .word_export import word_document


@dataclass
class CheckResult:
    kb: KnowledgeBase | None  # None when the content has errors
    problems: ProblemList

    @property
    def ok(self) -> bool:
        return self.kb is not None


@dataclass
class Pipeline:
    project: Project
    today: datetime.date | None = None  # for the stale-criteria warning; tests fix it
    report: Callable[[ProblemList], None] = lambda problems: None  # shows what check found
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, for `make bench`

    @contextlib.contextmanager
    def _stage(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started

    def run(self, strict: bool = False) -> CheckResult:
        """Builds site/ from content/; leaves site/ as it was when any stage fails."""
        checked = self.check(strict)
        if checked.ok:
            self.generate(checked.kb)
            self.build_site()
        return checked

    # --- stages ------------------------------------------------------------------
    def check(self, strict: bool = False) -> CheckResult:
        """Load and check every record, then model the knowledge base. With `strict`,
        warnings fail the check too."""
        with self._stage("check"):
            loaded = load_content(self.project.content, self.project.root, self.today)
            self.report(loaded.problems)
            if loaded.problems.errors or (strict and loaded.problems.items):
                return CheckResult(None, loaded.problems)
            return CheckResult(KnowledgeBase(loaded.records, loaded.pages), loaded.problems)

    def render(self, kb: KnowledgeBase) -> dict[str, bytes]:
        """Every generated file, by its path in the docs folder: pages, downloads, schemas,
        open data."""
        changed, site = last_changed(self.project.root), mkdocs_engine.site(self.project)
        renderer = Renderer(kb, changed, site)
        files = {page.path: page.text.encode() for page in renderer.pages()}
        for name, data in all_schema_files().items():
            files[paths.schema_file(name)] = data
        for template in kb.of_kind("template"):
            files[paths.download(template)] = word_document(tender_document(kb, template))
        with self._stage("exports"):
            files.update(open_data_files(kb, site, changed))
        return files

    def generate(self, kb: KnowledgeBase) -> list[str]:
        """Renders and writes only what changed (the preview watches these files);
        returns the docs files written or removed."""
        with self._stage("render"):
            changed = sync_folder(self.project.docs, self.render(kb))
            write_if_changed(self.project.build_config, mkdocs_engine.engine_config(kb))
        return changed

    def build_site(self) -> Path:
        """The engine, the search index and the host files, built beside site/ and then
        swapped in, so a failure never leaves a half-written site."""
        project = self.project
        project.site.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
        try:
            with self._stage("mkdocs"):
                mkdocs_engine.build(project, staging)
            with self._stage("pagefind"):
                mkdocs_engine.run(pagefind_command(staging), project.root, "Pagefind")
                finish_index(staging)
            with self._stage("hosting"):
                write_hosting_files(staging)  # last: its rules hash what the stages above wrote
            swap_folder(staging, project.site)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return project.site
