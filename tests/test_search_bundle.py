"""The Pagefind bundle is rewritten in a fixed order: its small CBOR codec must be exact."""

from __future__ import annotations

import shutil

import pytest

from generator.pagefind_bundle import (
    SEARCH_SCRIPTS,
    WORD_INDEX_FETCH,
    WORD_INDEX_FETCH_FIXED,
    UnexpectedBundle,
    _decode,
    _encode,
    _read,
    finish_bundle,
)


@pytest.mark.parametrize(
    "value",
    [
        0,
        23,
        24,
        255,
        256,
        65_535,
        65_536,
        2**32,
        -1,
        -25,
        -145,
        "",
        "Norway",
        "Wave 2 · BBCE",
        "x" * 300,
        b"\x00\x01",
        [],
        [1, [2, [3, "a"]]],
        {"k": [1, 2]},
        ["1.5.2", [["en_1", 3]]],
    ],
)
def test_cbor_round_trip(value):
    data = _encode(value)
    assert _decode(data, 0) == (value, len(data))


def test_cbor_uses_the_shortest_form():
    assert _encode(23) == b"\x17"
    assert _encode(24) == b"\x18\x18"
    assert _encode(-1) == b"\x20"
    assert _encode("a") == b"\x61a"


def test_finishing_twice_changes_nothing(built_fixture, tmp_path):
    bundle = shutil.copytree(built_fixture / "site" / "pagefind", tmp_path / "pagefind")
    before = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    finish_bundle(bundle)
    after = {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert after == before


def test_filter_files_still_name_their_filter(built_fixture):
    names = {_read(p)[0] for p in (built_fixture / "site/pagefind/filter").glob("*.pf_filter")}
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
