"""Finishes Pagefind's search bundle: the same pages give the same bytes, browsing by filters
alone downloads no word index, and only the files the site uses are kept.

Pagefind 1.x writes the values inside each filter file, and the list of filters in its
metadata file, in the order of a Rust hash map, which changes from run to run (Pagefind issue
638: fixed for the page fragments, not for these). This rewrites those files in a fixed
order and names them after their new content, as Pagefind does, so that two builds of one
commit stay identical. The files are gzip-compressed CBOR behind a "pagefind_dcd" signature.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"  # the languages and the metadata file of each
# Pagefind's ready-made interfaces and the index for pages without a language: unused here.
UNUSED = (
    "pagefind-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-component-ui.*",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)


# Pagefind 1.5 fetches every chunk of the word index for a search without words (filters
# only), although such a search does not read them: at ten thousand records that would be
# megabytes for opening the Explore page. Pagefind fixed it after 1.5.2 (pull request 1317);
# this applies the same change to the two files that run searches, where the code is as in
# 1.5 (a later version without this line needs nothing).
WORD_INDEX_FETCH = "let index_resp=this.backend.request_indexes(ptr,term);"
WORD_INDEX_FETCH_FIXED = 'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);'
SEARCH_SCRIPTS = ("pagefind.js", "pagefind-worker.js")


class UnexpectedBundle(RuntimeError):
    pass


def finish_bundle(bundle: Path) -> None:
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()
    for name in SEARCH_SCRIPTS:
        _patch_word_index_fetch(bundle / name)
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        language["hash"] = _stable_language(bundle, language["hash"])
    # Pagefind lists the languages in the order its threads finished them.
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def merge_bundles(parts: list[Path], bundle: Path) -> None:
    """One bundle from the bundles of Pagefind runs over different pages (one per
    language): every file of each, and one entry file listing every language. A file two
    runs both write (the scripts, the index for pages without a language) must be the same
    in both, and so must the rest of their entry files."""
    if not parts:
        raise UnexpectedBundle("no Pagefind run to merge")
    bundle.mkdir(parents=True)
    entries = [json.loads((part / ENTRY).read_text(encoding="utf-8")) for part in parts]
    merged = {**entries[0], "languages": {}}  # Pagefind's order of keys
    for part, entry in zip(parts, entries, strict=True):
        if {**entry, "languages": {}} != merged | {"languages": {}}:
            raise UnexpectedBundle(f"{part.name}: {ENTRY} differs from the other runs'")
        merged["languages"].update(entry["languages"])
        for path in sorted(part.rglob("*")):
            name = path.relative_to(part)
            target = bundle / name
            if path.is_dir() or name == Path(ENTRY):
                continue
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                path.rename(target)
            elif target.read_bytes() != path.read_bytes():
                raise UnexpectedBundle(f"{name}: not the same in every Pagefind run")
    (bundle / ENTRY).write_text(json.dumps(merged), encoding="utf-8")


def _patch_word_index_fetch(script: Path) -> None:
    """Applies the filter-only fix once; fails loudly when the line to fix has changed, so a
    Pagefind update cannot silently bring back megabytes of downloads."""
    text = script.read_text(encoding="utf-8")
    if WORD_INDEX_FETCH_FIXED in text:
        return
    if text.count(WORD_INDEX_FETCH) != 1:
        raise UnexpectedBundle(
            f"{script.name}: the line generator/pagefind_bundle.py fixes is not there; check "
            "whether this Pagefind version still fetches the word index for searches by "
            "filters alone (Pagefind pull request 1317) and update WORD_INDEX_FETCH"
        )
    script.write_text(text.replace(WORD_INDEX_FETCH, WORD_INDEX_FETCH_FIXED), encoding="utf-8")


def _stable_language(bundle: Path, meta_hash: str) -> str:
    """Rewrites one language's filter files and metadata; returns the new metadata hash."""
    prefix = meta_hash.split("_", 1)[0] + "_"
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = read_data_file(meta_path)
    if not (isinstance(meta, list) and len(meta) > 3 and str(meta[0]).startswith("1.")):
        raise UnexpectedBundle(f"{meta_path.name}: not a Pagefind 1.x metadata file")
    filters = []
    for name, filter_hash in meta[3]:
        old = bundle / "filter" / f"{filter_hash}.pf_filter"
        filter_name, values = read_data_file(old)
        data = data_file_bytes([filter_name, sorted(values, key=lambda v: v[0])])
        new_hash = prefix + hashlib.sha256(data).hexdigest()[:7]
        old.unlink()
        (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
        filters.append([name, new_hash])
    meta[3] = sorted(filters)
    data = data_file_bytes(meta)
    new_meta_hash = prefix + hashlib.sha256(data).hexdigest()[:10]
    meta_path.unlink()
    (bundle / f"pagefind.{new_meta_hash}.pf_meta").write_bytes(data)
    return new_meta_hash


def read_data_file(path: Path):
    """The value a Pagefind data file (metadata, word index, filter) holds."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise UnexpectedBundle(f"{path.name}: no Pagefind signature")
    try:
        return cbor2.loads(raw[len(SIGNATURE) :])
    except cbor2.CBORDecodeError as error:
        raise UnexpectedBundle(f"{path.name}: {error}") from error


def encode_cbor(value) -> bytes:
    """CBOR of the values Pagefind files hold (lists, text, integers), each in its
    shortest form, as Pagefind writes them."""
    return cbor2.dumps(value)


def data_file_bytes(value) -> bytes:
    """A Pagefind data file holding `value`."""
    return compressed(encode_cbor(value))


def compressed(content: bytes, level: int = 9) -> bytes:
    """A Pagefind data file holding `content` (CBOR), compressed (as Pagefind does, at the
    highest level unless told)."""
    # mtime=0: gzip would otherwise stamp the build time into every file.
    return gzip.compress(SIGNATURE + content, compresslevel=level, mtime=0)
