"""The field guide: every field of every record kind, what it means, whether it is required,
the values it allows and an example, made from the kinds (kinds.py) like the schemas and the
editing app's form, so that it cannot fall behind them. Published at field-guide/."""

from __future__ import annotations

import datetime
import re

from . import paths
from .countries import country_name
from .fields import (
    ChoiceField,
    CountryField,
    CpvField,
    DateField,
    Field,
    IntegerField,
    ListField,
    ObjectField,
    RefField,
    StringField,
    TextField,
    UrlField,
)
from .i18n import LazyText
from .kinds import KINDS, Kind
from .render import translation_note
from .values import writing_in

# Every interface string of the page, in one place. The guide is for editors and in English,
# the language records are written in first (like the JSON Schemas); only its title is
# translated so far: to publish the whole guide in other languages, mark the others with
# LazyText and translate them in the catalogue.
TEXT = {
    "title": LazyText("Field guide"),
    "intro": (
        "Every record is one YAML file in `content/<folder>/`, named after its id. This "
        "guide lists the fields of each kind of record, in the order a record writes them, "
        "with what each means, whether it is required, the values it allows and an example. "
        "The editing app shows the same fields, and `bbkb check` holds every record to them."
    ),
    "field": "Field",
    "required": "Required",
    "meaning": "What it holds",
    "allowed": "Allowed values",
    "example": "Example",
    "yes": "Yes",
    "no": "No",
    "folder": "Folder: `content/{folder}/`.",
    "text": "Text",
    "markdown": "Text with simple Markdown (no HTML)",
    "translations": "; or one text per language, English first (`en: ...`, `fr: ...`)",
    "date": "A date: YYYY-MM-DD, or YYYY-MM or YYYY when the source gives no day",
    "number": "A whole number from {minimum} to {maximum}",
    "url": "A web address starting with https://",
    "country": "An ISO 3166 two-letter country code, e.g. `NO` ({name})",
    "cpv": "A CPV code: 8 digits, a hyphen and the check digit",
    "reference": "The id of {records}",
    "record": "a {kind} record",
    "string": "Text of at most {length} characters",
    "list": "A list; each entry: {item}",
    "at_least": " (at least {count})",
    "object": "The fields below",
}
COLUMNS = ("field", "required", "meaning", "allowed", "example")


def _t(key: str, **values) -> str:
    return str(TEXT[key]).format(**values) if values else str(TEXT[key])


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(value) -> str:
    return f"`{value}`"


def allowed(definition: Field) -> str:
    """The values a field allows, as an editor reads them."""
    if isinstance(definition, ChoiceField):
        return ", ".join(f"{_code(v)} ({label})" for v, label in definition.choices.items())
    if isinstance(definition, CountryField):
        return _t("country", name=country_name("NO"))
    if isinstance(definition, RefField):
        links = [
            _t("record", kind=f"[{KINDS[k].label.lower()}](#{anchor(KINDS[k])})")
            for k in definition.kinds
        ]
        return _t("reference", records=" or ".join(links))
    if isinstance(definition, DateField):
        return _t("date")
    if isinstance(definition, IntegerField):
        return _t("number", minimum=definition.minimum, maximum=definition.maximum)
    if isinstance(definition, UrlField):
        return _t("url")
    if isinstance(definition, CpvField):
        return _t("cpv")
    if isinstance(definition, TextField):
        return _t("markdown" if definition.markdown else "text") + _t("translations")
    if isinstance(definition, StringField):
        text = _t("string", length=definition.max_length)
        rule = re.search(r"\((.*)\)|: (.*)$", definition.pattern_hint or "")
        return f"{text}; {next(g for g in rule.groups() if g)}" if rule else text
    if isinstance(definition, ListField):
        minimum = _t("at_least", count=definition.min_items)
        item = allowed(definition.item)
        return _t("list", item=item[:1].lower() + item[1:]) + (
            minimum if definition.min_items else ""
        )
    if isinstance(definition, ObjectField):
        return _t("object")
    return ""


def example(definition: Field) -> str:
    if isinstance(definition, ObjectField) or (
        isinstance(definition, ListField) and isinstance(definition.item, ObjectField)
    ):
        return ""
    value = definition.scaffold_example()
    if isinstance(value, list):
        value = value[0] if value else ""
    return _code(value) if value not in (None, "") else ""


def rows(fields, prefix: str = "") -> list[tuple[str, Field]]:
    """(shown name, field) of every field, nested ones after their parent as `parent › name`."""
    found = []
    for definition in fields:
        name = prefix + definition.name
        found.append((name, definition))
        inner = definition.item if isinstance(definition, ListField) else definition
        if isinstance(inner, ObjectField):
            found += rows(inner.fields, f"{name} › ")
    return found


def anchor(kind: Kind) -> str:
    return f"kind-{kind.name}"


def heading(kind: Kind, language: str | None) -> str:
    """The kind's heading; in `language` and marked so when given: the site's menus list it."""
    if language is None:
        return f"## {kind.label} {{ #{anchor(kind)} }}"
    with writing_in(language):
        return f'## {kind.label} {{ #{anchor(kind)} lang="{language}" }}'


def kind_section(kind: Kind, heading_language: str | None = None) -> list[str]:
    lines = [
        heading(kind, heading_language),
        "",
        _cell(kind.intro),
        "",
        _t("folder", folder=kind.folder),
        "",
        "| " + " | ".join(_t(c) for c in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for name, definition in rows(kind.fields):
        required = _t("yes" if definition.required else "no")
        label = _cell(definition.label)
        cells = (
            f"`{name}`<br>{label}",
            required,
            _cell(meaning(definition)),
            _cell(allowed(definition)),
            _cell(example(definition)),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def meaning(definition: Field) -> str:
    text = str(definition.help)
    return text[:1].upper() + text[1:]


def field_guide_page(
    lastmod: datetime.date | None = None, heading_language: str | None = None
) -> str:
    """The page; `lastmod`, for the sitemap, is the last change to any record, as for the
    other pages made from the whole knowledge base; the kinds' headings in `heading_language`
    when given."""
    return _title_part(lastmod) + _guide_part(heading_language)


def _title_part(lastmod: datetime.date | None) -> str:
    lines = [
        "---",
        f'title: "{_t("title")}"',
        *([f"lastmod: {lastmod.isoformat()}"] if lastmod else []),
        # Found from the admin page and the contribution guide, not by buyers' searches.
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# {_t('title')}",
        "",
    ]
    return "\n".join(lines) + "\n"


def _guide_part(heading_language: str | None) -> str:
    lines = [_t("intro"), ""]
    lines += [f"- [{kind.label_plural}](#{anchor(kind)})" for kind in KINDS.values()]
    lines.append("")
    for kind in KINDS.values():
        lines += kind_section(kind, heading_language)
    return "\n".join(lines)


def field_guide_files(
    lastmod: datetime.date | None = None, language: str = "en", written_in: str = "en"
) -> dict[str, bytes]:
    """The guide for `language`'s site. It is written in `written_in`, the language of its
    strings and of the kinds' help texts: another language's site gets its title in the
    site's language, a note that the guide is not yet translated, and the guide marked as
    written in `written_in`, with the kinds' headings (which the table of contents repeats)
    in the site's language."""
    if language == written_in:
        return {paths.FIELD_GUIDE_PAGE: field_guide_page(lastmod).encode()}
    note = translation_note(untranslated=True, outdated=False)
    with writing_in(language):
        title = _title_part(lastmod)
    with writing_in(written_in):
        guide = _guide_part(heading_language=language)
    marked = f'{title}{note}\n\n<div lang="{written_in}" markdown>\n{guide}\n</div>\n'
    return {paths.FIELD_GUIDE_PAGE: marked.encode()}
