"""The bundled knowledge base: clean, sourced, and complete where the facts allow."""

from __future__ import annotations

import pytest

from generator.pipeline import Pipeline
from generator.project import Project

from .conftest import ROOT, run_bbkb


@pytest.fixture(scope="module")
def kb():
    result = Pipeline(Project.at(ROOT)).check()
    assert result.ok, [p.text() for p in result.problems.items]
    return result.kb


def test_bundled_content_checks_clean_in_strict_mode():
    done = run_bbkb(ROOT, "check", "--strict")
    assert done.returncode == 0, done.stdout
    assert done.stdout == ""


def test_every_record_names_its_sources(kb):
    for record in kb.records:
        assert record.sources, record.source
        assert all(url.startswith(("https://", "http://")) for url in record.sources)


@pytest.mark.parametrize("text", ["sources: []\n", ""])
def test_a_record_without_sources_fails_the_check(project, text):
    path = project / "content/organisations/city-of-lyon.yml"
    lines = path.read_text().split("sources:")[0]
    path.write_text(lines + text)
    done = run_bbkb(project, "check")
    assert done.returncode == 1
    assert "city-of-lyon.yml" in done.stdout and "sources:" in done.stdout


def test_the_programme_is_complete(kb):
    waves = kb.of_kind("wave")
    assert [w.number for w in sorted(waves, key=lambda w: w.number)] == [1, 2, 3]
    groups = kb.of_kind("community")
    per_wave = {n: [c for c in groups if kb.ancestor(c, "wave").number == n] for n in (1, 2, 3)}
    assert (len(per_wave[1]), len(per_wave[2])) == (3, 4)
    assert len(per_wave[3]) >= 6
    wave_2_themes = {o.theme for o in kb.of_kind("outcome") if kb.ancestor(o, "wave").number == 2}
    assert {
        "circular-construction",
        "zero-emission-construction",
        "digital-health",
        "heavy-duty-vehicles",
    } <= wave_2_themes


def test_statements_and_templates(kb):
    statements = {s.statement_type: s for s in kb.of_kind("statement")}
    demand = statements["joint-statement-of-demand"]
    assert len(demand.signatories) == 6
    assert {c.get("year") for c in demand.commitments} >= {2025, 2030}
    assert len(statements["joint-declaration-of-intent"].signatories) == 13
    templates = kb.of_kind("template")
    assert len(templates) >= 2
    assert all(len(t.criteria) >= 5 for t in templates)


def test_zero_emission_construction_runs_through_all_three_waves(kb):
    chain = [kb.by_id["zero-emission-construction-sites-cop"]]
    while chain[-1].predecessor:
        chain.append(kb.by_id[chain[-1].predecessor])
    assert [kb.ancestor(c, "wave").number for c in chain] == [3, 2, 1]


def test_every_named_participant_is_an_organisation(kb):
    for record in kb.of_kind("community") + kb.of_kind("statement"):
        for org in kb.participants(record):
            assert org.kind.name == "organisation"
            assert org.country and org.org_type
