"""The Pagefind bundle is rewritten in a fixed order and patched where Pagefind 1.5 fetches
too much."""

from __future__ import annotations

import gzip
import shutil

import pytest

from generator import mkdocs_engine
from generator.pagefind_bundle import (
    SEARCH_SCRIPTS,
    SIGNATURE,
    WORD_INDEX_FETCH,
    WORD_INDEX_FETCH_FIXED,
    UnexpectedBundle,
    encode_cbor,
    finish_bundle,
    read_data_file,
)
from generator.search_index import pagefind_command

from .conftest import ROOT


def test_files_read_and_written_again_are_the_bytes_pagefind_wrote(tmp_path):
    """The bundle is rewritten (stable order) and merged from several runs: writing back
    what was read must give Pagefind's own encoding (shortest forms), or the browser's
    reader could choke on it."""
    site = tmp_path / "site"
    page = site / "page" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<html lang="fr"><body><main data-pagefind-body><h1>Électricité</h1>'
        '<span data-pagefind-filter="pays">Norvège</span>'
        '<span data-pagefind-sort="titre">électricité</span>'
        + " ".join(f"mot{n}" for n in range(300))
    )
    bundle = tmp_path / "bundle"
    mkdocs_engine.run(pagefind_command(site, bundle, "**/*.html"), ROOT, "Pagefind")
    files = [*bundle.glob("*.pf_meta"), *bundle.glob("index/*"), *bundle.glob("filter/*")]
    assert len(files) >= 3
    for path in files:
        content = gzip.decompress(path.read_bytes())[len(SIGNATURE) :]
        assert encode_cbor(read_data_file(path)) == content, path.name


def test_finishing_twice_changes_nothing(built_fixture, tmp_path):
    bundle = shutil.copytree(built_fixture / "site" / "pagefind", tmp_path / "pagefind")
    before = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    finish_bundle(bundle)
    after = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert after == before


def test_filter_files_still_name_their_filter(built_fixture):
    names = {
        read_data_file(p)[0] for p in (built_fixture / "site/pagefind/filter").glob("*.pf_filter")
    }
    assert {"kind", "wave", "country", "CPV"} <= names


def test_searches_without_words_fetch_no_word_index(built_fixture):
    """Pagefind 1.5 would fetch the whole word index to browse by filters alone."""
    for name in SEARCH_SCRIPTS:
        text = (built_fixture / "site/pagefind" / name).read_text()
        assert text.count(WORD_INDEX_FETCH_FIXED) == 1, name
        assert WORD_INDEX_FETCH not in text.replace(WORD_INDEX_FETCH_FIXED, ""), name


def test_a_loader_the_patch_no_longer_fits_stops_the_build(built_fixture, tmp_path):
    bundle = shutil.copytree(built_fixture / "site" / "pagefind", tmp_path / "pagefind")
    script = bundle / SEARCH_SCRIPTS[0]
    text = script.read_text().replace(WORD_INDEX_FETCH_FIXED, "let index_resp=changed(ptr);")
    script.write_text(text)
    with pytest.raises(UnexpectedBundle, match="not there"):
        finish_bundle(bundle)
