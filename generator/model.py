"""What the checked content is made of: records of the kinds, and free Markdown pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from . import paths
from .kinds import Kind


@dataclass
class Record:
    kind: Kind
    id: str
    data: dict[str, Any]
    source: str  # path relative to the project root, e.g. content/outcomes/x.yml

    def __getattr__(self, name: str) -> Any:
        # Templates read fields as attributes; a field left out is None.
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str, default: Any = None) -> Any:
        """A field's value, or `default` when the record has none (or its kind lacks it)."""
        value = self.data.get(name)
        return default if value is None else value

    @property
    def title(self) -> str:
        return str(self.data[self.kind.title_field])

    @property
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
