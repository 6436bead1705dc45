"""One language's search index from several Pagefind runs, each over a part of its pages.

Pagefind holds every word of every page it reads until it writes the index: about 170 KB
per record page of this site with Pagefind 1.5 (1.7 GB for one language at 10,000 records).
search_index.py therefore indexes a large language in parts, and this merges the parts into
the index one run would have written: the same words at the same places, the same filters
and sort orders, in files the browser reads as it reads Pagefind's own. The word index is
merged as a stream, one file of each part at a time, so the merge holds little more.

The files, as Pagefind 1.5 writes them (pagefind_bundle.py reads and writes them):
- metadata: [version, pages [[fragment, word count]], word index files [[from, to, hash]],
  filters [[name, hash]], sorts [[name, [page numbers in order]]], metadata field names];
- a word index file: [[[word, pages, variants]]]; pages [[page number, positions, places
  in the metadata]], each page number written as its distance from the previous one, a
  negative number in the positions a change of weight, in the places the rank of a
  metadata field; variants (the word as written with diacritics) [[word, pages]];
- a filter file: [name, [[value, [page numbers]]]].
Page numbers count one language's pages from 0; each part's pages follow the last part's.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from itertools import accumulate, groupby
from operator import itemgetter
from pathlib import Path

from .pagefind_bundle import (
    ENTRY,
    SIGNATURE,
    UnexpectedBundle,
    compressed,
    encode_cbor,
    read_data_file,
)

# Pagefind closes a word index file once it holds this many positions plus one per page.
WORD_FILE_SIZE = 20_000
# Pagefind sorts by number when every value of a sort is one, else by text.
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
DATA_FOLDERS = ("fragment", "index", "filter")


def merge_parts(
    parts: Sequence[Path], sort_values: Sequence[Mapping[str, list[str]]], bundle: Path
) -> None:
    """Merges the bundles of Pagefind runs over parts of one language's pages, in the order
    of `parts`, into `bundle`. `sort_values[i]` holds, by sort name, the values of the
    pages of part i (in any order): Pagefind keeps only their order, which is not enough
    to interleave two parts."""
    entries = [json.loads((part / ENTRY).read_text(encoding="utf-8")) for part in parts]
    language = _one_language(entries)
    metas = [
        _metadata(part, entry["languages"][language]["hash"])
        for part, entry in zip(parts, entries, strict=True)
    ]
    if len({meta[0] for meta in metas}) != 1:
        raise UnexpectedBundle(
            "the parts of the search index come from different Pagefind versions"
        )
    offsets = [0, *accumulate(len(meta[1]) for meta in metas)][:-1]
    fields = sorted(set().union(*(meta[5] for meta in metas)))
    bundle.mkdir(parents=True)
    _copy_shared_files(parts, bundle)
    for folder in DATA_FOLDERS:
        (bundle / folder).mkdir()
    meta = [
        metas[0][0],
        _merge_pages(parts, metas, bundle, language),
        _merge_words(parts, metas, offsets, fields, bundle, language),
        _merge_filters(parts, metas, offsets, bundle, language),
        _merge_sorts(metas, offsets, sort_values),
        fields,
    ]
    meta_name = _write_data(bundle, "pagefind.{}.pf_meta", meta, language, 10)
    entry = entries[0]
    entry["languages"][language] = {
        **entry["languages"][language],
        "hash": meta_name,
        "page_count": len(meta[1]),
    }
    (bundle / ENTRY).write_text(json.dumps(entry), encoding="utf-8")


def _one_language(entries: list[dict]) -> str:
    languages = {tuple(entry["languages"]) for entry in entries}
    if len(languages) != 1 or len(next(iter(languages))) != 1:
        raise UnexpectedBundle(f"parts of one language's search index hold {sorted(languages)}")
    unshared = [{**entry, "languages": None} for entry in entries]
    if any(other != unshared[0] for other in unshared):
        raise UnexpectedBundle(f"{ENTRY} differs between the parts of the search index")
    return languages.pop()[0]


def _metadata(part: Path, name: str) -> list:
    meta = read_data_file(part / f"pagefind.{name}.pf_meta")
    if not (isinstance(meta, list) and len(meta) == 6 and str(meta[0]).startswith("1.5")):
        raise UnexpectedBundle(
            f"{part.name}: not a Pagefind 1.5 metadata file; generator/pagefind_merge.py "
            "reads the files of Pagefind 1.5 only"
        )
    return meta


def _copy_shared_files(parts: Sequence[Path], bundle: Path) -> None:
    """The scripts and the search programs, which every run writes alike."""
    for path in sorted(parts[0].iterdir()):
        if path.is_file() and path.name != ENTRY and path.suffix != ".pf_meta":
            data = path.read_bytes()
            if any((part / path.name).read_bytes() != data for part in parts[1:]):
                raise UnexpectedBundle(f"{path.name}: not the same in every part of the index")
            (bundle / path.name).write_bytes(data)


def _merge_pages(parts: Sequence[Path], metas: list[list], bundle: Path, language: str) -> list:
    """Each page's stored record (moved, not copied), under its own name; a name two parts
    both gave to different pages is lengthened, as Pagefind does within one run."""
    pages = []
    for part, meta in zip(parts, metas, strict=True):
        placed: dict[str, str] = {}  # one run gives identical pages one name and one file
        for name, word_count in meta[1]:
            if name not in placed:
                placed[name] = _place_fragment(
                    part / "fragment", name, bundle / "fragment", language
                )
            pages.append([placed[name], word_count])
    return pages


def _place_fragment(source_folder: Path, name: str, folder: Path, language: str) -> str:
    source = source_folder / f"{name}.pf_fragment"
    target = folder / source.name
    if target.exists():
        if source.read_bytes() == target.read_bytes():
            return name  # the same page in two parts
        name = _free_name(folder, source, name, language)
        target = folder / f"{name}.pf_fragment"
    source.replace(target)
    return name


def _free_name(folder: Path, fragment: Path, name: str, language: str) -> str:
    digest = hashlib.sha1(gzip.decompress(fragment.read_bytes())[len(SIGNATURE) :]).hexdigest()
    for length in range(len(name) - len(language), len(digest) + 1):
        longer = f"{language}_{digest[:length]}"
        if not (folder / f"{longer}.pf_fragment").exists():
            return longer
    raise UnexpectedBundle(f"{fragment.name}: two pages under one name")


def _words_of(part: Path, meta: list, offset: int, fields: list[str]) -> Iterator[tuple]:
    """A part's words in order: (word, offset of the part's page numbers, pages, variants).
    A word's places in a page's metadata (a title) name the field by its rank in the
    metadata's list of fields, which the merged list may change."""
    ranks = {-1 - rank: -1 - fields.index(field) for rank, field in enumerate(meta[5])}
    renumber = any(old != new for old, new in ranks.items())
    for _first, _last, name in meta[2]:
        content = read_data_file(part / "index" / f"{name}.pf_index")
        if not (isinstance(content, list) and len(content) == 1):
            raise UnexpectedBundle(f"{name}.pf_index: not a Pagefind word index")
        for word, pages, variants in content[0]:
            if renumber:
                for page in [*pages, *(page for _v, found in variants for page in found)]:
                    page[2] = [ranks.get(place, place) for place in page[2]]
            yield word, offset, pages, variants


def _merge_words(
    parts: Sequence[Path],
    metas: list[list],
    offsets: list[int],
    fields: list[str],
    bundle: Path,
    language: str,
) -> list:
    """The word index of every part, in word order, cut into files as Pagefind cuts it."""
    streams = [
        _words_of(part, meta, offset, fields)
        for part, meta, offset in zip(parts, metas, offsets, strict=True)
    ]
    files: list[list] = []
    words: list[list] = []
    size = 0
    # heapq.merge is stable: a word's pages come part after part, so in page order.
    for word, same in groupby(heapq.merge(*streams, key=itemgetter(0)), key=itemgetter(0)):
        found = list(same)
        pages = _joined([(offset, pages) for _word, offset, pages, _variants in found])
        variants: dict[str, list] = {}
        for _word, offset, _pages, found_variants in found:
            for variant, variant_pages in found_variants:
                variants.setdefault(variant, []).append((offset, variant_pages))
        variant_pages = [[variant, _joined(lists)] for variant, lists in variants.items()]
        size += _size(pages)  # Pagefind leaves the variants out of a file's size
        words.append([word, pages, variant_pages])
        if size >= WORD_FILE_SIZE:
            files.append(_write_words(bundle, words, language))
            words, size = [], 0
    if words:
        files.append(_write_words(bundle, words, language))
    for before, after in zip(files, files[1:], strict=False):
        before[1], after[0] = _distinct_prefixes(before, after[0])
    return files


def _joined(lists: list[tuple[int, list]]) -> list:
    """One page list from the lists of several parts, in part order, each with the offset
    of its part's page numbers. A list gives each page number as its distance from the one
    before, so only the first page of each list changes: from its part's number to its
    distance from the last page of the lists before."""
    joined: list = []
    last = 0
    for number, (offset, pages) in enumerate(lists, start=1):
        if not pages:
            continue
        local_last = sum(page[0] for page in pages) if number < len(lists) else 0
        pages[0][0] += offset - last
        last = offset + local_last
        joined += pages
    return joined


def _write_words(bundle: Path, words: list[list], language: str) -> list:
    # At zlib's default level: Pagefind's highest took four times as long for 3 % fewer bytes.
    name = _write_data(bundle / "index", "{}.pf_index", [words], language, 7, level=6)
    return [words[0][0], words[-1][0], name]


def _distinct_prefixes(before: list, first: str) -> tuple[str, str]:
    """The range of words of a file ([from, to, name]) and of the next, by which the
    browser picks the files a search term needs: the shortest beginnings of the last word
    of one and the first of the next that tell them apart. As Pagefind 1.5 does, a
    beginning that would sort before its file's own first word is not used."""
    start, last, _name = before
    common = 0
    while common < min(len(last), len(first)) and last[common] == first[common]:
        common += 1
    end = last[: common + 1]
    return (end if end >= start else last), first[: common + 1]


def _merge_filters(
    parts: Sequence[Path], metas: list[list], offsets: list[int], bundle: Path, language: str
) -> list:
    """Each filter's values with the pages of every part. pagefind_bundle.finish_bundle
    puts the filters and their values in a fixed order afterwards, as for one run."""
    values: dict[str, dict[str, list[int]]] = {}
    for part, meta, offset in zip(parts, metas, offsets, strict=True):
        for filter_name, name in meta[3]:
            _name, found = read_data_file(part / "filter" / f"{name}.pf_filter")
            by_value = values.setdefault(filter_name, {})
            for value, pages in found:
                by_value.setdefault(value, []).extend(page + offset for page in pages)
    merged = []
    for name, found in values.items():
        content = [name, [[value, pages] for value, pages in found.items()]]
        merged.append([name, _write_data(bundle / "filter", "{}.pf_filter", content, language, 7)])
    return merged


def _merge_sorts(
    metas: list[list], offsets: list[int], sort_values: Sequence[Mapping[str, list[str]]]
) -> list:
    """Each sort over every part's pages. A part's sort lists its pages in the order of
    their values, so its n-th page has its n-th smallest value."""
    sorts = []
    for sort in sorted({name for meta in metas for name, _pages in meta[4]}):
        valued = []
        for meta, offset, values in zip(metas, offsets, sort_values, strict=True):
            pages = dict(meta[4]).get(sort, [])
            own = values.get(sort, [])
            if len(own) != len(pages):
                raise UnexpectedBundle(
                    f"sort {sort!r}: {len(own)} values read from the pages, {len(pages)} in "
                    "Pagefind's index of them"
                )
            ordered = sorted(own, key=_sort_key(own))
            valued += [(value, page + offset) for value, page in zip(ordered, pages, strict=True)]
        by_value = _sort_key([value for value, _page in valued])
        valued.sort(key=lambda pair: (by_value(pair[0]), pair[1]))
        sorts.append([sort, [page for _value, page in valued]])
    return sorts


def _sort_key(values: list[str]):
    if values and all(NUMBER.fullmatch(value) for value in values):
        return float
    return str


def _size(pages: list) -> int:
    return sum(
        len(positions) + len(title_positions) + 1 for _n, positions, title_positions in pages
    )


def _write_data(
    folder: Path, pattern: str, value, language: str, length: int, level: int = 9
) -> str:
    """Writes a data file named, as Pagefind names them, after the SHA-1 of its content;
    returns the name."""
    content = encode_cbor(value)
    digest = hashlib.sha1(content).hexdigest()
    name = f"{language}_{digest[:length]}"
    while (folder / pattern.format(name)).exists():  # another file with the same beginning
        length += 1
        name = f"{language}_{digest[:length]}"
    (folder / pattern.format(name)).write_bytes(compressed(content, level))
    return name
