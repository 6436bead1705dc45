"""`bbkb translations`: the interface's strings, extracted into the translation catalogue.

Strings come from three places: `_()`, `ngettext()` and `LazyText()` in the generator's
Python, `_()` and `ngettext()` in its templates, and what the record kinds show readers
(a field's label made from its name has no literal to extract). They go to
`generator/locales/messages.pot`; each `<code>.po` is updated from it, keeping what was
translated; a new or changed string stays untranslated (shown in English) until a
translator translates it.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from .i18n import LOCALES, TEMPLATE_CATALOGUE, LazyText, catalogue_file

PACKAGE = Path(__file__).parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "LazyText": None}
# A fixed date keeps the files the same from one extraction to the next.
CREATED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def extract() -> Catalog:
    """Every interface string of the generator, in a fixed order."""
    catalog = Catalog(
        project="Big Buyers knowledge base",
        creation_date=CREATED,
        revision_date=CREATED,
        fuzzy=False,
    )
    found: dict[str | tuple[str, str], set[str]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        for message in _messages(path, "python"):
            found.setdefault(message, set()).add(path.name)
    for path in sorted((PACKAGE / "templates").glob("*.j2")):
        for message in _messages(path, "jinja2.ext:babel_extract"):
            found.setdefault(message, set()).add(f"templates/{path.name}")
    for message in definition_strings():
        found.setdefault(message, set()).add("definitions")
    for message in sorted(found, key=lambda m: m if isinstance(m, str) else m[0]):
        where = [(name, None) for name in sorted(found[message])]
        catalog.add(message, locations=where)
    return catalog


def definition_strings() -> set[str]:
    """What the record kinds show readers, including what no literal in the code holds (a
    field's label made from its name, a vocabulary's labels)."""
    from .cpv import DIVISIONS
    from .facets import KIND_FACET
    from .fields import ChoiceField, ListField, ObjectField
    from .kinds import KINDS

    found: set[str] = {KIND_FACET.heading.source}
    found |= {name.source for name in DIVISIONS.values()}

    def add(text) -> None:
        if isinstance(text, LazyText):
            found.add(text.source)

    def walk(fields) -> None:
        for definition in fields:
            add(definition.label)
            if definition.facet:
                add(definition.facet.heading)
            if isinstance(definition, ChoiceField):
                for label in definition.choices.values():
                    add(label)
            inner = definition.item if isinstance(definition, ListField) else None
            if inner is not None:
                walk([inner])
            if isinstance(definition, ObjectField):
                walk(definition.fields)

    for kind in KINDS.values():
        for text in (kind.label, kind.label_plural, kind.nav_title, kind.intro):
            add(text)
        add(kind.listing.title_heading)
        if kind.facet:
            add(kind.facet.heading)
        walk(kind.fields)
    return found


def _messages(path: Path, method: str):
    options = {"extensions": "jinja2.ext.i18n"} if method.startswith("jinja2") else {}
    for _line, message, _comments, _context in extract_from_file(
        method, str(path), keywords=KEYWORDS, options=options
    ):
        if isinstance(message, tuple):
            yield message[:2] if message[1] else message[0]
        elif message:
            yield message


def po_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, include_lineno=False, sort_output=False)
    return out.getvalue()


def update(languages: list[str]) -> list[Path]:
    """Writes messages.pot and brings every language's .po up to date with it; returns the
    files written."""
    template = extract()
    written = [TEMPLATE_CATALOGUE]
    LOCALES.mkdir(exist_ok=True)
    TEMPLATE_CATALOGUE.write_bytes(po_text(template))
    existing = {path.stem for path in LOCALES.glob("*.po")}
    for language in sorted(existing | set(languages) - {"en"}):
        path = catalogue_file(language)
        if path.is_file():
            with open(path, "rb") as file:
                catalog = read_po(file, locale=language)
        else:
            catalog = Catalog(
                locale=language,
                project="Big Buyers knowledge base",
                creation_date=CREATED,
                revision_date=CREATED,
            )
        # No guessing from similar messages: a guess would be shown as a translation.
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.revision_date = CREATED
        catalog.creation_date = CREATED
        path.write_bytes(po_text(catalog))
        written.append(path)
    return written


def untranslated(language: str) -> list[str]:
    """The messages of the template that `language`'s catalogue does not translate (or
    only as fuzzy)."""
    with open(catalogue_file(language), "rb") as file:
        catalog = read_po(file, locale=language)
    missing = []
    for message in extract():
        if not message.id:
            continue
        key = message.id
        translated = catalog.get(key)
        strings = translated.string if translated else ""
        done = all(strings) if isinstance(strings, tuple) else bool(strings)
        if not translated or translated.fuzzy or not done:
            missing.append(key if isinstance(key, str) else key[0])
    return missing
