"""What the checked content is made of: records of the kinds, and free Markdown pages."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import paths
from .kinds import Kind
from .values import LocalText


@dataclass
class Record:
    kind: Kind
    id: str
    data: dict[str, Any]
    source: str  # path relative to the project root, e.g. content/outcomes/x.yml

    def __getattr__(self, name: str) -> Any:
        # Templates read fields as attributes; a field left out is None. Through __dict__: a
        # record being unpickled (from a process that read it) is asked for attributes
        # before it has data.
        try:
            return self.__dict__["data"][name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str, default: Any = None) -> Any:
        """A field's value, or `default` when the record has none (or its kind lacks it)."""
        value = self.data.get(name)
        return default if value is None else value

    @property
    def title(self) -> str:
        """The title in the language being written (English where it has none)."""
        return str(self.data[self.kind.title_field])

    @property
    def title_text(self) -> LocalText | str:
        """The title with its translations, for marking the language it is shown in."""
        return self.data[self.kind.title_field]

    def untranslated(self, language: str) -> tuple[bool, bool]:
        """(some text shows in English, some translation may be outdated) in `language`."""
        texts = list(local_texts(self.data))
        return (
            any(text.shown_in(language) != language for text in texts),
            any(text.may_be_outdated(language) for text in texts),
        )

    @functools.cached_property  # every link to the record, in every export, asks for it
    def url(self) -> str:
        """The page's address inside the site, relative to the site root."""
        return paths.site_url(paths.record_page(self))


@dataclass
class Page:
    """A free Markdown page from content/pages/."""

    name: str
    text: str
    source: str
    front_matter: dict = field(init=False)
    translations: dict[str, Page] = field(default_factory=dict, compare=False)  # by language

    def in_language(self, language: str) -> Page:
        """The page a reader of `language` gets: its translation, or this page."""
        return self.translations.get(language, self)

    def __post_init__(self):
        self.front_matter = _front_matter(self.text)

    @property
    def title(self) -> str:
        title = self.front_matter.get("title")
        if title:
            return str(title)
        for line in self.text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return self.name.replace("-", " ").capitalize()

    @property
    def in_nav(self) -> bool:
        return self.front_matter.get("nav", True) is not False


def local_texts(value):
    """Every text (with its translations) in a record's values, at any depth."""
    if isinstance(value, LocalText):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from local_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from local_texts(item)


def _front_matter(text: str) -> dict:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            try:
                data = yaml.safe_load(text[4:end])
                return data if isinstance(data, dict) else {}
            except yaml.YAMLError:
                return {}
    return {}
