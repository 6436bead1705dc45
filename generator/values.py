"""Typed values that records hold once their fields are read."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

MONTHS = list(calendar.month_name)


@dataclass(frozen=True)
class LocalText:
    """Text in one or more languages; English is always there."""

    by_language: tuple[tuple[str, str], ...]

    @property
    def en(self) -> str:
        return self.by_language[0][1]  # the reader keeps English first

    def __str__(self) -> str:
        return self.en


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
        if self.day:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)


def period_text(start: PartialDate | None, end: PartialDate | None) -> str:
    """'2019 – 2020', 'since April 2023' or 'until 2022', as the dates allow."""
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"since {start}"
    if end:
        return f"until {end}"
    return ""
