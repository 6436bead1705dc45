"""The interface in the reader's language: the translation catalogue and what formats for it.

Every interface string (a heading, a field's label, a vocabulary's labels, the footer) is
written in English in the code or a template and marked for translation: `_()` in Python and
templates translates at once; `LazyText()` holds a string defined at import time (a label,
a table of strings) and translates it each time it is printed. Translations live in
`generator/locales/<code>.po` (gettext, the format translation tools read); `bbkb
translations` (catalogue.py) extracts the strings into `messages.pot` and updates each
`.po`. Which language is being written comes from `values.writing_in`.
"""

from __future__ import annotations

import datetime
import functools
import gettext as gettext_module
from pathlib import Path

import pycountry
from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from .values import SOURCE_LANGUAGE, output_language, writing_in

LOCALES = Path(__file__).parent / "locales"
TEMPLATE_CATALOGUE = LOCALES / "messages.pot"


def catalogue_file(language: str) -> Path:
    return LOCALES / f"{language}.po"


@functools.cache
def _catalogue(language: str):
    """(msgid -> translation, plural form of a count) of a language's catalogue: the
    messages translated and not marked fuzzy."""
    if language == SOURCE_LANGUAGE or not catalogue_file(language).is_file():
        return {}, lambda count: 0 if count == 1 else 1
    with open(catalogue_file(language), "rb") as file:
        catalogue = read_po(file, locale=language)
    found: dict[str, str | tuple[str, ...]] = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):  # plural forms
            if all(message.string):
                found[message.id[0]] = tuple(message.string)
        elif message.string:
            found[message.id] = message.string
    return found, gettext_module.c2py(catalogue.plural_expr)


def known_language(code: str) -> bool:
    """True when the Unicode CLDR (dates, numbers, names) knows the language."""
    try:
        Locale.parse(code)
    except (ValueError, LookupError, UnknownLocaleError):
        return False
    return True


def has_catalogue(language: str) -> bool:
    return language == SOURCE_LANGUAGE or catalogue_file(language).is_file()


def gettext(message: str) -> str:
    translated = _catalogue(output_language())[0].get(message)
    return translated if isinstance(translated, str) else message


def ngettext(singular: str, plural: str, count: int) -> str:
    translations, plural_form = _catalogue(output_language())
    forms = translations.get(singular)
    if isinstance(forms, tuple):
        return forms[min(plural_form(count), len(forms) - 1)]
    return singular if count == 1 else plural


_ = gettext


class LazyText:
    """An interface string defined once at import time and translated when printed, into
    the language being written at that moment. Not a `str`: joining or concatenating it
    fails loudly instead of printing English on a French page; use str() or an f-string."""

    __slots__ = ("source",)

    def __init__(self, source: str):
        self.source = source

    def __str__(self) -> str:
        return gettext(self.source)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"LazyText({self.source!r})"

    def __eq__(self, other) -> bool:
        if isinstance(other, LazyText):
            return self.source == other.source
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.source)

    def __lt__(self, other) -> bool:
        return str(self) < str(other)

    def format(self, *args, **kwargs) -> str:
        return str(self).format(*args, **kwargs)

    def lower(self) -> str:
        return str(self).lower()

    def capitalize(self) -> str:
        return str(self).capitalize()


def interface_table(table: dict, language: str) -> dict:
    """A table of interface strings (LazyText, or tuples and lists of them) in `language`."""

    def now(value):
        if isinstance(value, (list, tuple)):
            return type(value)(now(item) for item in value)
        return str(value)

    with writing_in(language):
        return {key: now(value) for key, value in table.items()}


# --- names, dates and numbers for the language being written --------------------------
# English as Europe writes it: 3 April 2024, not April 3, 2024.
_FORMAT_LOCALES = {"en": "en_IE"}


def _format_locale() -> str:
    language = output_language()
    return _FORMAT_LOCALES.get(language, language)


def language_name(code: str, in_language: str | None = None) -> str:
    """'French' (in English), 'français' (in French): the name of a language."""
    name = Locale.parse(code).get_display_name(in_language or output_language()) or code
    return name[:1].upper() + name[1:] if in_language is None else name


@functools.cache
def _country_translations(language: str):
    if language == SOURCE_LANGUAGE:
        return gettext_module.NullTranslations()
    return gettext_module.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name_in(name: str) -> str:
    """An English country name from pycountry, in the language being written."""
    return _country_translations(output_language()).gettext(name)


def format_day(day: datetime.date) -> str:
    """'3 April 2024', '3 avril 2024'."""
    return _format_day(day, _format_locale())


def format_month(year: int, month: int) -> str:
    """'April 2024', 'avril 2024'."""
    return _format_month(year, month, _format_locale())


def format_number(number: int | float, pattern: str | None = None) -> str:
    """'10,000' in English, '10 000' in French; `pattern` as Babel's ('#,##0.0')."""
    return _format_number(number, pattern, _format_locale())


# Babel parses its locale data and the pattern on every call: the same few dates and
# figures recur on thousands of pages, so each is formatted once per locale.
@functools.lru_cache(maxsize=8192)
def _format_day(day: datetime.date, locale: str) -> str:
    return babel_format_date(day, "long", locale=locale)


@functools.lru_cache(maxsize=4096)
def _format_month(year: int, month: int, locale: str) -> str:
    return format_skeleton("yMMMM", datetime.date(year, month, 1), locale=locale)


@functools.lru_cache(maxsize=8192, typed=True)  # 1 and 1.0 apart
def _format_number(number: int | float, pattern: str | None, locale: str) -> str:
    return format_decimal(number, format=pattern, locale=locale)
