"""A language of many pages is indexed by several Pagefind runs and merged
(generator/search_index.py, generator/pagefind_merge.py), so the build holds one part's
words at a time: searches must find exactly what one run over every page would find."""

from __future__ import annotations

import html
import json
import random
import shutil
from pathlib import Path

import pytest

from generator import mkdocs_engine, search_index
from generator.pagefind_bundle import (
    UnexpectedBundle,
    data_file_bytes,
    finish_bundle,
    read_data_file,
)
from generator.pagefind_merge import merge_parts
from generator.search_index import index_site, pagefind_command
from generator.search_parts import PAGE_MEMORY, WORD_MEMORY, PageReading, read_page, split

from .conftest import ROOT
from .search_reading import search_data

LANGUAGES = ["en", "fr"]

WORDS = (  # noqa: SIM905 - a sentence reads more easily than 32 quoted words
    "achat commun énergie électrique véhicule lourd chantier zéro émission santé numérique "
    "asphalte recyclé critère attribution marché public acheteur coût cycle vie hôpital "
    "bâtiment rénovation chaleur réseau données ouvertes déclaration conjointe modèle appel"
).split()


# Made-up names that share their beginnings, as record names do: the word index files
# then begin and end inside runs of like words, where their ranges are hardest to cut.
NAMES = [f"be{a}{b}" for a in ("da", "de", "di", "du") for b in ("ko", "lo", "mo", "to", "zu")]


def _single_run(site: Path, language: str, work: Path) -> Path:
    """The bundle of one Pagefind run over every page of a language."""
    bundle = work / f"single-{language}"
    glob = search_index._glob_of(site, language, LANGUAGES, LANGUAGES[0])
    mkdocs_engine.run(pagefind_command(site, bundle, glob), ROOT, "Pagefind")
    finish_bundle(bundle)
    return bundle


def _write_pages(site: Path, count: int) -> None:
    """French pages with filters, a sort and words with and without diacritics; enough
    of them that the word index fills several files."""
    chance = random.Random(7)
    for number in range(count):
        title = f"{chance.choice(WORDS).capitalize()} & l'{chance.choice(WORDS)} n°{number}"
        text = " ".join(chance.choice(WORDS) for _ in range(chance.randint(50, 400)))
        extra = "".join(f" mot{chance.randint(0, 3000)}" for _ in range(80))
        extra += "".join(f" {chance.choice(NAMES)}" for _ in range(300))
        page = site / "fr" / f"page-{number:04}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f'<html lang="fr"><body><main data-pagefind-body><h1>{html.escape(title)}</h1>'
            f'<span data-pagefind-sort="title">{html.escape(title.lower())}</span>'
            f'<span data-pagefind-filter="theme">{chance.choice(WORDS[:5])}</span>'
            f'<span data-pagefind-filter="theme">{chance.choice(WORDS[5:9])}</span>'
            f'<span data-pagefind-meta="kind">Modèle</span>'
            f"<p>{text}{extra}</p></main></body></html>",
            encoding="utf-8",
        )


@pytest.fixture
def pagefind_runs(monkeypatch) -> list[str]:
    """What each Pagefind run of the test was about ("Pagefind (fr, part 2 of 5)")."""
    runs = []
    run = mkdocs_engine.run

    def counted(command, cwd, what, stop=None):
        runs.append(what)
        run(command, cwd, what, stop)

    monkeypatch.setattr(mkdocs_engine, "run", counted)
    return runs


def test_a_language_indexed_in_parts_answers_as_one_run(tmp_path, pagefind_runs):
    site = tmp_path / "site"
    _write_pages(site, 300)
    (site / "index.html").write_text('<html lang="en"><body><main data-pagefind-body>Home')
    index_site(site, LANGUAGES, "en", ROOT, memory_per_run=20_000_000)
    assert len(pagefind_runs) > 4, pagefind_runs
    one_run = _single_run(site, "fr", tmp_path)

    merged = search_data(site / "pagefind", "fr")
    assert merged == search_data(one_run, "fr")
    assert merged["page_count"] == 300
    assert len(merged["word_ranges"]) > 3, "too few words to fill several index files"
    assert any(variants for _pages, variants in merged["words"].values())


def test_the_fixture_site_indexed_in_parts_answers_as_one_run(
    built_fixture, tmp_path, pagefind_runs
):
    """The pages as the site writes them: sort values with entities, metadata, anchors."""
    site = tmp_path / "site"
    shutil.copytree(built_fixture / "site", site)
    index_site(site, LANGUAGES, "en", ROOT, memory_per_run=300_000)
    assert len(pagefind_runs) > 2 * 3, pagefind_runs
    for language in LANGUAGES:
        merged = search_data(site / "pagefind", language)
        assert merged == search_data(built_fixture / "site" / "pagefind", language)


def test_a_site_whose_pages_fit_is_indexed_by_one_run_per_language(
    built_fixture, tmp_path, pagefind_runs
):
    site = tmp_path / "site"
    shutil.copytree(built_fixture / "site", site)
    index_site(site, LANGUAGES, "en", ROOT)
    assert pagefind_runs == ["Pagefind (en)", "Pagefind (fr)"]


def test_parts_keep_the_pages_in_order_within_the_memory_given():
    readings = [PageReading(memory) for memory in (30, 50, 20, 90, 200, 10, 0, 60)]
    parts = split(readings, budget=100)
    assert parts == [range(0, 3), range(3, 4), range(4, 5), range(5, 8)]
    assert split(readings[:3], budget=100) == [range(0, 3)]
    assert split([], budget=100) == [range(0, 0)]


def test_a_page_is_estimated_from_its_indexed_words_only(tmp_path):
    page = tmp_path / "page.html"
    words = " ".join(["word"] * 100)
    page.write_text(
        f"<nav>{words}</nav><article><div data-pagefind-body><h1>A &amp; B</h1>"
        f'<span data-pagefind-sort="title">a &amp;  b</span><p>{words}</p></div></article>'
        f"<footer>{words}</footer>"
    )
    reading = read_page(page)
    assert reading.sorts == {"title": "a & b"}
    assert 100 * WORD_MEMORY < reading.memory - PAGE_MEMORY < 110 * WORD_MEMORY
    page.write_text(f"<main><p>{words}</p></main>")  # not marked for the index
    assert read_page(page) == PageReading(0)


def _part(tmp_path: Path, name: str, titles: list[str]) -> Path:
    site = tmp_path / f"{name}-site"
    for number, title in enumerate(titles):
        page = site / f"{name}-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<html lang="en"><body><main data-pagefind-body><h1>{title}</h1>')
    bundle = tmp_path / name
    mkdocs_engine.run(pagefind_command(site, bundle, "**/*.html"), ROOT, "Pagefind")
    return bundle


def test_two_pages_that_two_runs_named_alike_both_stay_found(tmp_path):
    """Pagefind names a page's stored record after a short hash and lengthens the name
    when two pages of one run collide; two runs cannot see each other's names."""
    first = _part(tmp_path, "first", ["Recycled asphalt"])
    second = _part(tmp_path, "second", ["Electric trucks"])
    taken = next((first / "fragment").iterdir()).name
    entry = json.loads((second / "pagefind-entry.json").read_text())
    meta_path = second / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    meta = read_data_file(meta_path)
    (second / "fragment" / f"{meta[1][0][0]}.pf_fragment").rename(second / "fragment" / taken)
    meta[1][0][0] = taken.removesuffix(".pf_fragment")
    meta_path.write_bytes(data_file_bytes(meta))

    merge_parts([first, second], [{}, {}], tmp_path / "merged")
    found = search_data(tmp_path / "merged", "en")
    assert sorted(found["pages"]) == ["/first-0/", "/second-0/"]
    assert set(found["words"]["asphalt"][0]) == {"/first-0/"}
    assert set(found["words"]["truck"][0]) == {"/second-0/"}


def test_sort_values_that_do_not_match_the_index_stop_the_merge(tmp_path):
    """The merge orders pages of different runs by the sort values it reads from the
    pages; if it cannot read as many as Pagefind did, the order would be wrong."""
    first = _part(tmp_path, "first", ['<span data-pagefind-sort="title">b</span>'])
    second = _part(tmp_path, "second", ['<span data-pagefind-sort="title">a</span>'])
    with pytest.raises(UnexpectedBundle, match="sort 'title'"):
        merge_parts([first, second], [{"title": ["b"]}, {}], tmp_path / "merged")
