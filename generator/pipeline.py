"""The whole build, one stage after another: load → check → model → render → write the
changed files → MkDocs → Pagefind → host files → swap into site/.

`bbkb check`, `bbkb build`, `bbkb serve` and the benchmark all run these stages; none
repeats one.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import build_state, maps, mkdocs_engine, paths
from .cms import admin_files
from .field_guide import field_guide_files
from .history import last_changed
from .hosting import write_hosting_files
from .knowledge_base import KnowledgeBase
from .loader import load_content
from .model import Record
from .open_data import open_data_files
from .output import (
    remove_others,
    swap_folder,
    sync_folder,
    write_files,
    write_if_changed,
    write_into,
)
from .parallel import parallel_map
from .problems import ProblemList
from .project import Project
from .render import Renderer, document_of
from .schema import all_schema_files
from .search_index import index_site
from .translation_coverage import translation_coverage
from .values import writing_in
from .word_export import word_document

# A record's files in every language (a template's with its Word files) cost about four
# times a page: fewer of them make starting another process worth it (parallel.py).
RECORD_WEIGHT = 4


def _word_file(kb: KnowledgeBase, record: Record, download: str) -> bytes:
    return word_document(document_of(kb, record, record.kind.downloads[download]))


def _cpu_seconds() -> tuple[float, float]:
    """User and system CPU seconds of this process and of the child processes it waited for
    (render workers, MkDocs, Pagefind)."""
    times = os.times()
    return times.user + times.children_user, times.system + times.children_system


@dataclass
class CheckResult:
    kb: KnowledgeBase | None  # None when the check failed or was not needed
    problems: ProblemList
    ok: bool = True


@dataclass(frozen=True)
class Part:
    """What of the site a generation makes: the files of these records (None: every file),
    in these languages (None: every one), with or without the files that are not a
    record's (home, indexes, free pages)."""

    records: set[str] | None = None
    languages: list[str] | None = None
    site_files: bool = True


WHOLE = Part()


@contextlib.contextmanager
def _collector_ignoring_what_exists():
    """Python's garbage collector leaves the objects that exist now (the knowledge base,
    the templates) alone until the end: at 10,000 records, walking them again and again
    took a tenth of the render; and the workers forked meanwhile do not copy the memory
    such walks would write to."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def _no_collection_while_reading():
    """No garbage collection while the records are read: what is read is kept, so the
    collector's walks over the growing heap found little and took a quarter of the check
    (at 10,000 records, a few megabytes more at the peak)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Pipeline:
    project: Project
    today: datetime.date | None = None  # for the stale-criteria warning; tests fix it
    report: Callable[[ProblemList], None] = lambda problems: None  # shows what check found
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, for `make bench`
    # (user, system) CPU seconds per stage, of this process and the processes it waited for:
    # for `make bench`, which shows how much of a stage the kernel spent (creating files).
    cpu_times: dict[str, tuple[float, float]] = field(default_factory=dict)
    read_cache: dict | None = None  # the preview's: re-read only the files that changed
    # Record pages render on every core in a build; the preview, which runs threads, keeps
    # to one process (forking a threaded process is not safe).
    processes: int = field(default_factory=lambda: os.cpu_count() or 1)
    # The preview's: the last generation's files are kept, so that the next renders only
    # the records that changed. A build writes each file as it is made and keeps none.
    keep_files: bool = False
    _files: dict[str, bytes] = field(default_factory=dict)  # the last generation's files
    _made_once: dict[str, dict[str, bytes]] = field(default_factory=dict)  # _settings_files

    @contextlib.contextmanager
    def _stage(self, name: str):
        started, cpu = time.perf_counter(), _cpu_seconds()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started
            user, system = self.cpu_times.get(name, (0.0, 0.0))
            now = _cpu_seconds()
            self.cpu_times[name] = (user + now[0] - cpu[0], system + now[1] - cpu[1])

    @functools.cached_property
    def site(self):
        """The site's address, name and language, read once from mkdocs.yml (and SITE_URL)."""
        return mkdocs_engine.site(self.project)

    @functools.cached_property
    def history(self) -> dict[str, datetime.date]:
        """Date of the last commit that changed each content file (for `lastmod`)."""
        return last_changed(self.project.root)

    def run(self, strict: bool = False) -> CheckResult:
        """Builds site/ from content/; leaves site/ as it was when any stage fails."""
        with self._stage("fingerprint"):  # all that check and render cost when nothing changed
            fingerprint = build_state.inputs_fingerprint(
                self.project,
                self.today or datetime.date.today(),
                self.history,
                self.site,
            )
        unchanged = build_state.unchanged_problems(self.project, fingerprint)
        if unchanged is not None:  # the pages in build/docs are what rendering would give
            self.report(unchanged)
            checked = CheckResult(None, unchanged, not self._fails(unchanged, strict))
        else:
            checked = self.check(strict)
            if checked.ok:
                self.generate(checked.kb)
                build_state.remember(self.project, fingerprint, checked.problems)
        if checked.ok:
            self.build_site()
        return checked

    @staticmethod
    def _fails(problems: ProblemList, strict: bool) -> bool:
        return bool(problems.errors or (strict and problems.items))

    def engine_builds(self, staging: Path) -> list[tuple[Path, Path]]:
        """(configuration, output folder) of each language's site: the first at the root of
        `staging`, the others below their code."""
        site = self.site
        return [
            (
                self.project.build / paths.localised("mkdocs.yml", language, site.default_language),
                staging / paths.localised("", language, site.default_language),
            )
            for language in site.languages
        ]

    def _build_languages(self, staging: Path) -> None:
        """Every language's MkDocs build at once, each into a folder of its own (MkDocs
        empties its output folder first, which would delete another language's pages built
        inside it), then moved into place."""
        builds = self.engine_builds(staging)
        apart = [
            (
                config,
                folder
                if folder == staging
                else Path(tempfile.mkdtemp(prefix=".site-", dir=staging.parent)),
            )
            for config, folder in builds
        ]
        try:
            mkdocs_engine.build(self.project, apart)
            for (_, folder), (_, built) in zip(builds, apart, strict=True):
                if built != folder:
                    built.rename(folder)
        finally:
            for (_, folder), (_, built) in zip(builds, apart, strict=True):
                if built != folder:
                    shutil.rmtree(built, ignore_errors=True)

    # --- stages ------------------------------------------------------------------
    def check(self, strict: bool = False) -> CheckResult:
        """Load and check every record, then model the knowledge base. With `strict`,
        warnings fail the check too."""
        with self._stage("check"), _no_collection_while_reading():
            loaded = load_content(
                self.project.content,
                self.project.root,
                self.today,
                self.read_cache,
                self.processes,
            )
            loaded.problems.translations = translation_coverage(loaded.records, self.site.languages)
            self.report(loaded.problems)
            if self._fails(loaded.problems, strict):
                return CheckResult(None, loaded.problems, ok=False)
            return CheckResult(KnowledgeBase(loaded.records, loaded.pages), loaded.problems)

    def render(
        self, kb: KnowledgeBase, part: Part = WHOLE, between: Callable[[], None] = lambda: None
    ) -> dict[str, bytes]:
        """Every generated file of `part` of the site (all of it by default), by its path in
        the whole site (a language other than the first below its code): pages, downloads,
        schemas, open data. A part naming records leaves out the files of other records and
        the open data (rebuilt with the next full generation). `between` runs between two
        records (parallel_map)."""
        default = self.site.default_language
        files: dict[str, bytes] = {}
        only = part.records
        renderers = self._renderers(kb, part.languages)
        made = self._site_files(kb, renderers, only) if part.site_files else ()
        for language, path, data in made:
            files[paths.localised(path, language, default)] = data
        work = partial(self._record_files, kb, renderers)
        chosen = self._chosen(kb, only)
        made = parallel_map(work, chosen, self.processes, RECORD_WEIGHT, between=between)
        for record_files in made:
            for language, path, data in record_files:
                files[paths.localised(path, language, default)] = data
        return files

    def _renderers(self, kb: KnowledgeBase, languages=None) -> dict[str, Renderer]:
        site = self.site
        return {
            language: Renderer(kb, self.history, site.in_language(language))
            for language in site.languages
            if languages is None or language in languages
        }

    @staticmethod
    def _chosen(kb: KnowledgeBase, only: set[str] | None) -> list[Record]:
        """The records whose files to make. A record's files in every language come from one
        worker: what the languages share (its Markdown read into blocks, its tender
        document) is made once. Records with downloads first: they cost the most (their
        Word files), so no worker ends last with a long share of them."""
        chosen = [r for r in kb.records if only is None or r.id in only]
        chosen.sort(key=lambda r: not r.kind.downloads)
        return chosen

    def _site_files(self, kb: KnowledgeBase, renderers: dict[str, Renderer], only):
        """(language, path in its site, data) of every file that is not a record's."""
        shared_json: dict[str, str] = {}  # the records' JSON, made once for every language
        for language, renderer in renderers.items():
            for path, data in self._settings_files(language).items():
                yield language, path, data
            with writing_in(language):
                for path, data in self._language_files(kb, renderer, only, shared_json):
                    yield language, path, data

    def _settings_files(self, language: str) -> dict[str, bytes]:
        """The files of a language's site that follow the code and the site's settings, not
        the records: made once per pipeline, so the preview, which keeps its pipeline, does
        not make them again after each save (the editing app's configuration alone took
        longer than the page that changed)."""
        if language in self._made_once:
            return self._made_once[language]
        default = self.site.default_language
        files = {}
        if language == default:
            for name, data in all_schema_files().items():  # for editors, who write in English
                files[paths.schema_file(name)] = data
            # For editors, in English like the schemas: the editing app.
            files.update(admin_files(self.site))
        lastmod = max(self.history.values(), default=None)
        with writing_in(language):
            # The field guide is in English, the language records are written in first;
            # every language's site has it, with that language's menus.
            files.update(field_guide_files(lastmod, language, default))
        self._made_once[language] = files
        return files

    def _language_files(
        self,
        kb: KnowledgeBase,
        renderer: Renderer,
        only: set[str] | None,
        shared_json: dict[str, str],
    ):
        """The files of one language's site that are not a record's, by their path in it."""
        home_and_indexes, free = renderer.site_pages()
        for page in home_and_indexes + free:
            yield page.path, page.text.encode()
        yield paths.MAP_SHAPES_FILE, maps.sprite()
        if only is None:
            with self._stage("exports"):
                site = renderer.site
                yield from open_data_files(
                    kb, site, self.history, site.language, shared_json
                ).items()

    def _record_files(
        self, kb: KnowledgeBase, renderers: dict[str, Renderer], record: Record
    ) -> list[tuple[str, str, bytes]]:
        """(language, path in its site, data) of a record's page and downloads in every
        language."""
        files = []
        for language, renderer in renderers.items():
            with writing_in(language):
                page = renderer.record_page(record)
                files.append((language, page.path, page.text.encode()))
                files += [
                    (language, paths.download(record, name), _word_file(kb, record, name))
                    for name in record.kind.downloads
                ]
        return files

    def _docs_folders(self) -> dict[str, Path]:
        site = self.site
        return {
            language: self.project.build
            / paths.localised("", language, site.default_language)
            / "docs"
            for language in site.languages
        }

    def generate(
        self, kb: KnowledgeBase, part: Part = WHOLE, between: Callable[[], None] = lambda: None
    ) -> list[str]:
        """Renders and writes only what changed (the preview watches these files); returns
        the docs files written or removed. For a part naming records (the same records as
        the last generation), the other files are kept, and only the part's languages are
        written (the preview shows the first language before it makes the others).
        `between` runs between two records; when it raises, nothing has been written."""
        with self._stage("render"), _collector_ignoring_what_exists():
            build_state.forget(self.project)  # until the docs folder is complete again
            folders = self._docs_folders()
            if part.records is None and not self.keep_files:
                changed = self._write_all(kb, folders)
            else:
                if part.languages is not None:
                    folders = {k: v for k, v in folders.items() if k in part.languages}
                files = self.render(kb, part, between)
                previous = self._files
                changed = []
                if part.records is None:
                    by_language = self._by_language(files)
                    for language, folder in folders.items():
                        changed += sync_folder(folder, by_language[language])
                else:
                    # The folders hold the last generation: only what differs from it is
                    # written (comparing every file on disk took seconds at 10,000 records).
                    differs = {p: data for p, data in files.items() if previous.get(p) != data}
                    files = {**previous, **files}
                    by_language = self._by_language(differs)
                    for language, folder in folders.items():
                        changed += write_files(folder, by_language[language])
                self._files = files
            site = self.site
            for language, folder in folders.items():
                with writing_in(language):
                    config = mkdocs_engine.engine_config(kb, site.in_language(language))
                write_if_changed(folder.parent / "mkdocs.yml", config)
        return changed

    def _write_all(self, kb: KnowledgeBase, folders: dict[str, Path]) -> list[str]:
        """Every file written into its language's docs folder as soon as it is made, the
        record files by the workers that make them, so that no process holds the whole site
        (at 10,000 records, a gigabyte); then the files no longer made are removed."""
        for folder in folders.values():
            folder.mkdir(parents=True, exist_ok=True)
        folders = {language: folder.resolve() for language, folder in folders.items()}
        made: dict[str, set[str]] = {language: set() for language in folders}
        changed: list[str] = []
        renderers = self._renderers(kb)

        def write_site_files() -> None:
            for language, path, data in self._site_files(kb, renderers, None):
                made[language].add(path)
                if write_into(folders[language], path, data):
                    changed.append(path)

        def write(record: Record) -> list[tuple[str, str, bool]]:
            return [
                (language, path, write_into(folders[language], path, data))
                for language, path, data in self._record_files(kb, renderers, record)
            ]

        # The workers make the records' files while this process makes the rest.
        chosen = self._chosen(kb, None)
        written_by_record = parallel_map(
            write, chosen, self.processes, RECORD_WEIGHT, meanwhile=write_site_files
        )
        for written in written_by_record:
            for language, path, wrote in written:
                made[language].add(path)
                if wrote:
                    changed.append(path)
        for language, folder in folders.items():
            changed += remove_others(folder, made[language])
        return changed

    def _by_language(self, files: dict[str, bytes]) -> dict[str, dict[str, bytes]]:
        """The files of the whole site split into the docs folder of each language."""
        site = self.site
        others = set(site.languages) - {site.default_language}
        split: dict[str, dict[str, bytes]] = {language: {} for language in site.languages}
        for path, data in files.items():
            first, _, rest = path.partition("/")
            if first in others and rest:
                split[first][rest] = data
            else:
                split[site.default_language][path] = data
        return split

    def build_site(self) -> Path:
        """The engine, the search index and the host files, built beside site/ and then
        swapped in, so a failure never leaves a half-written site."""
        project = self.project
        project.site.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
        try:
            with self._stage("mkdocs"):
                self._build_languages(staging)
            with self._stage("pagefind"):
                site = self.site
                index_site(staging, site.languages, site.default_language, project.root)
            with self._stage("hosting"):
                write_hosting_files(staging)  # last: its rules hash what the stages above wrote
            swap_folder(staging, project.site)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return project.site
