"""Atom feeds (RFC 4287) of new and changed records: one of every record, one per kind.

A record's date is that of the last commit that changed its file (history.py), as in the
sitemap, never the build's clock, so two builds of one commit give the same feeds. Each
feed holds the most recently changed records, newest first.
"""

from __future__ import annotations

import datetime
import functools
import html
import re
import xml.etree.ElementTree as ET

import markdown

from . import licences, paths
from .data_files import ALL, DataFile, Site
from .fields import TextField
from .i18n import LazyText, interface_table
from .knowledge_base import KnowledgeBase
from .markdown_blocks import plain_paragraphs
from .model import Record

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100
# A record outside a Git checkout (or not yet committed) has no date of change: it is shown
# at this date rather than at the build's, which would change at every build.
UNKNOWN_DATE = datetime.date(1980, 1, 1)

STRINGS = {
    "all_title": LazyText("{site}: new and changed records"),
    "all_description": LazyText("The {count} most recently changed records of every kind."),
    "kind_title": LazyText("{site}: {kind}"),
    "kind_description": LazyText("The {count} most recently changed records of the kind '{kind}'."),
    "link_all": LazyText("New and changed records"),
    "link_kind": LazyText("{kind}: new and changed"),
    "rights": LazyText("Content under {licence}: {url}"),
}


def strings(language: str) -> dict:
    """The strings above in `language` (the catalogue translates them)."""
    return interface_table(STRINGS, language)


def _timestamp(date: datetime.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


_MARKDOWN = markdown.Markdown()  # one instance: creating one per text is slow at 10,000 records


@functools.lru_cache(maxsize=16384)  # a text without translation is in every language's feed
def summary_text(markdown_text: str) -> str:
    """Markdown as one line of plain text (record text holds no HTML: the check refuses it)."""
    paragraphs = plain_paragraphs(markdown_text)
    if paragraphs is not None:  # no Markdown in it: nothing to convert
        return " ".join(paragraphs)
    rendered = _MARKDOWN.reset().convert(markdown_text)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


def summary(record: Record, language: str) -> str:
    """The record's first Markdown text field (its summary, focus or subject), as text."""
    for definition in record.kind.fields:
        if isinstance(definition, TextField) and definition.markdown:
            value = record.get(definition.name)
            if value is not None:
                texts = dict(value.by_language)
                return summary_text(texts.get(language, texts["en"]))
    return ""


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def feed(
    records: list[Record],
    changed: dict[str, datetime.date],
    site: Site,
    path: str,
    title: str,
    subtitle: str,
    language: str,
) -> bytes:
    def date_of(record: Record) -> datetime.date:
        return changed.get(record.source, UNKNOWN_DATE)

    newest = sorted(records, key=lambda r: (-date_of(r).toordinal(), r.kind.name, r.id))
    newest = newest[:MAX_ENTRIES]
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language})
    _sub(root, "id", site.url(path))
    _sub(root, "title", title)
    _sub(root, "subtitle", subtitle)
    updated = max((date_of(r) for r in newest), default=UNKNOWN_DATE)
    _sub(root, "updated", _timestamp(updated))
    _sub(root, "link", rel="self", type="application/atom+xml", href=site.url(path))
    _sub(root, "link", rel="alternate", type="text/html", href=site.address)
    _sub(root, "link", rel="license", href=licences.CONTENT.url)
    author = _sub(root, "author")
    _sub(author, "name", site.name)
    _sub(author, "uri", site.address)
    rights = strings(language)["rights"]
    _sub(root, "rights", rights.format(licence=licences.CONTENT.name, url=licences.CONTENT.url))
    for record in newest:
        page = site.url(record.url)
        entry = _sub(root, "entry")
        _sub(entry, "id", page)
        _sub(entry, "title", record.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=page)
        _sub(entry, "updated", _timestamp(date_of(record)))
        _sub(entry, "category", term=record.kind.name, label=str(record.kind.label))
        text = summary(record, language)
        if text:
            _sub(entry, "summary", text)
    ET.register_namespace("", ATOM)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_files(
    kb: KnowledgeBase,
    site: Site,
    changed: dict[str, datetime.date],
    language: str = paths.DEFAULT_LANGUAGE,
) -> list[DataFile]:
    """The feed of every record, then one per kind."""
    text = strings(language)
    title = text["all_title"].format(site=site.name)
    description = text["all_description"].format(count=MAX_ENTRIES)
    path = paths.feed(ALL)
    found = [
        DataFile(
            path,
            feed(kb.records, changed, site, path, title, description, language),
            title,
            description,
            "application/atom+xml",
            "ATOM",
            ALL,
        )
    ]
    for kind in kb.kinds:
        path = paths.feed(kind.pages_folder)
        title = text["kind_title"].format(site=site.name, kind=kind.label_plural)
        description = text["kind_description"].format(count=MAX_ENTRIES, kind=kind.label)
        records = kb.of_kind(kind.name)
        data = feed(records, changed, site, path, title, description, language)
        found.append(
            DataFile(path, data, title, description, "application/atom+xml", "ATOM", kind.name)
        )
    return found


def feed_links(kinds, language: str = paths.DEFAULT_LANGUAGE) -> list[dict[str, str]]:
    """The feeds every page's head links to: site path and title."""
    text = strings(language)
    links = [{"href": paths.feed(ALL), "title": text["link_all"]}]
    for kind in kinds:
        title = text["link_kind"].format(kind=kind.label_plural)
        links.append({"href": paths.feed(kind.pages_folder), "title": title})
    return links
