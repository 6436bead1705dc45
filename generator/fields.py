"""Field types: each one reads and checks a YAML node, and describes itself as JSON Schema.

A record kind is a list of these (see kinds.py); validation, the JSON Schemas, the
scaffolds of `bbkb new` and the templates all follow from that one list.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .countries import COUNTRY_CODES, country_name
from .markdown_safety import HTML_TAG, unsafe_link_targets
from .problems import Position, ProblemList
from .values import LocalText, PartialDate

INVALID = object()  # a value that failed its check; already reported
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
CPV_PATTERN = r"^\d{8}-\d$"
PLACEHOLDER = "TODO"


@dataclass
class RefUse:
    """A reference to another record, resolved once every record is loaded."""

    kinds: tuple[str, ...]
    target: str
    position: Position
    field_path: str


@dataclass
class ReadContext:
    path: str
    problems: ProblemList
    refs: list[RefUse] = field(default_factory=list)

    def position(self, node: Node) -> Position:
        mark = node.start_mark
        return Position(self.path, mark.line + 1, mark.column + 1)

    def error(self, node: Node, field_path: str, message: str, hint: str = "") -> object:
        self.problems.error(self.position(node), field_path, message, hint)
        return INVALID


@dataclass
class Field:
    """One named field of a record or of a nested object."""

    name: str
    help: str
    example: Any = None
    required: bool = True
    facet: str | None = None  # name of the search facet this field feeds

    # --- reading -------------------------------------------------------------
    def read(self, node: Node, ctx: ReadContext, path: str) -> Any:
        if isinstance(node, ScalarNode) and _is_placeholder(node):
            return ctx.error(node, path, "still holds the placeholder from `bbkb new`",
                             f"replace it: {self.help}")
        if node.tag.startswith("!") :
            return ctx.error(node, path, f"custom YAML tag {node.tag} is not allowed",
                             "remove the tag")
        return self.read_value(node, ctx, path)

    def read_value(self, node: Node, ctx: ReadContext, path: str) -> Any:
        raise NotImplementedError

    def is_empty(self, node: Node) -> bool:
        return isinstance(node, ScalarNode) and node.value.strip() == "" or (
            isinstance(node, ScalarNode) and node.style is None and node.value in ("~", "null")
        )

    # --- describing ----------------------------------------------------------
    def json_schema(self) -> dict:
        raise NotImplementedError

    def describe(self) -> dict:
        schema = self.json_schema()
        schema.setdefault("description", self.help)
        return schema

    def scaffold_example(self) -> Any:
        return self.example


def _is_placeholder(node: ScalarNode) -> bool:
    return node.value.strip().startswith(PLACEHOLDER)


def _scalar(node: Node, ctx: ReadContext, path: str, expected: str) -> str | object:
    if not isinstance(node, ScalarNode):
        found = "a list" if isinstance(node, SequenceNode) else "a mapping"
        return ctx.error(node, path, f"expected {expected}, found {found}",
                         "write a single value after the colon")
    return node.value


@dataclass
class StringField(Field):
    pattern: str | None = None
    pattern_hint: str = ""
    max_length: int = 300

    def read_value(self, node, ctx, path):
        value = _scalar(node, ctx, path, "a text value")
        if value is INVALID:
            return value
        value = value.strip()
        if HTML_TAG.search(value):
            return ctx.error(node, path, "contains HTML", "write plain text without < and >")
        if self.pattern and not re.match(self.pattern, value):
            return ctx.error(node, path, f"{value!r} {self.pattern_hint or 'has the wrong form'}")
        if len(value) > self.max_length:
            return ctx.error(node, path, f"is {len(value)} characters long; at most "
                             f"{self.max_length} are allowed", "shorten it")
        return value

    def json_schema(self):
        if self.pattern:
            return {"type": "string", "maxLength": self.max_length, "pattern": self.pattern}
        # The check reads the text as written, so an unquoted number is fine too.
        return {"type": ["string", "number"], "maxLength": self.max_length}


def id_field(name: str, help: str, example: str, *, required: bool = True) -> StringField:
    return StringField(name, help, example, required=required, pattern=ID_PATTERN, max_length=80,
                       pattern_hint="is not a valid id: use lower-case letters, digits and "
                       "single hyphens, e.g. 'city-of-oslo'")


@dataclass
class TextField(Field):
    """Plain text or Markdown, in English or as a mapping of language codes to text."""

    markdown: bool = False
    max_length: int = 20_000

    def read_value(self, node, ctx, path):
        if isinstance(node, MappingNode):
            return self._read_translations(node, ctx, path)
        value = _scalar(node, ctx, path, "text or a mapping of language codes to text")
        if value is INVALID:
            return value
        if not self._text_is_safe(value, node, ctx, path):
            return INVALID
        return LocalText((("en", value.strip()),))

    def _read_translations(self, node: MappingNode, ctx, path):
        texts: dict[str, str] = {}
        for key_node, value_node in node.value:
            language = key_node.value if isinstance(key_node, ScalarNode) else ""
            if not re.match(LANGUAGE_PATTERN, language):
                ctx.error(key_node, path, f"{language!r} is not a language code",
                          "use two-letter codes such as en, fr, de")
                continue
            value = _scalar(value_node, ctx, f"{path}.{language}", "text")
            if value is not INVALID and self._text_is_safe(value, value_node, ctx,
                                                           f"{path}.{language}"):
                texts[language] = value.strip()
        if "en" not in texts:
            ctx.error(node, path, "has no English text", "add an 'en:' entry")
            return INVALID
        return LocalText(tuple(sorted(texts.items(), key=lambda kv: kv[0] != "en")))

    def _text_is_safe(self, value: str, node, ctx, path) -> bool:
        if HTML_TAG.search(value):
            ctx.error(node, path, "contains HTML",
                      "write plain text or Markdown without < and >; use 'less than' in words")
            return False
        if self.markdown:
            for target in unsafe_link_targets(value):
                scheme = target.split(":", 1)[0]
                ctx.error(node, path, f"has a link to a '{scheme}:' address",
                          "links may only use http://, https:// or mailto:")
                return False
        elif not value.strip():
            ctx.error(node, path, "is empty", "write the text or remove the field")
            return False
        if len(value) > self.max_length:
            ctx.error(node, path, f"is {len(value)} characters long; at most "
                      f"{self.max_length} are allowed", "shorten it")
            return False
        return True

    def json_schema(self):
        text = {"type": ["string", "number"], "maxLength": self.max_length}
        return {"anyOf": [text, {
            "type": "object",
            "required": ["en"],
            "patternProperties": {LANGUAGE_PATTERN: text},
            "additionalProperties": False,
        }]}


@dataclass
class IntegerField(Field):
    minimum: int = 0
    maximum: int = 1_000_000_000

    def read_value(self, node, ctx, path):
        value = _scalar(node, ctx, path, "a whole number")
        if value is INVALID:
            return value
        if not re.fullmatch(r"-?\d+", value.strip()):
            return ctx.error(node, path, f"expected a whole number, found {value!r}",
                             f"write digits only, e.g. {self.example}")
        number = int(value)
        if not self.minimum <= number <= self.maximum:
            return ctx.error(node, path, f"{number} is out of range",
                             f"use a number from {self.minimum} to {self.maximum}")
        return number

    def json_schema(self):
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass
class DateField(Field):
    """A year, a month or a day, as the source gives it (2019, 2019-04, 2019-04-30)."""

    def read_value(self, node, ctx, path):
        value = _scalar(node, ctx, path, "a date")
        if value is INVALID:
            return value
        value = value.strip()
        hint = "write YYYY-MM-DD, or YYYY-MM or YYYY when the source gives no day"
        if not re.match(DATE_PATTERN, value):
            return ctx.error(node, path, f"{value!r} is not a date", hint)
        parts = [int(p) for p in value.split("-")]
        try:
            datetime.date(parts[0], parts[1] if len(parts) > 1 else 1,
                          parts[2] if len(parts) > 2 else 1)
        except ValueError:
            return ctx.error(node, path, f"{value!r} is not a real date", hint)
        return PartialDate(*parts)

    def json_schema(self):
        # A year alone (2021) reaches an IDE as a number.
        return {"anyOf": [{"type": "string", "pattern": DATE_PATTERN},
                          {"type": "integer", "minimum": 1000, "maximum": 9999}]}


@dataclass
class UrlField(Field):
    def read_value(self, node, ctx, path):
        value = _scalar(node, ctx, path, "a web address")
        if value is INVALID:
            return value
        value = value.strip()
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            return ctx.error(node, path, f"{value!r} is not an http(s) web address",
                             "copy the full address from the browser, starting with https://")
        return value

    def json_schema(self):
        return {"type": "string", "pattern": r"^https?://[^\s/]+\S*$"}


@dataclass
class CountryField(Field):
    def read_value(self, node, ctx, path):
        value = _scalar(node, ctx, path, "a country code")
        if value is INVALID:
            return value
        code = value.strip()
        if code not in COUNTRY_CODES:
            suggestion = code.upper() if code.upper() in COUNTRY_CODES else None
            hint = (f"did you mean {suggestion!r}?" if suggestion else
                    "use the ISO 3166 two-letter code, e.g. NO for Norway, or EU for EU-wide")
            return ctx.error(node, path, f"{code!r} is not a country code", hint)
        return code

    def json_schema(self):
        return {"type": "string", "enum": sorted(COUNTRY_CODES)}

    @staticmethod
    def label(code: str) -> str:
        return country_name(code)


@dataclass
class CpvField(Field):
    def read_value(self, node, ctx, path):
        value = _scalar(node, ctx, path, "a CPV code")
        if value is INVALID:
            return value
        value = value.strip()
        if not re.match(CPV_PATTERN, value):
            return ctx.error(node, path, f"{value!r} is not a CPV code",
                             "write 8 digits, a hyphen and the check digit, e.g. 45233000-9")
        return value

    def json_schema(self):
        return {"type": "string", "pattern": CPV_PATTERN}


@dataclass
class ChoiceField(Field):
    choices: dict[str, str] = field(default_factory=dict)  # value -> label

    def read_value(self, node, ctx, path):
        value = _scalar(node, ctx, path, "one of the listed values")
        if value is INVALID:
            return value
        value = value.strip()
        if value not in self.choices:
            close = difflib.get_close_matches(value, self.choices, n=1)
            hint = (f"did you mean {close[0]!r}? " if close else "") + "allowed: " + ", ".join(
                self.choices)
            return ctx.error(node, path, f"{value!r} is not an allowed value", hint)
        return value

    def json_schema(self):
        return {"type": "string", "enum": list(self.choices)}


@dataclass
class RefField(Field):
    """The id of another record of one of the given kinds."""

    kinds: tuple[str, ...] = ()

    def read_value(self, node, ctx, path):
        value = _scalar(node, ctx, path, f"the id of a {' or '.join(self.kinds)} record")
        if value is INVALID:
            return value
        value = value.strip()
        if not re.match(ID_PATTERN, value):
            return ctx.error(node, path, f"{value!r} is not a valid id",
                             "ids are lower-case letters, digits and hyphens")
        ctx.refs.append(RefUse(self.kinds, value, ctx.position(node), path))
        return value

    def json_schema(self):
        return {"type": "string", "pattern": ID_PATTERN}


@dataclass
class ListField(Field):
    item: Field | None = None
    min_items: int = 0
    unique: bool = False
    unique_by: str | None = None  # for lists of objects: the key that must not repeat

    def read_value(self, node, ctx, path):
        if not isinstance(node, SequenceNode):
            return ctx.error(node, path, "expected a list",
                             "write each entry on its own line starting with '- '")
        values = []
        seen: set = set()
        for index, item_node in enumerate(node.value):
            item_path = f"{path}[{index + 1}]"
            value = self.item.read(item_node, ctx, item_path)
            if value is INVALID:
                continue
            key = repr(value.get(self.unique_by)) if self.unique_by else repr(value)
            if (self.unique or self.unique_by) and key in seen:
                what = f"{self.unique_by} {value.get(self.unique_by)}" if self.unique_by else value
                ctx.error(item_node, item_path, f"{what} is listed twice",
                          "remove the repeated entry")
                continue
            seen.add(key)
            values.append(value)
        if len(node.value) < self.min_items:
            return ctx.error(node, path, f"needs at least {self.min_items} "
                             f"entr{'y' if self.min_items == 1 else 'ies'}",
                             f"add: {self.help}")
        return values

    def json_schema(self):
        schema = {"type": "array", "items": self.item.describe(), "minItems": self.min_items}
        if self.unique:
            schema["uniqueItems"] = True
        return schema

    def scaffold_example(self):
        return [self.item.scaffold_example()]


@dataclass
class ObjectField(Field):
    """A nested mapping with its own fields (an activity, a criterion, ...)."""

    fields: list[Field] = field(default_factory=list)

    def read_value(self, node, ctx, path):
        return read_mapping(node, self.fields, ctx, path)

    def json_schema(self):
        return mapping_schema(self.fields)

    def scaffold_example(self):
        return {f.name: f.scaffold_example() for f in self.fields}


class FieldValues(dict):
    """The values of a mapping; a defined field left out reads as None, a typo still fails."""

    def __init__(self, names: frozenset[str]):
        super().__init__()
        self._names = names
        self.positions: dict[str, Position] = {}  # where each value was written

    def __missing__(self, key: str):
        if key in self._names:
            return None
        raise KeyError(key)


def read_mapping(node: Node, fields: list[Field], ctx: ReadContext, path: str = "") -> Any:
    """Reads a mapping against its field list, reporting every problem found."""
    prefix = f"{path}." if path else ""
    if not isinstance(node, MappingNode):
        found = "a list" if isinstance(node, SequenceNode) else "a single value"
        return ctx.error(node, path or "(record)", f"expected a mapping of fields, found {found}",
                         "write one 'field: value' per line")
    by_name = {f.name: f for f in fields}
    seen: dict[str, Node] = {}
    result = FieldValues(frozenset(by_name))
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if key is None:
            ctx.error(key_node, path or "(record)", "a field name must be plain text")
            continue
        if key in seen:
            first = seen[key].start_mark.line + 1
            ctx.error(key_node, prefix + key, f"is given twice (first on line {first})",
                      "keep one of the two")
            continue
        seen[key] = key_node
        definition = by_name.get(key)
        if definition is None:
            close = difflib.get_close_matches(key, by_name, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(by_name)
            ctx.error(key_node, prefix + key, "is not a known field", hint)
            continue
        if definition.is_empty(value_node):
            if definition.required:
                ctx.error(value_node, prefix + key, "is empty", f"fill in: {definition.help}")
            continue
        value = definition.read(value_node, ctx, prefix + key)
        if value is not INVALID:
            result[key] = value
            result.positions[key] = ctx.position(value_node)
    for definition in fields:
        if definition.required and definition.name not in seen:
            ctx.error(node, prefix + definition.name, "is required but missing",
                      f"add '{definition.name}:' ({definition.help})")
    return result


def mapping_schema(fields: list[Field]) -> dict:
    return {
        "type": "object",
        "properties": {f.name: f.describe() for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }
