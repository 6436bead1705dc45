"""One definition drives the product: a declaration on a field reaches every output."""

from __future__ import annotations

import datetime
import io
import re

import docx
import pytest

from generator import paths, tender_document
from generator.explore import explore_settings
from generator.facets import Facet
from generator.kinds import KINDS
from generator.pipeline import Part, Pipeline
from generator.project import Project
from generator.render import Renderer
from generator.tender_document import Wording
from generator.word_export import word_document

from .conftest import FIXTURE_CONTENT
from .word_reading import facts, paragraphs


@pytest.fixture
def kb():
    return Pipeline(Project.at(FIXTURE_CONTENT.parent)).check().kb


def _page(kb, path: str) -> str:
    return next(p.text for p in Renderer(kb).pages() if p.path == path)


def test_a_facet_declared_on_a_field_reaches_the_pages_and_explore(monkeypatch):
    status = KINDS["community"].field("status")
    monkeypatch.setattr(status, "facet", Facet("status", "status", "Status of the group"))
    kb = Pipeline(Project.at(FIXTURE_CONTENT.parent)).check().kb

    page = _page(kb, "communities/asphalt-group-a.md")
    assert '<span data-pagefind-filter="status">Completed</span>' in page
    settings = explore_settings(kb)["facets"]
    assert {
        "filter": "status",
        "param": "status",
        "heading": "Status of the group",
        "order": [],
    } in settings
    assert [f["filter"] for f in settings][-1] == "status"  # after the declared ones


def test_facets_follow_the_relations_declared_on_the_fields(kb):
    facets = kb.facets(kb.by_id["recycled-asphalt"])  # an outcome, through its community
    group = kb.by_id[kb.by_id["recycled-asphalt"].community]
    assert facets["community"] == [group.title]
    assert facets["wave"] == [kb.ancestor(group, "wave").title]
    assert facets["country"] == kb.facets(group)["country"]
    organisation = kb.facets(kb.by_id["city-of-lyon"])  # a member, from its groups
    assert set(organisation["community"]) == {
        g.title for g in kb.groups_of(kb.by_id["city-of-lyon"])
    }
    assert "theme" not in organisation


def test_a_wording_change_reaches_the_page_and_the_word_file(kb, monkeypatch):
    changed = Wording(
        notice="Check this wording with your procurement lawyer first.", why="Reason:"
    )
    monkeypatch.setattr(tender_document, "WORDING", changed)
    template = kb.by_id["asphalt-template"]

    page = _page(kb, "tender-templates/asphalt-template.md")
    word = docx.Document(io.BytesIO(word_document(tender_document.tender_document(kb, template))))
    text = "\n".join(t for _, t in paragraphs(word))
    for document in (page, text):
        assert "Check this wording with your procurement lawyer first." in document
        assert re.search(r"Reason:\**\s+Producers asked for predictable shares", document)
        assert "Why." not in document


def test_a_ready_made_download_is_one_declaration_on_the_kind(kb, monkeypatch):
    """A template's Word files are the selections its kind declares: one more is one more
    file per template, holding that selection's criteria and saying so."""
    monkeypatch.setitem(KINDS["template"].downloads, "comprehensive", ("comprehensive",))
    template = kb.by_id["asphalt-template"]
    files = Pipeline(Project.at(FIXTURE_CONTENT.parent)).render(kb, Part({template.id}))
    word = docx.Document(io.BytesIO(files[paths.download(template, "comprehensive")]))
    text = "\n".join(t for _, t in paragraphs(word))
    ambitions = {str(c["title"]): c["ambition"] for c in template.criteria}
    assert set(ambitions.values()) == {"core", "comprehensive"}  # the fixture has both
    for title, ambition in ambitions.items():
        assert (title in text) == (ambition == "comprehensive"), title
    assert ("Ambition levels", "Comprehensive") in facts(word)
    assert {paths.download(template, name) for name in ("all", "core")} <= set(files)


def test_a_build_on_several_processes_gives_the_same_files(project, monkeypatch):
    from generator import parallel

    project = Project.at(project)
    kb = Pipeline(project).check().kb
    alone = Pipeline(project, processes=1).render(kb)
    monkeypatch.setattr(parallel, "PER_PROCESS", 1)
    assert Pipeline(project, processes=2).render(kb) == alone


def test_a_check_on_several_processes_reads_what_one_reads(project, monkeypatch):
    """Records read by other processes come back whole: the same records, of the same
    kinds (the very objects), with the same problems at the same places."""
    from generator import parallel
    from generator.loader import load_content

    template = project / "content" / "templates" / "asphalt-template.yml"
    template.write_text(template.read_text().replace("theme: ", "theme: not-a-theme-", 1))
    outcome = project / "content" / "outcomes" / "recycled-asphalt.yml"
    outcome.write_text(outcome.read_text().replace("asphalt-group-a", "no-such-group", 1))
    (project / "content" / "outcomes" / "unreadable.yml").write_text("id: [unreadable\n")
    today = datetime.date(2026, 1, 1)
    alone = load_content(project / "content", project, today, processes=1)
    monkeypatch.setattr(parallel, "PER_PROCESS", 1)  # other processes even for a few files
    shared = load_content(project / "content", project, today, processes=2)
    assert len(alone.records) > 5 and alone.problems.errors
    assert shared.records == alone.records
    for one, other in zip(shared.records, alone.records, strict=True):
        assert one.kind is other.kind
        assert one.data.positions == other.data.positions  # for messages about the record
    assert shared.problems.items == alone.problems.items


def test_a_build_writes_the_files_render_gives(project, monkeypatch):
    """A build writes each file as it is made (on several processes) instead of holding
    the whole site: the docs folders end up with what render() gives, and nothing else."""
    from generator import parallel

    project = Project.at(project)
    pipeline = Pipeline(project, processes=2)
    kb = pipeline.check().kb
    expected = pipeline.render(kb)
    stale = project.build / "docs" / "organisations" / "gone.md"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("a page of a record since removed")
    monkeypatch.setattr(parallel, "PER_PROCESS", 1)
    changed = pipeline.generate(kb)
    written = {}
    for language, folder in pipeline._docs_folders().items():
        for path in folder.rglob("*"):
            if path.is_file():
                relative = path.relative_to(folder).as_posix()
                written[paths.localised(relative, language, pipeline.site.default_language)] = (
                    path.read_bytes()
                )
    assert written == expected
    assert "organisations/gone.md" in changed
    assert pipeline.generate(kb) == []  # nothing changed: nothing written
