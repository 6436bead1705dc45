"""The table of records on a kind's index page, declared on the kind (kinds.py).

Each column names what it shows; its heading and cell text come from the field definitions
and the relations, so the index template holds no knowledge of any kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .fields import ListField
from .i18n import LazyText, _, format_number
from .values import period_text

if TYPE_CHECKING:
    from .kinds import Kind
    from .knowledge_base import KnowledgeBase
    from .model import Record


class Column:
    def heading(self, kind: Kind) -> str:
        raise NotImplementedError

    def cell(self, kb: KnowledgeBase, record: Record) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class FieldColumn(Column):
    """A field's value as a reader sees it; a list shows how many entries it has."""

    field: str

    def heading(self, kind):
        return kind.field(self.field).label

    def cell(self, kb, record):
        definition = record.kind.field(self.field)
        value = record.data.get(self.field)
        if value is None:
            return ""
        if isinstance(definition, ListField):
            return format_number(len(value))
        return str(definition.value_label(value))


@dataclass(frozen=True)
class PeriodColumn(Column):
    """From a start field to an end field, either of which may be missing."""

    start: str = "start"
    end: str = "end"

    def heading(self, kind):
        return _("Period")

    def cell(self, kb, record):
        return period_text(record.data.get(self.start), record.data.get(self.end))


@dataclass(frozen=True)
class AncestorColumn(Column):
    """The short name of the record the row belongs to, up its parents (a group's wave)."""

    kind: str

    def heading(self, kind):
        from .kinds import KINDS

        return KINDS[self.kind].label

    def cell(self, kb, record):
        ancestor = kb.ancestor(record, self.kind)
        return str(ancestor.data.get("short_name") or ancestor.title) if ancestor else ""


@dataclass(frozen=True)
class GroupsColumn(Column):
    """How many groups the record takes part in as a member."""

    def heading(self, kind):
        return _("Groups")

    def cell(self, kb, record):
        return format_number(len(kb.groups_of(record)))


@dataclass(frozen=True)
class Listing:
    title_heading: LazyText | str  # the heading over the records' titles
    columns: tuple[Column, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "title_heading", LazyText(str(self.title_heading)))
