"""The checked records with their relations, navigable both ways.

Only one side of a relation is written in the content (a community names its members); the
other side (the communities of an organisation) is derived here from the field definitions,
so it can never disagree with the content. What a reference means (a parent, a member, a
signatory) is declared on the field (kinds.py); the walks below read only that.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from .facets import FacetIndex
from .fields import Relation, ref_fields
from .kinds import KINDS
from .model import Page, Record
from .values import output_language


class KnowledgeBase:
    def __init__(self, records: list[Record], pages: list[Page] | None = None):
        self.records = sorted(records, key=lambda r: (r.kind.name, r.id))
        self.pages = pages or []
        self.by_id = {r.id: r for r in self.records}
        self._refs = {kind.name: ref_fields(kind.fields) for kind in KINDS.values()}
        # target id -> (record pointing to it, field name, relation), in record order
        self._incoming: dict[str, list[tuple[Record, str, Relation | None]]] = defaultdict(list)
        for record in self.records:
            for definition, ref in self._refs[record.kind.name]:
                for target in self._ids(record, definition.name):
                    self._incoming[target].append((record, definition.name, ref.relation))
        # Both depend on the titles, so on the language being written.
        self._sort_keys: dict[tuple[str, str], tuple] = {}
        self._of_kind: dict[tuple[str, str], list[Record]] = {}
        self.facet_index = FacetIndex(self)

    @cached_property
    def kinds(self):
        return list(KINDS.values())

    # --- lookups -------------------------------------------------------------
    def of_kind(self, kind: str) -> list[Record]:
        key = (output_language(), kind)
        if key not in self._of_kind:
            mine = [r for r in self.records if r.kind.name == kind]
            self._of_kind[key] = sorted(mine, key=self.sort_key)
        return self._of_kind[key]

    def get(self, record_id: str | None) -> Record | None:
        return self.by_id.get(record_id) if record_id else None

    @staticmethod
    def _ids(record: Record, field_name: str) -> list[str]:
        value = record.data.get(field_name)
        return value if isinstance(value, list) else [value] if value else []

    def refs(self, record: Record, field_name: str) -> list[Record]:
        """The records a reference field points to, in the order written."""
        return [self.by_id[i] for i in self._ids(record, field_name) if i in self.by_id]

    def linking(self, record: Record, kind: str, *fields: str) -> list[Record]:
        """Records of `kind` that point to `record` through one of `fields`."""
        found = {
            source.id: source
            for source, name, _ in self._incoming[record.id]
            if source.kind.name == kind and (not fields or name in fields)
        }
        return sorted(found.values(), key=self.sort_key)

    def references_to(self, record: Record) -> list[tuple[Record, str, Relation | None]]:
        """(record, field name, relation) of every reference to `record`, by record id."""
        return sorted(self._incoming[record.id], key=lambda ref: (ref[0].id, ref[1]))

    def sort_key(self, record: Record) -> tuple:
        """Listings run by wave, then by title."""
        key = (output_language(), record.id)
        if key not in self._sort_keys:
            wave = self.ancestor(record, "wave")
            self._sort_keys[key] = (wave.number if wave else 0, record.title.lower())
        return self._sort_keys[key]

    # --- relations declared on the fields ---------------------------------------
    def _related(self, record: Record, *relations: Relation) -> list[Record]:
        found: dict[str, Record] = {}
        for definition, ref in self._refs[record.kind.name]:
            if ref.relation in relations:
                for target in self.refs(record, definition.name):
                    found.setdefault(target.id, target)
        return list(found.values())

    def parent(self, record: Record) -> Record | None:
        """The record this one belongs to (an outcome's community, a community's wave)."""
        parents = self._related(record, Relation.PARENT)
        return parents[0] if parents else None

    def ancestor(self, record: Record, kind: str) -> Record | None:
        """The record itself or the nearest parent up its chain that is of `kind`."""
        seen = set()
        while record is not None and record.id not in seen:
            if record.kind.name == kind:
                return record
            seen.add(record.id)
            record = self.parent(record)
        return None

    def children(self, record: Record, kind: str) -> list[Record]:
        """Records of `kind` that belong to this one."""
        names = [n for s, n, rel in self._incoming[record.id] if rel is Relation.PARENT]
        return self.linking(record, kind, *names) if names else []

    def participants(self, record: Record) -> list[Record]:
        """Who takes part in a record (a group's lead, coordinator and members; a statement's
        signatories), each once, in the order the fields are defined."""
        return self._related(record, Relation.MEMBER, Relation.SIGNATORY)

    def members(self, record: Record) -> list[Record]:
        return self._related(record, Relation.MEMBER)

    def groups_of(self, record: Record) -> list[Record]:
        """The groups a record takes part in as a member, in listing order."""
        found = {s.id: s for s, _, rel in self._incoming[record.id] if rel is Relation.MEMBER}
        return sorted(found.values(), key=self.sort_key)

    def role_in(self, member: Record, group: Record) -> str:
        """The label of the first field by which `group` names `member` (Lead, Member)."""
        for definition, ref in self._refs[group.kind.name]:
            if ref.relation is Relation.MEMBER and member.id in self._ids(group, definition.name):
                return ref.label
        return ""

    def signed_by(self, record: Record) -> list[Record]:
        """What a record signed."""
        found = {s.id: s for s, _, rel in self._incoming[record.id] if rel is Relation.SIGNATORY}
        return sorted(found.values(), key=self.sort_key)

    def successors(self, record: Record) -> list[Record]:
        """Records of the same kind that name this one as their predecessor."""
        return self.linking(record, record.kind.name, "predecessor")

    def around(self, ids: set[str], steps: int) -> set[str]:
        """Ids of the records at most `steps` references away from `ids`, either way: the
        records whose pages can show something of them."""
        found, edge = set(ids), set(ids)
        for _ in range(steps):
            step = set()
            for record_id in edge:
                step.update(source.id for source, _, _ in self._incoming.get(record_id, ()))
                record = self.by_id.get(record_id)
                if record is not None:
                    for definition, _ in self._refs[record.kind.name]:
                        step.update(self._ids(record, definition.name))
            edge = step - found
            found |= step
        return found

    # --- facets ----------------------------------------------------------------
    def facets(self, record: Record) -> dict[str, list[str]]:
        """Filter values of a record, as labels a buyer reads; several values count in each."""
        return self.facet_index.of(record)
