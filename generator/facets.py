"""Search facets: declared once on the fields (or kinds) whose values they filter by.

A facet's values for a record come from the record's own fields that declare it, and, as
the facet says, from related records: a record without a value of its own takes its
parent's (an outcome has the wave of its community), a group takes its participants' (a
community has the countries of its members), and a member takes its groups' (an
organisation has the waves of the groups it joined).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .fields import Field, ListField, ObjectField
from .i18n import LazyText
from .values import output_language

if TYPE_CHECKING:
    from .knowledge_base import KnowledgeBase
    from .model import Record


@dataclass(frozen=True)
class Facet:
    name: str  # the filter's name in the search index
    param: str  # its name in an Explore address, e.g. ?country=Norway
    heading: str  # shown above its values on the Explore page
    position: int = 100  # where Explore shows it: lower first
    inherited: bool = False  # a record without values of its own takes its parent's
    gathered: bool = False  # a group takes those of its members and signatories
    spread: bool = False  # a member takes those of the groups it takes part in
    natural_order: bool = False  # Explore lists its values in the records' order, not by count
    label: Callable[[str], str] | None = None  # groups values under another label (CPV division)

    def __post_init__(self):
        # The heading is printed in the language being written (the catalogue translates it).
        object.__setattr__(self, "heading", LazyText(str(self.heading)))


# Every record has a kind; the other facets are declared on fields and kinds (kinds.py).
KIND_FACET = Facet("kind", "kind", "Record type", position=0, natural_order=True)

FacetValue = tuple[Any, str]  # (sort key, label)


def field_facets(fields) -> list[tuple[list[str], Field]]:
    """(path of field names, field) for every field, at any depth, that feeds a facet."""
    found = []
    for definition in fields:
        if definition.facet:
            found.append(([definition.name], definition))
        inner = definition.item if isinstance(definition, ListField) else definition
        if isinstance(inner, ObjectField):
            found += [([definition.name, *path], f) for path, f in field_facets(inner.fields)]
        elif inner is not definition and inner.facet:
            found.append(([definition.name], inner))
    return found


def _values_at(data, path: list[str]) -> list:
    """The values under a path of field names, stepping into lists."""
    values = data if isinstance(data, list) else [data]
    for name in path:
        values = [v.get(name) if hasattr(v, "get") else None for v in values]
        values = [x for v in values if v is not None for x in (v if isinstance(v, list) else [v])]
    return values


class FacetIndex:
    """Facet values of every record of a knowledge base, each computed once."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.facets = all_facets(kb.kinds)
        self._fields = {kind.name: field_facets(kind.fields) for kind in kb.kinds}
        self._cache: dict[tuple[str, str, str], list[FacetValue]] = {}

    def of(self, record: Record) -> dict[str, list[str]]:
        """Filter values of a record, as labels a buyer reads, in the facets' order."""
        found = {}
        for facet in self.facets:
            values = self.values(record, facet)
            if values:
                found[facet.name] = [label for _, label in values]
        return found

    def values(self, record: Record, facet: Facet) -> list[FacetValue]:
        key = (record.id, facet.name, output_language())  # labels differ by language
        if key not in self._cache:
            self._cache[key] = []  # a relation cycle ends here instead of recursing
            self._cache[key] = self._compute(record, facet)
        return self._cache[key]

    def _compute(self, record: Record, facet: Facet) -> list[FacetValue]:
        kb = self.kb
        found: list[FacetValue] = []
        if facet is KIND_FACET:
            found.append(((), str(record.kind.label)))
        if record.kind.facet is facet:
            found.append((kb.sort_key(record), record.title))
        for path, definition in self._fields[record.kind.name]:
            if definition.facet is facet:
                found += [((), _label(facet, definition, v)) for v in _values_at(record.data, path)]
        if facet.gathered:
            for other in kb.participants(record):
                found += self.values(other, facet)
        if facet.spread:
            for group in kb.groups_of(record):
                found += self.values(group, facet)
        if not found and facet.inherited and (parent := kb.parent(record)):
            return self.values(parent, facet)
        # Field values count once per label; records once each, even when two share a title.
        unique = dict.fromkeys(found)
        return sorted(unique, key=lambda value: value[0] or value[1])


def _label(facet: Facet, definition: Field, value) -> str:
    return str(facet.label(value) if facet.label else definition.value_label(value))


def all_facets(kinds) -> list[Facet]:
    """Every facet the kinds declare, in the order Explore shows them."""
    declared = [KIND_FACET]
    for kind in kinds:
        declared += [kind.facet] if kind.facet else []
        declared += [f.facet for _, f in field_facets(kind.fields)]
    unique = {facet.name: facet for facet in declared}
    return sorted(unique.values(), key=lambda facet: facet.position)


def natural_order(kb: KnowledgeBase, facet: Facet) -> list[str]:
    """The values of a facet in the records' own order, for facets that have one."""
    if not facet.natural_order:
        return []
    if facet is KIND_FACET:
        return [str(kind.label) for kind in kb.kinds]
    records = [r for kind in kb.kinds if kind.facet is facet for r in kb.of_kind(kind.name)]
    return [label for r in records for _, label in kb.facet_index.values(r, facet)]
