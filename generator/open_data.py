"""The open data of the site, assembled: the JSON and CSV downloads (exports.py), the Atom
feeds (feeds.py), the DCAT-AP catalogue (linked_data.py), and the Data page that lists them
with their size, licence and content.

Every output takes the language it is written in; the site has one today (English), and a
file in another language lives below its code (paths.localised).
"""

from __future__ import annotations

import datetime
import json
import posixpath

from . import licences, paths
from .data_files import ALL, DataFile, Site, size_text
from .exports import SCHEMA_NAME, SCHEMA_VERSION, export_files
from .feeds import MAX_ENTRIES, feed_files
from .i18n import LazyText, interface_table
from .knowledge_base import KnowledgeBase
from .linked_data import catalogue_file
from .markdown_safety import plain_text

STRINGS = {
    "title": LazyText("Open data"),
    "description": LazyText(
        "Download the knowledge base as JSON and CSV, follow it with Atom feeds, and "
        "reuse it under an open licence."
    ),
    "intro": LazyText(
        "Everything on this site is also available as structured data, built from the "
        "same records as the pages at every update. Use it in your own tools, "
        "spreadsheets and research."
    ),
    "licences": LazyText("Licences"),
    "content_licence": LazyText(
        "**Content**: the records, pages and downloads are published under the "
        "[{name}]({url}). You may copy, adapt and share them, also commercially, if you "
        "credit the *{site}* and link to it. The documents the records link to belong to "
        "their publishers and keep their own terms."
    ),
    "code_licence": LazyText(
        "**Code**: the software that builds this site is published under the [{name}]({url})."
    ),
    "all": LazyText("Every record"),
    "file": LazyText("File"),
    "holds": LazyText("What it holds"),
    "format": LazyText("Format"),
    "size": LazyText("Size"),
    "licence": LazyText("Licence"),
    "formats": LazyText("About the formats"),
    "json": LazyText(
        "**JSON**: each file follows the [JSON Schema]({schema}) of the exports "
        "(`schema_version` {version}; the version changes when the format does). Records "
        "keep their ids; a relation gives the other record's id, kind and page address; "
        "text is given in every language it is written in; each record lists its sources "
        "and caveats."
    ),
    "csv": LazyText(
        "**CSV**: comma-separated, UTF-8 with a byte-order mark (so that spreadsheet "
        "programs such as Excel show accents right), one header row, one row per item. A "
        "cell with several values holds one per line. Where Excel expects semicolons (as "
        "in many European settings), open the file with Data > From Text/CSV."
    ),
    "atom": LazyText(
        "**Atom feeds**: the {count} most recently changed records, newest first, dated "
        "by the last change to the record. Add a feed's address to your feed reader."
    ),
    "dcat": LazyText(
        "**Catalogue**: the [DCAT-AP catalogue]({catalogue}) describes these datasets "
        "and files for open data portals such as data.europa.eu."
    ),
    "feeds_and_catalogue": LazyText("Schema and catalogue"),
}
FORMAT_NAMES = {
    "application/json": "JSON",
    "text/csv": "CSV",
    "application/atom+xml": "Atom",
    "application/ld+json": "JSON-LD",
    "application/schema+json": "JSON Schema",
}


def strings(language: str) -> dict:
    """The strings above in `language` (the catalogue translates them)."""
    return interface_table(STRINGS, language)


def data_page(
    kb: KnowledgeBase,
    files: list[DataFile],
    site: Site,
    lastmod: datetime.date | None,
    language: str = paths.DEFAULT_LANGUAGE,
) -> str:
    """The Data page (Markdown): every file with what it holds, its format, size and licence,
    grouped by dataset."""
    text = strings(language)
    here = posixpath.dirname(paths.data_page())

    def href(path: str) -> str:
        return posixpath.relpath(path, here)

    licence_link = f"[{licences.CONTENT.short}]({licences.CONTENT.url})"

    def table(rows: list[DataFile]) -> list[str]:
        lines = [
            f"| {text['file']} | {text['holds']} | {text['format']} | {text['size']} "
            f"| {text['licence']} |",
            # No column alignment: Markdown writes it as a style attribute, which the
            # Content-Security-Policy refuses.
            "|---|---|---|---|---|",
        ]
        for f in rows:
            name = plain_text(posixpath.basename(f.path))
            lines.append(
                f"| [{name}]({href(f.path)}) | {plain_text(f.description)} "
                f"| {FORMAT_NAMES.get(f.media_type, f.file_type)} | {size_text(f.size)} "
                f"| {licence_link} |"
            )
        return lines

    front = {"title": text["title"], "description": text["description"]}
    lines = ["---", *(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items())]
    if lastmod:
        lines.append(f"lastmod: {lastmod.isoformat()}")
    lines += ["---", "", f"# {text['title']}", "", text["intro"], ""]
    lines += [f"## {text['licences']}", ""]
    lines.append(
        "- "
        + text["content_licence"].format(
            name=licences.CONTENT.name, url=licences.CONTENT.url, site=site.name
        )
    )
    lines.append("- " + text["code_licence"].format(name=licences.CODE.name, url=licences.CODE.url))
    lines.append("")
    sections = [(ALL, text["all"])] + [(k.name, str(k.label_plural)) for k in kb.kinds]
    described = {paths.data_file(SCHEMA_NAME), _catalogue_path(language)}
    for key, heading in sections:
        rows = [f for f in files if f.dataset == key and f.path not in described]
        if rows:
            lines += [f"## {plain_text(heading)}", "", *table(rows), ""]
    lines += [f"## {text['feeds_and_catalogue']}", ""]
    lines += [*table([f for f in files if f.path in described]), ""]
    lines += [f"## {text['formats']}", ""]
    lines.append(
        "- "
        + text["json"].format(schema=href(paths.data_file(SCHEMA_NAME)), version=SCHEMA_VERSION)
    )
    lines.append("- " + text["csv"])
    lines.append("- " + text["atom"].format(count=MAX_ENTRIES))
    lines.append("- " + text["dcat"].format(catalogue=href(_catalogue_path(language))))
    return "\n".join(lines) + "\n"


def _catalogue_path(language: str) -> str:
    return paths.data_file("catalog.jsonld")


def open_data_files(
    kb: KnowledgeBase,
    site: Site,
    changed: dict[str, datetime.date],
    language: str = paths.DEFAULT_LANGUAGE,
    shared_json: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """Every open data file and the Data page, by path in the docs folder (`shared_json`:
    see export_files)."""
    files = export_files(kb, site.address, changed, language, shared_json)
    files += feed_files(kb, site, changed, language)
    files.append(catalogue_file(kb, files, site, changed, language))
    dates = [changed[r.source] for r in kb.records if r.source in changed]
    page = data_page(kb, files, site, max(dates, default=None), language)
    generated = {f.path: f.data for f in files}
    generated[paths.data_page()] = page.encode()
    return generated
