"""Open data downloads: the records as JSON (one file per kind and one with everything), the
JSON Schema of that export, and CSV tables for spreadsheets.

Everything here is derived from the field definitions (kinds.py): the JSON keys are the
field names, the export schema is written from each field's type, the CSV columns are the
field labels, and the relations come from the reference fields and what they declare
(Relation). A new field reaches every export, its schema and the CSV tables by itself.
"""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import io
import json
import secrets
from dataclasses import dataclass, field, replace
from typing import Any

from . import licences, paths
from .countries import COUNTRY_CODES
from .data_files import ALL, DataFile
from .fields import (
    DATE_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    ChoiceField,
    CountryField,
    DateField,
    Field,
    IntegerField,
    ListField,
    ObjectField,
    RefField,
    Relation,
    StringField,
    TextField,
    ref_fields,
)
from .i18n import LazyText, interface_table
from .kinds import Kind
from .knowledge_base import KnowledgeBase
from .model import Record

# Raise it when a consumer's code may break: a key removed, renamed or given another type.
# test_exports.py fails when the export schema changes, as a reminder.
SCHEMA_VERSION = "2.0"

ALL_NAME = "knowledge-base"
SCHEMA_NAME = "knowledge-base.schema.json"

# Interface strings, by language; {kind}, {relation} and {field} are filled in.
STRINGS = {
    "all_title": LazyText("Big Buyers knowledge base: every record"),
    "all_description": LazyText(
        "Every record of the knowledge base, with its fields in every language written, "
        "its sources and caveats, and its relations to other records as ids and page "
        "addresses."
    ),
    "kind_title": LazyText("Big Buyers knowledge base: {kind}"),
    "kind_description": LazyText(
        "Every record of the kind '{kind}', as in the export of every record."
    ),
    "schema_title": LazyText("JSON Schema of the JSON exports"),
    "schema_description": LazyText(
        "The format of every JSON export: its keys, types and allowed values, with the "
        "label and meaning of each field."
    ),
    "csv_records_title": LazyText("{kind} (CSV table)"),
    "csv_records_description": LazyText(
        "One row per record: its fields as columns, lists in one cell, one entry per line."
    ),
    "csv_relation_title": LazyText("{kind} and their {relation} (CSV table)"),
    "csv_relation_description": LazyText(
        "One row per {role}: the record, the role and the organisation with its country and type."
    ),
    "csv_items_title": LazyText("{kind}: {field} (CSV table)"),
    "csv_items_description": LazyText(
        "One row per entry of '{field}', with the record it belongs to."
    ),
    "code": LazyText("code"),
    "id": LazyText("id"),
    "page": LazyText("Page"),
    "role": LazyText("Role"),
    "attribution": LazyText(
        "Big Buyers knowledge base, {site}. Facts from the public sources each record lists."
    ),
}
# The name of a relation's table and rows, by language.
RELATION_NAMES = {
    Relation.MEMBER: (LazyText("members"), LazyText("membership")),
    Relation.SIGNATORY: (LazyText("signatories"), LazyText("signature")),
}


def strings(language: str) -> dict:
    """The strings above in `language` (the catalogue translates them)."""
    return interface_table(STRINGS, language)


# --- JSON ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Exporter:
    kb: KnowledgeBase
    site: str  # the site's address, ending in /
    changed: dict[str, datetime.date]  # source file -> date of its last change (history.py)
    language: str = paths.DEFAULT_LANGUAGE
    # Each record is in two exports (every record, its kind's) of every language, which say
    # the same of it but for the addresses of pages: its JSON is written once, with a
    # stand-in address that each export replaces by its site's. Given the same dict, the
    # languages share it (export_files' shared_json).
    shared: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def page(self, record: Record) -> str:
        return paths.absolute(self.site, record.url)

    def reference(self, record_id: str) -> dict:
        target = self.kb.get(record_id)
        kind = target.kind.name if target else ""
        return {"id": record_id, "kind": kind, "page": self.page(target) if target else ""}

    def value(self, definition: Field, value: Any) -> Any:
        """A field's value as JSON: text by language, dates in ISO 8601, references as the
        record's id, kind and page address."""
        if isinstance(definition, TextField):
            return dict(value.by_language)
        if isinstance(definition, DateField):
            return value.iso
        if isinstance(definition, RefField):
            return self.reference(value)
        if isinstance(definition, ListField):
            return [self.value(definition.item, v) for v in value]
        if isinstance(definition, ObjectField):
            return self.values(definition.fields, value)
        return value

    def values(self, fields, data) -> dict:
        return {f.name: self.value(f, data[f.name]) for f in fields if data.get(f.name) is not None}

    def record_json(self, record: Record) -> str:
        shared = self.shared.get(record.id)
        if shared is None:
            shared = self.shared[record.id] = _json_text(self._stand_in._exported(record))
        # Replaced on each use, not kept: a copy per language would hold the JSON of every
        # record twice (80 MB more at 10,000 records).
        return shared.replace(_STAND_IN_JSON, self._site_json)

    @functools.cached_property
    def _stand_in(self) -> Exporter:
        """This exporter for the stand-in address, which each language replaces by its own."""
        return replace(self, site=_STAND_IN, shared={})

    @functools.cached_property
    def _site_json(self) -> str:
        return json.dumps(self.site, ensure_ascii=False)[1:-1]

    def _exported(self, record: Record) -> dict:
        exported = {"id": record.id, "kind": record.kind.name, "page": self.page(record)}
        if record.source in self.changed:
            exported["last_changed"] = self.changed[record.source].isoformat()
        exported["fields"] = self.values(_own_fields(record.kind), record.data)
        exported["referenced_by"] = [
            {**self.reference(source.id), "field": name, "relation": _relation(relation)}
            for source, name, relation in self.kb.references_to(record)
        ]
        return exported

    def document(self, records: list[Record], title: str, description: str) -> bytes:
        text = strings(self.language)
        document = {
            "$schema": paths.absolute(self.site, paths.data_file(SCHEMA_NAME)),
            "schema_version": SCHEMA_VERSION,
            "title": title,
            "description": description,
            "site": self.site,
            "licence": licences.as_json(licences.CONTENT),
            "code_licence": licences.as_json(licences.CODE),
            "attribution": text["attribution"].format(site=self.site),
        }
        # The records go last, each as written once: what json.dumps would give them here.
        records_json = ",".join(self.record_json(r) for r in records)
        return f'{_json_text(document)[:-1]},"records":[{records_json}]}}\n'.encode()

    def files(self) -> list[DataFile]:
        text = strings(self.language)
        schema = paths.data_file(SCHEMA_NAME)
        found = [
            DataFile(
                paths.data_file(f"{ALL_NAME}.json"),
                self.document(self.kb.records, text["all_title"], text["all_description"]),
                text["all_title"],
                text["all_description"],
                "application/json",
                "JSON",
                ALL,
                schema,
            )
        ]
        for kind in self.kb.kinds:
            title = text["kind_title"].format(kind=kind.label_plural)
            description = text["kind_description"].format(kind=kind.label)
            records = sorted(self.kb.of_kind(kind.name), key=lambda r: r.id)
            found.append(
                DataFile(
                    paths.data_file(f"{kind.pages_folder}.json"),
                    self.document(records, title, description),
                    title,
                    description,
                    "application/json",
                    "JSON",
                    kind.name,
                    schema,
                )
            )
        found.append(
            DataFile(
                schema,
                _json_bytes(export_schema(self.kb.kinds, self.site, self.language), indent=2),
                text["schema_title"],
                text["schema_description"],
                "application/schema+json",
                "JSON",
                ALL,
            )
        )
        return found


# The site's address in the JSON of a record shared by the languages' exports: each puts its
# own address in its place. Unguessable, so that no text of a record can hold it; never
# written out, so builds stay byte-identical.
_STAND_IN = f"https://{secrets.token_hex(16)}.invalid/"
_STAND_IN_JSON = json.dumps(_STAND_IN)[1:-1]


def _own_fields(kind: Kind) -> list[Field]:
    """Every field but the id, which is the record's own key in an export."""
    return [f for f in kind.fields if f.name != "id"]


def _relation(relation: Relation | None) -> str | None:
    return relation.value if relation else None


def _json_bytes(document: Any, indent: int | None = None) -> bytes:
    return (_json_text(document, indent) + "\n").encode()


def _json_text(value: Any, indent: int | None = None) -> str:
    """`value` as JSON: compact, or indented by `indent` spaces."""
    separators = None if indent else (",", ":")
    return json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)


# --- the export's JSON Schema --------------------------------------------------------------
def _reference_schema(kinds: tuple[str, ...]) -> dict:
    return {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN},
            "kind": {"enum": list(kinds)},
            "page": {"type": "string", "format": "uri"},
        },
        "required": ["id", "kind", "page"],
        "additionalProperties": False,
    }


def field_schema(definition: Field) -> dict:
    """The JSON Schema of a field's exported value, with its label and meaning."""
    schema: dict[str, Any]
    if isinstance(definition, TextField):
        schema = {
            "type": "object",
            "description": f"{definition.help}; by language code (en is always there)",
            "required": ["en"],
            "patternProperties": {LANGUAGE_PATTERN: {"type": "string"}},
            "additionalProperties": False,
        }
    elif isinstance(definition, DateField):
        schema = {"type": "string", "pattern": DATE_PATTERN}
    elif isinstance(definition, RefField):
        schema = _reference_schema(definition.kinds)
    elif isinstance(definition, ListField):
        schema = {"type": "array", "items": field_schema(definition.item)}
        if definition.min_items:
            schema["minItems"] = definition.min_items
    elif isinstance(definition, ObjectField):
        schema = {
            "type": "object",
            "properties": {f.name: field_schema(f) for f in definition.fields},
            "required": [f.name for f in definition.fields if f.required],
            "additionalProperties": False,
        }
    elif isinstance(definition, ChoiceField):
        choices = definition.choices.items()
        schema = {"type": "string", "oneOf": [{"const": v, "title": str(t)} for v, t in choices]}
    elif isinstance(definition, CountryField):
        schema = {"type": "string", "enum": sorted(COUNTRY_CODES)}
    elif isinstance(definition, IntegerField):
        schema = {"type": "integer"}
    elif isinstance(definition, StringField) and definition.pattern:
        schema = {"type": "string", "pattern": definition.pattern}
    else:  # plain text, web addresses, CPV codes: text as written and checked
        schema = {"type": "string"}
    return {"title": str(definition.label), "description": definition.help, **schema}


def _record_schema(kind: Kind, kinds: list[Kind]) -> dict:
    fields = _own_fields(kind)
    return {
        "title": str(kind.label),
        "description": str(kind.intro),
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN},
            "kind": {"const": kind.name},
            "page": {"type": "string", "format": "uri"},
            "last_changed": {"type": "string", "format": "date"},
            "fields": {
                "type": "object",
                "properties": {f.name: field_schema(f) for f in fields},
                "required": [f.name for f in fields if f.required],
                "additionalProperties": False,
            },
            "referenced_by": {
                "description": "the records that refer to this one, and by which field",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        **_reference_schema(tuple(k.name for k in kinds))["properties"],
                        "field": {"type": "string"},
                        "relation": {"enum": [*(r.value for r in Relation), None]},
                    },
                    "required": ["id", "kind", "page", "field", "relation"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["id", "kind", "page", "fields", "referenced_by"],
        "additionalProperties": False,
    }


def export_schema(kinds: list[Kind], site: str, language: str = paths.DEFAULT_LANGUAGE) -> dict:
    text = strings(language)
    licence = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "spdx": {"type": "string"}, "url": {}},
        "required": ["name", "spdx", "url"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": paths.absolute(site, paths.data_file(SCHEMA_NAME)),
        "title": text["schema_title"],
        "description": text["schema_description"],
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "schema_version": {"const": SCHEMA_VERSION},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "site": {"type": "string", "format": "uri"},
            "licence": licence,
            "code_licence": licence,
            "attribution": {"type": "string"},
            "records": {
                "type": "array",
                "items": {"oneOf": [{"$ref": f"#/$defs/{k.name}"} for k in kinds]},
            },
        },
        "required": ["schema_version", "licence", "code_licence", "records"],
        "additionalProperties": False,
        "$defs": {k.name: _record_schema(k, kinds) for k in kinds},
    }


def schema_digest(kinds: list[Kind]) -> str:
    """A fingerprint of the export format, whatever the site's address."""
    text = json.dumps(export_schema(kinds, ""), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- CSV ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    header: str
    cell: Any  # Record or item -> str


class Tables:
    """CSV tables for spreadsheets: one of records per kind, one per relation between a
    record and organisations (a group's members, a statement's signatories), and one per
    list of entries with ids (a template's criteria)."""

    def __init__(self, kb: KnowledgeBase, site: str, language: str = paths.DEFAULT_LANGUAGE):
        self.kb = kb
        self.site = site
        self.language = language
        self.text = strings(language)

    # cells
    def _text(self, value) -> str:
        return value.text(self.language)

    def cell(self, definition: Field, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(definition, TextField):
            return self._text(value)
        if isinstance(definition, DateField):
            return value.iso
        if isinstance(definition, RefField):
            target = self.kb.get(value)
            return target.title if target else value
        if isinstance(definition, ListField):
            return "\n".join(self.cell(definition.item, v) for v in value)  # one per line
        if isinstance(definition, ObjectField):
            parts = (
                f"{f.label}: {self.cell(f, value[f.name])}"
                for f in definition.fields
                if value.get(f.name) is not None
            )
            return "; ".join(parts)
        return definition.value_label(value)

    def columns(self, fields, prefix: str = "", *, nested: bool = False) -> list[Column]:
        """A column per field; a second one with the code or id where the first shows a
        label or a name. Lists of objects (activities, criteria) have tables of their own,
        except inside an entry of such a table (a criterion's parameters), where they fill
        one cell."""
        found = []
        for f in fields:
            if _is_table(f) and not nested:
                continue
            found.append(Column(f"{prefix}{f.label}", _getter(self, f)))
            inner = f.item if isinstance(f, ListField) else f
            if isinstance(inner, ChoiceField | CountryField):
                found.append(Column(f"{prefix}{f.label} ({self.text['code']})", _raw(f)))
            elif isinstance(inner, RefField):
                found.append(Column(f"{prefix}{f.label} ({self.text['id']})", _raw(f)))
        return found

    def record_columns(self, kind: Kind, prefix: str = "", *, key_only: bool = False):
        """Every field of a kind, or only what identifies and groups its records (the id,
        the title, what it belongs to and its facets) when the table is about another
        thing."""
        fields = list(kind.fields)
        if key_only:
            parents = {d.name for d, ref in ref_fields(fields) if ref.relation is Relation.PARENT}
            fields = [
                f
                for f in fields
                if f.name in ("id", kind.title_field) or f.name in parents or f.facet
            ]
        page = Column(prefix + self.text["page"], lambda r: paths.absolute(self.site, r.url))
        columns = self.columns(fields, prefix)
        return [columns[0], page, *columns[1:]]

    # tables
    def records_table(self, kind: Kind) -> tuple[list[str], list[list[str]]]:
        columns = self.record_columns(kind)
        rows = [[c.cell(r) for c in columns] for r in _by_id(self.kb.of_kind(kind.name))]
        return [c.header for c in columns], rows

    def relation_table(self, kind: Kind, relation: Relation):
        refs = [(d, ref) for d, ref in ref_fields(kind.fields) if ref.relation is relation]
        owner = self.record_columns(kind, f"{kind.label}: ", key_only=True)
        target_kinds = {k for _, ref in refs for k in ref.kinds}
        target = [
            c
            for k in self.kb.kinds
            if k.name in target_kinds
            for c in self.record_columns(k, f"{k.label}: ", key_only=True)
        ]
        target_cells = _cells_by_record(target)  # an organisation is in many rows
        rows = []
        for record in _by_id(self.kb.of_kind(kind.name)):
            owner_cells = [c.cell(record) for c in owner]
            for definition, ref in refs:
                for other in self.kb.refs(record, definition.name):
                    rows.append(owner_cells + [str(ref.label)] + target_cells(other))
        headers = [c.header for c in owner] + [self.text["role"]] + [c.header for c in target]
        return headers, rows

    def items_table(self, kind: Kind, definition: ListField):
        owner = self.record_columns(kind, f"{kind.label}: ", key_only=True)
        item = definition.item
        prefix = f"{item.name.capitalize()}: "
        columns = self.columns(item.fields, prefix, nested=True)
        owner_cells = _cells_by_record(owner)  # the same in each row of a record's entries
        rows = [
            owner_cells(record) + [c.cell(entry) for c in columns]
            for record in _by_id(self.kb.of_kind(kind.name))
            for entry in record.get(definition.name, [])
        ]
        return [c.header for c in owner + columns], rows

    def files(self) -> list[DataFile]:
        found = []
        for kind in self.kb.kinds:
            found.append(
                self._file(
                    kind.pages_folder,
                    self.records_table(kind),
                    self.text["csv_records_title"].format(kind=kind.label_plural),
                    self.text["csv_records_description"],
                    kind,
                )
            )
            relations = {ref.relation for _, ref in ref_fields(kind.fields)}
            for relation, (plural, row) in interface_table(RELATION_NAMES, self.language).items():
                if relation in relations:
                    found.append(
                        self._file(
                            f"{kind.pages_folder}-{plural}",
                            self.relation_table(kind, relation),
                            self.text["csv_relation_title"].format(
                                kind=kind.label_plural, relation=plural
                            ),
                            self.text["csv_relation_description"].format(role=row),
                            kind,
                        )
                    )
            for definition in kind.fields:
                if _is_table(definition) and getattr(definition, "unique_by", None):
                    found.append(
                        self._file(
                            f"{kind.pages_folder}-{definition.name}",
                            self.items_table(kind, definition),
                            self.text["csv_items_title"].format(
                                kind=kind.label_plural, field=definition.label
                            ),
                            self.text["csv_items_description"].format(field=definition.label),
                            kind,
                        )
                    )
        return found

    def _file(self, name, table, title, description, kind: Kind) -> DataFile:
        headers, rows = table
        return DataFile(
            paths.data_file(f"{name}.csv"),
            csv_bytes(headers, rows),
            title,
            description,
            "text/csv",
            "CSV",
            kind.name,
        )


def csv_bytes(headers: list[str], rows: list[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows accents right; CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _is_table(definition: Field) -> bool:
    return isinstance(definition, ListField | ObjectField) and isinstance(
        getattr(definition, "item", definition), ObjectField
    )


def _getter(tables: Tables, definition: Field):
    return lambda record: tables.cell(definition, record.get(definition.name))


def _raw(definition: Field):
    def cell(record: Record) -> str:
        value = record.get(definition.name)
        if value is None:
            return ""
        return "\n".join(value) if isinstance(value, list) else str(value)

    return cell


def _cells_by_record(columns: list[Column]):
    """record -> its cells in `columns`, made once per record for a table that repeats them
    (at 10,000 records, remaking them took a tenth of the open data's time)."""
    made: dict[str, list[str]] = {}

    def cells(record: Record) -> list[str]:
        if record.id not in made:
            made[record.id] = [c.cell(record) for c in columns]
        return made[record.id]

    return cells


def _by_id(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda r: r.id)


def export_files(
    kb: KnowledgeBase,
    site: str,
    changed: dict[str, datetime.date],
    language: str = paths.DEFAULT_LANGUAGE,
    shared_json: dict[str, str] | None = None,
) -> list[DataFile]:
    """Every JSON export, its schema and every CSV table. The exports of the languages of a
    site given the same `shared_json` write each record's JSON once."""
    exporter = Exporter(
        kb, site, changed, language, shared={} if shared_json is None else shared_json
    )
    return exporter.files() + Tables(kb, site, language).files()
