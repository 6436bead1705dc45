"""Typed values that records hold once their fields are read."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import hashlib
from dataclasses import dataclass

SOURCE_LANGUAGE = "en"  # every text is written in English first; translations follow it

# The language pages, documents and exports are being written in. Text printed without a
# language given (str(record.title)) comes out in it, or in English where no translation is.
_output_language = contextvars.ContextVar("output_language", default=SOURCE_LANGUAGE)


def output_language() -> str:
    return _output_language.get()


@contextlib.contextmanager
def writing_in(language: str):
    """Everything printed inside comes out in `language` where a translation exists."""
    token = _output_language.set(language)
    try:
        yield
    finally:
        _output_language.reset(token)


def fingerprint(text: str) -> str:
    """What a translation records of the English it was made from: re-wrapping lines or
    changing spaces keeps it, any change of a word does not."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:8]


@dataclass(frozen=True)
class LocalText:
    """Text in one or more languages; English is always there. `checked` holds, per
    translation, the fingerprint of the English text it was last checked against."""

    by_language: tuple[tuple[str, str], ...]
    checked: tuple[tuple[str, str], ...] = ()
    # A proper name (an organisation's), right in every language as written: shown as it
    # is where it has no translation, neither marked as English nor counted as untranslated.
    as_written: bool = False

    @property
    def en(self) -> str:
        return self.by_language[0][1]  # the reader keeps English first

    def has(self, language: str) -> bool:
        return any(code == language for code, _ in self.by_language)

    def shown_in(self, language: str) -> str:
        """The language a reader of `language` sees this text in: it, or English."""
        return language if self.has(language) or self.as_written else SOURCE_LANGUAGE

    def text(self, language: str) -> str:
        """The text in `language`, or in English where it has no translation."""
        for code, text in self.by_language:
            if code == language:
                return text
        return self.en

    def may_be_outdated(self, language: str) -> bool:
        """True when the English changed since the translation was last checked."""
        if language == SOURCE_LANGUAGE or not self.has(language):
            return False
        return dict(self.checked).get(language) != fingerprint(self.en)

    def __str__(self) -> str:
        return self.text(_output_language.get())


@dataclass(frozen=True, order=True)
class PartialDate:
    """An ISO 8601 date at the precision the source gives: year, month or day."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        """The date in words, in the language being written: 3 April 2024, avril 2024."""
        from .i18n import format_day, format_month

        if self.day:
            return format_day(datetime.date(self.year, self.month, self.day))
        if self.month:
            return format_month(self.year, self.month)
        return str(self.year)


def period_text(start: PartialDate | None, end: PartialDate | None) -> str:
    """'2019 – 2020', 'since April 2023' or 'until 2022', as the dates allow."""
    from .i18n import _

    if start and end:
        return f"{start} – {end}"
    if start:
        return _("since {date}").format(date=start)
    if end:
        return _("until {date}").format(date=end)
    return ""
