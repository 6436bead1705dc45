"""Search: the fixture knowledge base built with its Pagefind index, checked file by file.

What a browser makes of it is in tests/browser/test_search.py.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from generator import mkdocs_engine, paths
from generator.facets import all_facets
from generator.kinds import KINDS
from generator.pagefind_bundle import (
    SIGNATURE,
    UnexpectedBundle,
    finish_bundle,
    merge_bundles,
    read_data_file,
)
from generator.pipeline import Pipeline
from generator.project import Project
from generator.search_index import index_site, pagefind_command
from generator.values import writing_in

from .conftest import ROOT

LANGUAGES = mkdocs_engine.site(Project.at(ROOT)).languages

FACETS = all_facets(KINDS.values())


def _fragments(site: Path) -> dict[str, dict]:
    """Page address -> Pagefind's stored record of it (text, title, filters, metadata)."""
    found = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(SIGNATURE)
        fragment = json.loads(raw[len(SIGNATURE) :])
        found[fragment["url"]] = fragment
    return found


@pytest.fixture(scope="module")
def site(built_fixture) -> Path:
    return built_fixture / "site"


@pytest.fixture(scope="module")
def kb(built_fixture):
    return Pipeline(Project.at(built_fixture)).check().kb


@pytest.fixture(scope="module")
def fragments(site) -> dict[str, dict]:
    return _fragments(site)


def test_material_search_is_off(site, built_fixture):
    assert not list(site.rglob("search_index.json"))
    assert not (site / "search").exists()
    config = (built_fixture / "mkdocs.yml").read_text()
    plugins = re.search(r"^plugins:(.*(?:\n[ -].*)*)", config, re.MULTILINE).group(1)
    assert plugins.strip() == "[]", "Material's search plugin must stay switched off"


def test_bundle_holds_what_the_site_loads_and_nothing_else(site):
    bundle = site / "pagefind"
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert (bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").is_file()
    leftovers = [p.name for p in bundle.iterdir() if "-ui" in p.name or "highlight" in p.name]
    assert leftovers == []


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_index_is_what_one_run_over_the_whole_site_gives(site, built_fixture, tmp_path):
    """Pagefind runs once per language (to hold less in memory); the merged bundle is the
    very one a single run over every page would write."""
    whole = tmp_path / "whole"
    mkdocs_engine.run(pagefind_command(site, whole, "**/*.html"), built_fixture, "Pagefind")
    finish_bundle(whole)
    assert _files(whole) == _files(site / "pagefind")


def test_a_stopped_index_leaves_the_last_one_in_place(site, built_fixture, tmp_path):
    """The preview stops indexing when a save comes: the bundle open pages search stays
    whole, and a command that is running ends."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    before = _files(copy / "pagefind")
    stop = threading.Event()
    stop.set()
    with pytest.raises(mkdocs_engine.Stopped):
        index_site(copy, LANGUAGES, LANGUAGES[0], built_fixture, stop)
    assert _files(copy / "pagefind") == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no work folder left

    stop.clear()
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    with pytest.raises(mkdocs_engine.Stopped):
        sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
        mkdocs_engine.run(sleeper, tmp_path, "a long command", stop)
    assert time.monotonic() - started < 30


def test_runs_that_disagree_are_not_merged(tmp_path):
    """Files both runs write must be the same: a mix of two Pagefind versions would
    give a bundle whose script cannot read one language's index."""
    for name, script in (("en", "one"), ("fr", "other")):
        part = tmp_path / name
        part.mkdir()
        (part / "pagefind.js").write_text(script)
        languages = {name: {"hash": f"{name}_1", "wasm": name, "page_count": 1}}
        (part / "pagefind-entry.json").write_text(
            json.dumps({"version": "1.5.2", "languages": languages})
        )
    with pytest.raises(UnexpectedBundle, match="pagefind.js"):
        merge_bundles([tmp_path / "en", tmp_path / "fr"], tmp_path / "merged")


def test_every_content_page_is_indexed_and_only_those(kb, fragments):
    expected = {"", *(r.url for r in kb.records)}
    expected |= {f"{kind.pages_folder}/" for kind in kb.kinds}
    expected |= {f"{page.name}/" for page in kb.pages}
    expected.add(paths.site_url(paths.data_page()))  # the open data downloads
    every_language = {f"/{paths.localised(url, code)}" for url in expected for code in LANGUAGES}
    assert set(fragments) == every_language


@pytest.mark.parametrize("language", LANGUAGES)
def test_record_filters_are_the_records_facets(kb, fragments, language):
    with writing_in(language):
        for record in kb.records:
            fragment = fragments[f"/{paths.localised(record.url, language)}"]
            facets = {name: sorted(values) for name, values in kb.facets(record).items()}
            assert {k: sorted(v) for k, v in fragment["filters"].items()} == facets, record.id
            assert fragment["meta"]["title"] == record.title
            assert fragment["meta"]["kind"] == str(record.kind.label)


def test_results_show_the_wave_of_a_record(fragments):
    assert fragments["/outcomes/recycled-asphalt/"]["meta"]["wave"] == "Wave 1 · TW1"
    assert fragments["/communities/asphalt-group-b/"]["meta"]["wave"] == "Wave 2 · TW2"


def test_every_facet_has_a_place_on_the_explore_page(kb):
    names = {name for record in kb.records for name in kb.facets(record)}
    assert names <= {facet.name for facet in FACETS}
    assert len({facet.param for facet in FACETS}) == len(FACETS)


def test_indexed_text_is_the_page_content_only(fragments):
    """No navigation, footer, edit button or facet labels: only what the page says."""
    for url, fragment in fragments.items():
        text = fragment["content"]
        for chrome in (
            "Skip to content",
            "Every fact on this site names its public source",
            "Suggest a change",
            "Legal notice and privacy Accessibility",
        ):
            assert chrome not in text, (url, chrome)
    # Facet labels are filters, not words of the page (the page shows the code itself).
    template = fragments["/tender-templates/asphalt-template/"]
    assert "45 Construction work" not in template["content"]
    assert template["filters"]["CPV"] == ["45 Construction work"]


def test_index_pages_are_found_by_their_intro_not_by_every_record(fragments):
    organisations = fragments["/organisations/"]["content"]
    assert "Public buyers and partners" in organisations
    assert "City of Lyon" not in organisations  # a row of the table: it has its own page


def test_pages_mark_their_content_for_the_index(site):
    page = (site / "outcomes/recycled-asphalt/index.html").read_text()
    assert page.index("md-header") < page.index("data-pagefind-body") < page.index("<h1")
    assert "data-pagefind-body" not in (site / "404.html").read_text()
    assert "data-pagefind-body" not in (site / "explore/index.html").read_text()


def test_filter_files_are_written_in_a_stable_order(site):
    for path in (site / "pagefind" / "filter").glob("*.pf_filter"):
        name, values = read_data_file(path)
        assert [v[0] for v in values] == sorted(v[0] for v in values), name


def test_explore_page_follows_home_and_describes_every_facet(built_fixture, site):
    config = yaml.safe_load((built_fixture / "build" / "mkdocs.yml").read_text())
    assert config["nav"][:2] == [{"Home": "index.md"}, {"Explore": "explore.md"}]
    page = (site / "explore/index.html").read_text()
    settings = json.loads(html.unescape(re.search(r'data-bb-explore="([^"]+)"', page).group(1)))
    assert [f["filter"] for f in settings["facets"]] == [f.name for f in FACETS]
    waves = next(f for f in settings["facets"] if f["filter"] == "wave")
    assert waves["order"] == ["First test wave", "Second test wave"]


def test_without_javascript_explore_links_every_index_page(kb, site):
    page = (site / "explore/index.html").read_text()
    fallback = page[page.index("data-bb-explore-fallback") :]
    fallback = fallback[: fallback.index("</div>")]
    for kind in kb.kinds:
        assert f'href="../{kind.pages_folder}/"' in fallback, kind.name


def test_header_search_has_a_label_and_a_link_without_javascript(site):
    page = (site / "outcomes/recycled-asphalt/index.html").read_text()
    assert re.search(r'<input[^>]*class="md-search__input"[^>]*aria-label="[^"]+"', page)
    noscript = re.search(r"<noscript>(.*?)</noscript>", page, re.DOTALL).group(1)
    assert 'href="../../explore/"' in noscript


def test_search_scripts_are_files_of_the_site(site):
    page = (site / "index.html").read_text()
    assert '<script type="module" src="assets/javascripts/bbkb-search.js"></script>' in page
    scripts = site / "assets" / "javascripts"
    for name in ("bbkb-search.js", "bbkb-explore.js", "bbkb-pagefind.js"):
        text = (scripts / name).read_text()
        assert "http://" not in text and "https://" not in text, name
