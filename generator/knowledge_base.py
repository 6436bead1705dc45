"""The checked records with their relations, navigable both ways.

Only one side of a relation is written in the content (a community names its members);
the other side (the communities of an organisation) is derived here from the field
definitions, so it can never disagree with the content.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from .countries import country_name
from .cpv import division_label
from .fields import ListField, RefField
from .kinds import AMBITION_LEVELS, KINDS, ORGANISATION_TYPES, THEMES
from .loader import Page, Record


def _ref_fields(kind) -> list[tuple[str, bool]]:
    """(field name, is a list) for every top-level reference field of a kind."""
    found = []
    for f in kind.fields:
        if isinstance(f, RefField):
            found.append((f.name, False))
        elif isinstance(f, ListField) and isinstance(f.item, RefField):
            found.append((f.name, True))
    return found


class KnowledgeBase:
    def __init__(self, records: list[Record], pages: list[Page] | None = None):
        self.records = sorted(records, key=lambda r: (r.kind.name, r.id))
        self.pages = pages or []
        self.by_id = {r.id: r for r in self.records}
        self._incoming: dict[str, list[tuple[Record, str]]] = defaultdict(list)
        for record in self.records:
            for name, is_list in _ref_fields(record.kind):
                value = record.data.get(name)
                for target in (value or []) if is_list else ([value] if value else []):
                    self._incoming[target].append((record, name))

    # --- lookups -------------------------------------------------------------
    def of_kind(self, kind: str) -> list[Record]:
        return sorted((r for r in self.records if r.kind.name == kind), key=self.sort_key)

    def get(self, record_id: str | None) -> Record | None:
        return self.by_id.get(record_id) if record_id else None

    def refs(self, record: Record, field_name: str) -> list[Record]:
        """The records a reference field points to, in the order written."""
        value = record.data.get(field_name)
        ids = value if isinstance(value, list) else [value] if value else []
        return [self.by_id[i] for i in ids if i in self.by_id]

    def linking(self, record: Record, kind: str, *fields: str) -> list[Record]:
        """Records of `kind` that point to `record` through one of `fields`."""
        found = {source.id: source for source, name in self._incoming[record.id]
                 if source.kind.name == kind and (not fields or name in fields)}
        return sorted(found.values(), key=self.sort_key)

    def sort_key(self, record: Record) -> tuple:
        wave = self.wave_of(record)
        return (wave.number if wave else 0, record.title.lower())

    # --- derived relations ---------------------------------------------------
    def community_of(self, record: Record) -> Record | None:
        return self.get(record.data.get("community"))

    def wave_of(self, record: Record) -> Record | None:
        if record.kind.name == "wave":
            return record
        if record.kind.name == "community":
            return self.get(record.data.get("wave"))
        community = self.community_of(record)
        return self.wave_of(community) if community else None

    def theme_of(self, record: Record) -> str | None:
        if record.data.get("theme"):
            return record.data["theme"]
        community = self.community_of(record)
        return community.data.get("theme") if community else None

    def participants(self, community: Record) -> list[Record]:
        """Lead, coordinator and members of a community, each once."""
        seen: dict[str, Record] = {}
        for name in ("lead", "coordinator", "members"):
            for org in self.refs(community, name):
                seen.setdefault(org.id, org)
        return list(seen.values())

    def organisations_of(self, record: Record) -> list[Record]:
        """The organisations a record is tied to, which give it its countries."""
        kind = record.kind.name
        if kind == "organisation":
            return [record]
        if kind == "community":
            return self.participants(record)
        if kind == "statement":
            return self.refs(record, "signatories")
        if kind in ("outcome", "template"):
            community = self.community_of(record)
            return self.participants(community) if community else []
        return []

    def communities_of(self, organisation: Record) -> list[Record]:
        return self.linking(organisation, "community", "lead", "coordinator", "members")

    def successors(self, community: Record) -> list[Record]:
        return self.linking(community, "community", "predecessor")

    # --- facets --------------------------------------------------------------
    def facets(self, record: Record) -> dict[str, list[str]]:
        """Filter values of a record, as labels a buyer reads; several values count in each."""
        facets: dict[str, list[str]] = {"kind": [record.kind.label]}
        wave = self.wave_of(record)
        waves = [wave] if wave else []
        if record.kind.name == "organisation":
            waves = sorted({w.id: w for c in self.communities_of(record)
                            if (w := self.wave_of(c))}.values(), key=lambda w: w.number)
        if waves:
            facets["wave"] = [str(w.name) for w in waves]
        community = record if record.kind.name == "community" else self.community_of(record)
        communities = [community] if community else []
        if record.kind.name == "organisation":
            communities = self.communities_of(record)
        if communities:
            facets["community"] = [c.title for c in communities]
        theme = self.theme_of(record)
        if theme:
            facets["theme"] = [THEMES[theme]]
        orgs = self.organisations_of(record)
        countries = sorted({country_name(o.data["country"]) for o in orgs if "country" in o.data})
        if countries:
            facets["country"] = countries
        types = sorted({ORGANISATION_TYPES[o.data["org_type"]] for o in orgs
                        if "org_type" in o.data})
        if types and record.kind.name == "organisation":
            facets["organisation type"] = types
        cpv = sorted({division_label(c) for c in record.data.get("cpv_codes", [])})
        if cpv:
            facets["CPV"] = cpv
        ambitions = sorted({AMBITION_LEVELS[c["ambition"]]
                            for c in record.data.get("criteria", []) if "ambition" in c})
        if ambitions:
            facets["ambition"] = ambitions
        return facets

    @cached_property
    def kinds(self):
        return list(KINDS.values())
