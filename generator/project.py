"""Where things are in a knowledge-base project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCHEMAS = Path(__file__).parent / "schemas"  # committed, for editors' IDEs


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: Path | str = ".") -> Project:
        return cls(Path(root).resolve())

    @classmethod
    def around(cls, folder: Path | str = ".") -> Project:
        """The project `folder` is in: the nearest folder up from it that holds both
        content/ and mkdocs.yml (so `bbkb new` run in content/organisations/ still writes
        where records belong); `folder` itself when there is none."""
        start = Path(folder).resolve()
        for candidate in (start, *start.parents):
            if (candidate / "content").is_dir() and (candidate / "mkdocs.yml").is_file():
                return cls(candidate)
        return cls(start)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def build(self) -> Path:
        """Generated, never committed: the Markdown MkDocs reads and its config."""
        return self.root / "build"

    @property
    def docs(self) -> Path:
        return self.build / "docs"

    @property
    def build_config(self) -> Path:
        return self.build / "mkdocs.yml"

    @property
    def site(self) -> Path:
        return self.root / "site"
