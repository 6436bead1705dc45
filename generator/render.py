"""Renders the knowledge base into standard Markdown pages with Jinja2 templates."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import functools
import itertools
import json
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from . import maps, paths
from .data_files import Site
from .explore import explore_settings
from .fields import ListField, RefField
from .i18n import _, format_number, gettext, ngettext
from .kinds import CRITERION_KIND_HEADINGS, KINDS, Kind
from .knowledge_base import KnowledgeBase
from .linked_data import record_json_ld, script_text, website_json_ld
from .markdown_safety import markdown_text, plain_text
from .model import Record
from .parallel import parallel_map
from .tender_document import SLOT, TenderDocument, tender_document
from .values import SOURCE_LANGUAGE, LocalText, output_language, period_text


@dataclass(frozen=True)
class RenderedPage:
    path: str  # relative to the docs folder, e.g. outcomes/circular-asphalt.md
    text: str


@dataclass(frozen=True)
class _PageBeingWritten:
    kb: KnowledgeBase
    path: str  # relative to the docs folder: links are made relative to it


# What the page functions below need of the page being written. Like the language
# (values.writing_in), it is set for the whole render rather than passed through Jinja's
# context: the macros then need no context of their own, so their module is made once
# instead of on every page.
_page_being_written: contextvars.ContextVar[_PageBeingWritten] = contextvars.ContextVar(
    "page_being_written"
)


@contextlib.contextmanager
def _writing_page(kb: KnowledgeBase, path: str):
    token = _page_being_written.set(_PageBeingWritten(kb, path))
    try:
        yield
    finally:
        _page_being_written.reset(token)


def _escape(value) -> Markup:
    """markupsafe.escape, which makes a new copy of a value that is Markup already: every
    value a page prints is (the finalize step below makes it so), and the copies took about
    a tenth of the record pages' time."""
    return value if type(value) is Markup else escape(value)


class _PageTemplate(Template):
    """A Jinja template whose compiled code escapes what it prints with _escape. The code
    Jinja 3 compiles calls the name `escape` of its module (tests/test_render_safety.py
    fails if it no longer does)."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = _escape
        return template


@functools.cache
def _environment() -> Environment:
    """One environment per process: templates compile once."""
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        # Interface strings: _() and ngettext() from the catalogue (i18n.py), in the language
        # being written; the catalogue is part of the code, so its Markdown is trusted.
        extensions=["jinja2.ext.i18n"],
        autoescape=True,  # every value is HTML-escaped unless a filter says otherwise
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are code: no look at their files on each page
        # Pages are Markdown: a value printed as is must not become Markdown syntax either.
        # Markup (links, rendered record Markdown, macros) passes; raw HTML uses `|h`.
        finalize=_as_markdown_text,
    )
    env.template_class = _PageTemplate
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    # What the extension's newstyle _() does (translate, mark safe, fill in the escaped
    # values), without its two context calls per string: pages call it a hundred times.
    env.globals["_"] = env.globals["gettext"] = _template_gettext
    env.filters.update(
        md=_markdown_in_its_language,
        text=_text_in_its_language,
        number=format_number,
        h=lambda value: escape(str(value)),  # escape() gives Markup
        attr_json=lambda value: Markup(escape(json.dumps(value, ensure_ascii=False))),
        yaml_string=lambda value: Markup(json.dumps(_front_text(value), ensure_ascii=False)),
        # JSON-LD for the page head (theme/main.html), as a YAML string of the front matter.
        json_ld=lambda data: Markup(json.dumps(script_text(data), ensure_ascii=False)),
        url_target=_url_target,
        link=_link,
        href=_href,
        slots=_slots,
    )
    env.globals.update(
        KINDS=KINDS,
        CRITERION_KIND_HEADINGS=CRITERION_KIND_HEADINGS,
        download_path=paths.download,
        tender_document=document_of,
        period=period_text,
        translation_note=_record_translation_note,
        show=_show,
        fact=_fact,
        field_fact=_field_fact,
        label=_label,
        value_label=_value_label,
        map_of_countries=_country_map,
        count_by_country=maps.count_by_country,
    )
    # The shared pieces of the pages (_macros.md.j2), as `m` in every template: made once,
    # where an {% import %} in each page ran again on every page (a twentieth of the
    # organisation pages' time). Last: the macros see the globals above.
    env.globals["m"] = env.get_template("_macros.md.j2").module
    return env


_DOCUMENTS: list[tuple[tuple, TenderDocument]] = []  # the last few made, newest last


def document_of(
    kb: KnowledgeBase, record: Record, levels: tuple[str, ...] | None = None
) -> TenderDocument:
    """tender_document(), made once for the calls in a row that ask for a template's
    document in the language being written (its page and its Word files): a selection of
    levels is taken from the whole document."""
    language = output_language()
    known = (d for (k, r, lang), d in _DOCUMENTS if k is kb and r is record and lang == language)
    document = next(known, None)
    if document is None:
        document = tender_document(kb, record)
        _DOCUMENTS.append(((kb, record, language), document))
        del _DOCUMENTS[:-4]
    return document if levels is None else document.only(levels)


def _label(owner: Record | Kind, field_name: str, sub_field: str | None = None) -> str:
    """The label of a field of a kind, or of a field of the objects in a list."""
    kind = owner if isinstance(owner, Kind) else owner.kind
    definition = kind.field(field_name)
    if sub_field:
        definition = definition.item.field(sub_field)
    return definition.label


def _record_translation_note(record: Record) -> Markup:
    language = output_language()
    if language == SOURCE_LANGUAGE:
        return Markup("")
    return translation_note(*record.untranslated(language))


def _value_label(record: Record, field_name: str) -> str:
    """A field's value as plain text (a choice's label, a country's name)."""
    return record.kind.field(field_name).value_label(record.data[field_name])


def _printed(value) -> Markup:
    """A value as a template prints it: `{{ value }}`."""
    return _escape(_as_markdown_text(value))


def _fact(term, value) -> Markup:
    """A term and its value in the facts of a page (a Markdown definition list); nothing
    without a value. In Python, not a template macro: a page prints a dozen, and a macro
    call costs ten times the text it writes."""
    if not value:
        return Markup("")
    return Markup(f"{_printed(term)}\n:   {_printed(value)}\n\n")


def _field_fact(record: Record, field_name: str) -> Markup:
    """A field of a record as a fact: its label and its value as a reader sees it."""
    return _fact(_label(record, field_name), _show(record, field_name))


def _show(record: Record, field_name: str, sub_field: str | None = None, value=None):
    """A field's value as a reader sees it: a label, a name, a date, links to records."""
    definition = record.kind.field(field_name)
    if sub_field:  # a field of the objects in a list, e.g. criteria.kind: value is given
        return plain_text(definition.item.field(sub_field).value_label(value))
    value = record.data.get(field_name)
    if value is None or value == []:
        return Markup("")
    reference = definition.item if isinstance(definition, ListField) else definition
    if isinstance(reference, RefField):
        targets = _page_being_written.get().kb.refs(record, field_name)
        return Markup(", ").join(_link(target) for target in targets)
    return plain_text(definition.value_label(value))


@dataclass(frozen=True)
class CountryMap:
    """A map and the same figures as text: one row per country shown."""

    svg: Markup
    rows: list[maps.MapCountry]
    names: dict[str, str]  # country code -> name in the page's language
    shades: list[tuple[int, int | None, str]]
    marked: bool
    none_colour: str = maps.NONE
    context_colour: str = maps.CONTEXT


# What a map counts: the accessible name of a country's link, with its figure.
_MAP_LINK_NAMES = {
    "organisations": lambda n: ngettext(
        "%(country)s: %(num)s organisation", "%(country)s: %(num)s organisations", n
    ),
    "participants": lambda n: ngettext(
        "%(country)s: %(num)s organisation taking part",
        "%(country)s: %(num)s organisations taking part",
        n,
    ),
    "signatories": lambda n: ngettext(
        "%(country)s: %(num)s signatory", "%(country)s: %(num)s signatories", n
    ),
    "seat": lambda n: _("%(country)s: explore its records"),
}


def _country_map(counts: dict[str, int], counting: str) -> CountryMap:
    """A map of `counts` (country code -> figure); `counting` says what the figures are
    (a key of _MAP_LINK_NAMES; "seat" marks one country instead of shading by figure).
    Each country links to Explore filtered by it, as its country facet names it."""
    depth = paths.site_url(_page_being_written.get().path).count("/")
    return _map_at_depth(tuple(counts.items()), counting, depth, output_language())


# The same map on many pages (an organisation's marks its seat): made once for all of them.
@functools.lru_cache(maxsize=256)
def _map_at_depth(
    counted: tuple[tuple[str, int], ...], counting: str, depth: int, language: str
) -> CountryMap:
    """_country_map() for a page `depth` folders below the site's root. Its addresses are
    relative to the page: raw HTML, whose links MkDocs does not rewrite."""
    counts = dict(counted)
    country = KINDS["organisation"].field("country")
    names = {code: str(country.value_label(code)) for code in counts}
    root = "../" * depth
    explore = root + paths.site_url(paths.EXPLORE_PAGE)

    def link_name(code: str, count: int) -> str:
        text = _MAP_LINK_NAMES[counting](count)
        return text % {"country": names[code], "num": format_number(count)}

    rows = maps.map_countries(
        counts,
        names.__getitem__,
        lambda code: f"{explore}?country={quote(names[code], safe='')}",
        link_name,
    )
    marked = counting == "seat"
    shapes_file = root + paths.MAP_SHAPES_FILE
    svg = maps.svg(rows, "bb-map-caption", shapes_file, marked=marked)
    return CountryMap(svg, rows, names, maps.shade_ranges(), marked)


def _template_gettext(message: str, **values) -> Markup:
    # Always formatted, as Jinja's newstyle gettext does: "%%" is a percent sign.
    if not values:  # most strings of a page: formatted once per language
        return _translated_alone(message, output_language())
    return _translated(message, output_language()) % values


@functools.lru_cache(maxsize=4096)
def _translated_alone(message: str, language: str) -> Markup:
    return _translated(message, language) % {}


@functools.lru_cache(maxsize=4096)  # a page asks for a dozen strings, the same on each page
def _translated(message: str, language: str) -> Markup:
    return Markup(gettext(message))


def _as_markdown_text(value) -> Markup:
    kind = type(value)  # the common cases first: this runs for every value a page prints
    if kind is Markup:
        return value
    if kind is str:
        return plain_text(value)
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    return _text_in_its_language(value)


def _shown_in_english(value) -> bool:
    """True for a text with no translation into the language being written: it is shown in
    English, marked so (lang="en") for screen readers to switch voice (WCAG 3.1.2)."""
    return isinstance(value, LocalText) and value.shown_in(output_language()) != output_language()


def _text_in_its_language(value) -> Markup:
    """Plain text in Markdown, in the language being written or marked as English."""
    if isinstance(value, LocalText):
        return _local_text(value, output_language())
    return plain_text(value)


@functools.lru_cache(maxsize=65536)  # titles recur on every page that links to them
def _local_text(value: LocalText, language: str) -> Markup:
    text = plain_text(value.text(language))
    if value.shown_in(language) != language:
        return Markup('<span lang="en">') + text + Markup("</span>")
    return text


def _markdown_in_its_language(value) -> Markup:
    """Record Markdown in the language being written, or marked as English: a paragraph as
    inline text, longer text as a block of its own."""
    if not _shown_in_english(value):
        return markdown_text(value)
    return _marked_english(str(value))


@functools.lru_cache(maxsize=4096)  # a record's texts, on its page in every other language
def _marked_english(text: str) -> Markup:
    if "\n\n" in text or any(_BLOCK_START.match(line) for line in text.splitlines()):
        return Markup('<div lang="en" markdown>\n\n') + markdown_text(text) + Markup("\n\n</div>")
    return Markup('<span lang="en">') + markdown_text(text) + Markup("</span>")


def _slots(text: Markup) -> Markup:
    """A criterion's Markdown with each bracketed value marked, numbered as in the Word file:
    the selection script writes the buyer's value there."""
    numbers = itertools.count(1)
    return Markup(
        SLOT.sub(
            lambda m: f'[<span class="bb-slot" data-slot="{next(numbers)}">{m[1]}</span>]', text
        )
    )


_BLOCK_START = re.compile(r"\s*([-*+] |\d+[.)] |#|>)")


def _front_text(value) -> str:
    """Text for page front matter, which themes print without escaping: no markup at all."""
    return " ".join(str(value).replace("<", "").replace(">", "").split())


def _url_target(url: str) -> Markup:
    """A checked http(s) address as a Markdown link target: no space or parenthesis left raw."""
    return Markup(quote(str(url), safe=":/?#[]@!$&'*+,;=%~"))


def _href(target: Record | Kind | str) -> str:
    """Relative Markdown link target from the page being rendered to `target`."""
    if isinstance(target, Record):
        path = paths.record_page(target)
    elif isinstance(target, Kind):
        path = paths.index_page(target)
    else:
        path = target
    return _relative(path, posixpath.dirname(_page_being_written.get().path))


@functools.lru_cache(maxsize=4096)
def _relative(path: str, here: str) -> str:
    """`path` seen from the folder `here`; both relative to the docs folder, no '..' inside."""
    target, start = path.split("/"), here.split("/") if here else []
    common = 0
    while common < min(len(target) - 1, len(start)) and target[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:])


def _link(record: Record | None) -> Markup:
    if record is None:
        return Markup("")
    return Markup(f"[{_text_in_its_language(record.title_text)}]({_href(record)})")


class Renderer:
    def __init__(
        self,
        kb: KnowledgeBase,
        changed: dict[str, datetime.date] | None = None,
        site: Site | None = None,  # for the pages' JSON-LD; none without it
    ):
        self.kb = kb
        self.env = _environment()
        self.changed = changed or {}  # source file -> date of its last change
        self.site = site
        self.processes = 1  # more renders record pages in that many forked processes

    def _render(
        self, template: str, path: str, lastmod=None, json_ld=None, **context
    ) -> RenderedPage:
        with _writing_page(self.kb, path):
            text = self.env.get_template(template).render(
                kb=self.kb, lastmod=lastmod, json_ld=json_ld, **context
            )
        return RenderedPage(path, text)

    def _latest(self, sources) -> datetime.date | None:
        return max((self.changed[s] for s in sources if s in self.changed), default=None)

    def pages(self, only: set[str] | None = None) -> list[RenderedPage]:
        """Every page; with `only`, the record pages of those ids and all the other pages."""
        chosen = [
            r
            for kind in self.kb.kinds
            for r in self.kb.of_kind(kind.name)
            if only is None or r.id in only
        ]
        home_and_indexes, free = self.site_pages()
        records = parallel_map(self.record_page, chosen, self.processes)
        return home_and_indexes + records + free

    def site_pages(self) -> tuple[list[RenderedPage], list[RenderedPage]]:
        """The pages that are not a record's: the home page, Explore and an index page per
        kind; and the free pages."""
        everything = [r.source for r in self.kb.records]
        site = self.site
        pages = [
            self._render(
                "home.md.j2",
                paths.HOME_PAGE,
                self._latest(everything),
                json_ld=website_json_ld(site, site.language) if site else None,
            )
        ]
        # Search: the whole knowledge base as a filterable list (explore.py).
        pages.append(
            self._render(
                "explore.md.j2",
                paths.EXPLORE_PAGE,
                self._latest(everything),
                settings=explore_settings(self.kb),
            )
        )
        for kind in self.kb.kinds:
            records = self.kb.of_kind(kind.name)
            pages.append(
                self._render(
                    "index.md.j2",
                    paths.index_page(kind),
                    self._latest(r.source for r in records),
                    kind=kind,
                    records=records,
                )
            )
        free = []
        language = output_language()
        for page in self.kb.pages:
            shown = page.in_language(language)
            english = language != SOURCE_LANGUAGE and shown is page
            text = _with_source(shown.text, shown.source, self.changed.get(shown.source), english)
            free.append(RenderedPage(paths.free_page(page), text))
        return pages, free

    def record_page(self, record: Record) -> RenderedPage:
        site = self.site
        return self._render(
            f"{record.kind.name}.md.j2",
            paths.record_page(record),
            self.changed.get(record.source),
            json_ld=record_json_ld(self.kb, record, site, site.language) if site else None,
            record=record,
            kind=record.kind,
            facets=self.kb.facets(record),
        )


def _with_source(text: str, source: str, lastmod: datetime.date | None, english=False) -> str:
    """A free page with its source file in the front matter (for its edit link) and its
    body made safe like record Markdown: no HTML, no script links. With `english`, the page
    has no translation into the language being written: it says so, and its English text
    is marked as such."""
    front, body = "", text
    if text.startswith("---\n") and (end := text.find("\n---\n", 4)) > 0:
        front, body = text[4 : end + 1], text[end + 5 :]
    extra = f"lastmod: {lastmod.isoformat()}\n" if lastmod else ""
    body = markdown_text(body)
    if english:
        body = f'{translation_note(True, False)}\n\n<div lang="en" markdown>\n\n{body}\n\n</div>\n'
    return f"---\nsource: {json.dumps(source)}\n{extra}{front}---\n{body}"


def translation_note(untranslated: bool, outdated: bool) -> Markup:
    """What a reader is told when some of a page is in English or its translation may be
    out of date; nothing when neither."""
    notes = []
    if untranslated:
        notes.append(_("Not yet translated: parts of this page are shown in English."))
    if outdated:
        notes.append(
            _(
                "The English text changed after parts of this page were translated: the "
                "translation may be out of date."
            )
        )
    if not notes:
        return Markup("")
    return Markup('<p class="bb-translation-note" role="note">{}</p>').format(" ".join(notes))
