"""Problems found in the content, reported to editors as `file:line:col: severity: message`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Position:
    """Where a value starts in a file; line and column count from 1."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    position: Position
    severity: str  # "error" or "warning"
    field: str
    message: str
    hint: str = ""

    def text(self) -> str:
        where = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.position}: {self.severity}: {where}{self.message}{hint}"


@dataclass
class ProblemList:
    """Collects every problem of a run so editors see them all at once."""

    items: list[Problem] = field(default_factory=list)
    # language -> kind -> (texts translated, texts), when the check counted them
    translations: dict | None = None

    def error(self, position: Position, field_name: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(position, "error", field_name, message, hint))

    def warning(self, position: Position, field_name: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(position, "warning", field_name, message, hint))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=_sort_key)


def _sort_key(problem: Problem) -> tuple:
    return (
        problem.position.path,
        problem.position.line,
        problem.position.column,
        problem.field,
        problem.message,
    )


def display_path(path: Path, root: Path) -> str:
    """A path as the editor sees it in the repository: relative to the project root."""
    try:  # without a look at the disk first: the check shows the path of every file
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
