"""Reads a Pagefind bundle the way search uses it, keyed by page address instead of page
number: two bundles that answer every search alike read the same, whatever the order in
which their runs numbered the pages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.pagefind_bundle import SIGNATURE, read_data_file


def fragment(path: Path) -> dict:
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(SIGNATURE)
    return json.loads(raw[len(SIGNATURE) :])


def search_data(bundle: Path, language: str) -> dict:
    """What one language's index tells a search: each page's words and stored record,
    each word's pages and places (variants too), each filter's pages, each sort's order,
    and the word ranges by which the browser picks the files a term needs."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read_data_file(bundle / f"pagefind.{entry['languages'][language]['hash']}.pf_meta")
    records = [fragment(bundle / "fragment" / f"{name}.pf_fragment") for name, _n in meta[1]]
    addresses = [record["url"] for record in records]

    def by_address(pages: list) -> dict:
        found, number = {}, 0
        for distance, positions, title_positions in pages:
            number += distance
            found[addresses[number]] = (positions, title_positions)
        return found

    words = {}
    for _first, _last, name in meta[2]:
        for word, pages, variants in read_data_file(bundle / "index" / f"{name}.pf_index")[0]:
            words[word] = (by_address(pages), {v: by_address(p) for v, p in variants})
    filters = {}
    for filter_name, name in meta[3]:
        _name, values = read_data_file(bundle / "filter" / f"{name}.pf_filter")
        filters[filter_name] = {v: sorted(addresses[p] for p in pages) for v, pages in values}
    return {
        "version": meta[0],
        "page_count": entry["languages"][language]["page_count"],
        "pages": {
            address: (word_count, record)
            for address, (_name, word_count), record in zip(
                addresses, meta[1], records, strict=True
            )
        },
        "words": words,
        "filters": filters,
        "sorts": {name: [addresses[p] for p in pages] for name, pages in meta[4]},
        "word_ranges": [(first, last) for first, last, _name in meta[2]],
        "metadata_fields": meta[5],
    }
