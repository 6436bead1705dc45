"""Field types: each reads and checks one YAML value, and describes itself to the product.

A record kind is a list of these (kinds.py). A field says what it is once: how its value is
read and checked, its label, its JSON Schema, its scaffold example, how its value is shown,
whether it feeds a search facet, and how a reference relates its record to another.
Everything else (validation, schemas, `bbkb new`, pages, facets, listings) follows.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .countries import COUNTRY_CODES, NOT_A_COUNTRY, country_name, likely_code
from .i18n import LazyText, language_name
from .markdown_safety import HTML_TAG, unsafe_link_targets
from .reading import INVALID, ReadContext, RefUse, read_mapping
from .values import LocalText, PartialDate, fingerprint

if TYPE_CHECKING:
    from .cms import CmsForm
    from .facets import Facet

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
# After a translation, `fr-checked: 1a2b3c4d` says which English text it was checked against.
CHECKED_SUFFIX = "-checked"
FINGERPRINT_PATTERN = r"[0-9a-f]{8}"


def fingerprint_in_yaml(stamp: str) -> str:
    """A fingerprint as an editor writes it: quoted where YAML would read a number
    (05580502, 4e428893)."""
    return f'"{stamp}"' if re.fullmatch(r"[0-9]+(e[0-9]+)?", stamp) else stamp


DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
CPV_PATTERN = r"^\d{8}-\d$"
PLACEHOLDER = "TODO"
# For editors' IDEs: the JSON Schema form of what the check refuses in any text.
NOT_PLACEHOLDER_OR_HTML = {
    "not": {
        "anyOf": [
            {"type": "string", "pattern": rf"^\s*{PLACEHOLDER}"},
            {"type": "string", "pattern": HTML_TAG.pattern},
        ]
    }
}
# Months 01-12 and days 01-31: the schema cannot know February, the check does.
SCHEMA_DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


class Relation(enum.Enum):
    """What a reference says about the two records it joins."""

    PARENT = "parent"  # the record belongs to the target (a community to its wave)
    MEMBER = "member"  # the target takes part in the record (an organisation in a group)
    SIGNATORY = "signatory"  # the target signed the record (an organisation, a statement)


@dataclass
class Field:
    """One named field of a record or of a nested object."""

    name: str
    help: str
    example: Any = None
    required: bool = True
    # What readers see next to the value, in the language being written (the catalogue
    # translates it); from the name when left out.
    label: LazyText | str = ""
    facet: Facet | None = None  # the search facet this field's values feed

    def __post_init__(self):
        self.label = LazyText(str(self.label or self.name.replace("_", " ").capitalize()))

    # --- reading -------------------------------------------------------------
    def read(self, node: Node, ctx: ReadContext, path: str) -> Any:
        if isinstance(node, ScalarNode) and _is_placeholder(node):
            return ctx.error(
                node,
                path,
                "still holds the placeholder from `bbkb new`",
                f"replace it: {self.help}",
            )
        if node.tag.startswith("!"):
            return ctx.error(
                node, path, f"custom YAML tag {node.tag} is not allowed", "remove the tag"
            )
        return self.read_value(node, ctx, path)

    def read_value(self, node: Node, ctx: ReadContext, path: str) -> Any:
        raise NotImplementedError

    def is_empty(self, node: Node) -> bool:
        return (
            isinstance(node, ScalarNode)
            and node.value.strip() == ""
            or (isinstance(node, ScalarNode) and node.style is None and node.value in ("~", "null"))
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

    def cms_widget(self, form: CmsForm) -> dict:
        """The field in the editing app's form (generator/cms.py): a Sveltia CMS widget with
        its label, hint and required flag, then what `cms_input` says about the value."""
        widget = {"name": self.name, "label": str(self.label), "hint": form.hint(self)}
        return {**widget, "required": self.required, **self.cms_input(form)}

    def cms_input(self, form: CmsForm) -> dict:
        raise NotImplementedError

    def value_label(self, value: Any) -> str:
        """The value as a reader sees it (a label, a country's name, a date in words)."""
        return str(value)


def _is_placeholder(node: ScalarNode) -> bool:
    return node.value.strip().startswith(PLACEHOLDER)


@dataclass
class ScalarField(Field):
    """A single value written after the colon; `parse` checks its stripped text."""

    expected = "a single value"  # for messages: what this field takes

    def read_value(self, node, ctx, path):
        if not isinstance(node, ScalarNode):
            found = "a list" if isinstance(node, SequenceNode) else "a mapping"
            return ctx.error(
                node,
                path,
                f"expected {self.expected}, found {found}",
                "write a single value after the colon",
            )
        return self.parse(node.value.strip(), node, ctx, path)

    def parse(self, value: str, node: Node, ctx: ReadContext, path: str) -> Any:
        raise NotImplementedError


@dataclass
class StringField(ScalarField):
    pattern: str | None = None
    pattern_hint: str = ""
    max_length: int = 300
    expected = "a text value"

    def parse(self, value, node, ctx, path):
        if HTML_TAG.search(value):
            return ctx.error(node, path, "contains HTML", "write plain text without < and >")
        if self.pattern and not re.match(self.pattern, value):
            return ctx.error(node, path, f"{value!r} {self.pattern_hint or 'has the wrong form'}")
        if len(value) > self.max_length:
            return ctx.error(
                node,
                path,
                f"is {len(value)} characters long; at most {self.max_length} are allowed",
                "shorten it",
            )
        return value

    def json_schema(self):
        if self.pattern:
            return {
                "type": "string",
                "maxLength": self.max_length,
                "pattern": self.pattern,
                "patternErrorMessage": f"{self.pattern_hint or 'has the wrong form'}",
                **NOT_PLACEHOLDER_OR_HTML,
            }
        # The check reads the text as written, so an unquoted number is fine too.
        return {
            "type": ["string", "number"],
            "maxLength": self.max_length,
            **NOT_PLACEHOLDER_OR_HTML,
        }

    def cms_input(self, form):
        widget = {"widget": "string", "maxlength": self.max_length}
        if self.pattern:
            widget["pattern"] = [
                self.pattern,
                f"This value {self.pattern_hint or 'has the wrong form'}",
            ]
        return widget


def id_field(name: str, help: str, example: str, *, required: bool = True) -> StringField:
    return StringField(
        name,
        help,
        example,
        required=required,
        label="Id",
        pattern=ID_PATTERN,
        max_length=80,
        pattern_hint="is not a valid id: use lower-case letters, digits and "
        "single hyphens, e.g. 'city-of-oslo'",
    )


@dataclass
class TextField(Field):
    """Plain text or Markdown, in English or as a mapping of language codes to text."""

    markdown: bool = False
    max_length: int = 20_000
    # A proper name: as written in every language unless a translation is given.
    proper_name: bool = False

    def read_value(self, node, ctx, path):
        if isinstance(node, MappingNode):
            return self._read_translations(node, ctx, path)
        if not isinstance(node, ScalarNode):
            return ctx.error(
                node,
                path,
                "expected text or a mapping of language codes to text, found a list",
                "write a single value after the colon",
            )
        if not self._text_is_safe(node.value, node, ctx, path):
            return INVALID
        return LocalText((("en", node.value.strip()),), as_written=self.proper_name)

    def _read_translations(self, node: MappingNode, ctx, path):
        texts: dict[str, str] = {}
        checked: dict[str, tuple[str, Node]] = {}  # language -> (fingerprint, where written)
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else ""
            language = key.removesuffix(CHECKED_SUFFIX)
            if not re.match(LANGUAGE_PATTERN, language):
                ctx.error(
                    key_node,
                    path,
                    f"{key!r} is not a language code",
                    "use two-letter codes such as en, fr, de",
                )
                continue
            where = f"{path}.{key}"
            if not isinstance(value_node, ScalarNode):
                found = "a list" if isinstance(value_node, SequenceNode) else "a mapping"
                ctx.error(
                    value_node,
                    where,
                    f"expected text, found {found}",
                    "write a single value after the colon",
                )
            elif key != language:
                if not re.fullmatch(FINGERPRINT_PATTERN, value_node.value):
                    ctx.error(
                        value_node,
                        where,
                        "expected the 8-character fingerprint of the English text",
                        "copy it from the warning `bbkb check` gives on this translation",
                    )
                else:
                    checked[language] = (value_node.value, value_node)
            elif self._text_is_safe(value_node.value, value_node, ctx, where):
                texts[language] = value_node.value.strip()
        if "en" not in texts:
            ctx.error(node, path, "has no English text", "add an 'en:' entry")
            return INVALID
        self._check_freshness(node, texts, checked, ctx, path)
        return LocalText(
            tuple(sorted(texts.items(), key=lambda kv: kv[0] != "en")),
            tuple((language, stamp) for language, (stamp, _) in sorted(checked.items())),
            as_written=self.proper_name,
        )

    @staticmethod
    def _check_freshness(node, texts, checked, ctx, path) -> None:
        """Warns on each translation whose English changed since it was last checked."""
        current = fingerprint(texts["en"])
        written = fingerprint_in_yaml(current)  # as the hints give it
        for language in sorted(texts.keys() - {"en"}):
            key = language + CHECKED_SUFFIX
            if language not in checked:
                ctx.warning(
                    node,
                    f"{path}.{language}",
                    "does not say which English text it translates, so a later change "
                    "to the English cannot be noticed",
                    f"once the translation matches the English, add '{key}: {written}'",
                )
            elif checked[language][0] != current:
                ctx.warning(
                    checked[language][1],
                    f"{path}.{language}",
                    f"the English changed since this {language_name(language)} translation "
                    "was made",
                    f"update the translation to the English, then set '{key}: {written}'",
                )
        for language, (_, stamp_node) in sorted(checked.items()):
            if language not in texts:
                ctx.error(
                    stamp_node,
                    f"{path}.{language}{CHECKED_SUFFIX}",
                    f"there is no '{language}:' translation to check",
                    f"add the translation or remove '{language}{CHECKED_SUFFIX}'",
                )

    def _text_is_safe(self, value: str, node, ctx, path) -> bool:
        if HTML_TAG.search(value):
            ctx.error(
                node,
                path,
                "contains HTML",
                "write plain text or Markdown without < and >; use 'less than' in words",
            )
            return False
        if self.markdown:
            for target in unsafe_link_targets(value):
                scheme = target.split(":", 1)[0]
                ctx.error(
                    node,
                    path,
                    f"has a link to a '{scheme}:' address",
                    "links may only use http://, https:// or mailto:",
                )
                return False
        elif not value.strip():
            ctx.error(node, path, "is empty", "write the text or remove the field")
            return False
        if len(value) > self.max_length:
            ctx.error(
                node,
                path,
                f"is {len(value)} characters long; at most {self.max_length} are allowed",
                "shorten it",
            )
            return False
        return True

    def json_schema(self):
        text = {
            "type": ["string", "number"],
            "maxLength": self.max_length,
            **NOT_PLACEHOLDER_OR_HTML,
        }
        return {
            "anyOf": [
                text,
                {
                    "type": "object",
                    "description": "The English text and its translations, each followed "
                    "by the fingerprint of the English it was checked against "
                    "(`bbkb check` gives it), e.g. en: ..., fr: ..., fr-checked: 1a2b3c4d",
                    "required": ["en"],
                    "patternProperties": {
                        LANGUAGE_PATTERN: text,
                        LANGUAGE_PATTERN.removesuffix("$") + CHECKED_SUFFIX + "$": {
                            "type": "string",
                            "pattern": f"^{FINGERPRINT_PATTERN}$",
                        },
                    },
                    "additionalProperties": False,
                },
            ]
        }

    def cms_input(self, form):
        """One input per site language (English first); with English alone, plain text as
        the records write it."""
        single = {"widget": "markdown", "modes": ["raw", "rich_text"]} if self.markdown else {}
        single = single or {"widget": "string"}
        if len(form.languages) == 1:
            return single
        inputs = []
        for language in form.languages:
            inputs.append(
                {"name": language, "label": form.language_label(language), **single}
                | {"required": language == form.languages[0]}
            )
            if language != form.languages[0]:
                inputs.append(
                    {
                        "name": language + CHECKED_SUFFIX,
                        "label": form.checked_label(language),
                        "hint": form.checked_hint(),
                        "required": False,
                        "widget": "string",
                        "pattern": [f"^{FINGERPRINT_PATTERN}$", form.checked_hint()],
                    }
                )
        return {"widget": "object", "fields": inputs}


@dataclass
class IntegerField(ScalarField):
    minimum: int = 0
    maximum: int = 1_000_000_000
    expected = "a whole number"

    def parse(self, value, node, ctx, path):
        if not re.fullmatch(r"-?\d+", value):
            return ctx.error(
                node,
                path,
                f"expected a whole number, found {value!r}",
                f"write digits only, e.g. {self.example}",
            )
        number = int(value)
        if not self.minimum <= number <= self.maximum:
            return ctx.error(
                node,
                path,
                f"{number} is out of range",
                f"use a number from {self.minimum} to {self.maximum}",
            )
        return number

    def json_schema(self):
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}

    def cms_input(self, form):
        return {
            "widget": "number",
            "value_type": "int",
            "min": self.minimum,
            "max": self.maximum,
        }


@dataclass
class DateField(ScalarField):
    """A year, a month or a day, as the source gives it (2019, 2019-04, 2019-04-30)."""

    expected = "a date"

    def parse(self, value, node, ctx, path):
        hint = "write YYYY-MM-DD, or YYYY-MM or YYYY when the source gives no day"
        if not re.match(DATE_PATTERN, value):
            return ctx.error(node, path, f"{value!r} is not a date", hint)
        parts = [int(p) for p in value.split("-")]
        try:
            datetime.date(
                parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
            )
        except ValueError:
            return ctx.error(node, path, f"{value!r} is not a real date", hint)
        return PartialDate(*parts)

    def json_schema(self):
        # A year alone (2021) reaches an IDE as a number.
        return {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": SCHEMA_DATE_PATTERN,
                    "patternErrorMessage": "write YYYY-MM-DD, or YYYY-MM or YYYY",
                },
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }

    def cms_input(self, form):
        # Text, not a date picker: sources often give a month or a year alone.
        hint = "Write YYYY-MM-DD, or YYYY-MM or YYYY when the source gives no day."
        return {"widget": "string", "pattern": [SCHEMA_DATE_PATTERN, hint]}


@dataclass
class UrlField(ScalarField):
    expected = "a web address"

    def parse(self, value, node, ctx, path):
        try:
            parts = urlsplit(value)
        except ValueError:  # e.g. an unclosed [ where a host name belongs
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
            return ctx.error(
                node,
                path,
                f"{value!r} is not an http(s) web address",
                "copy the full address from the browser, starting with https://",
            )
        return value

    def json_schema(self):
        return {
            "type": "string",
            "format": "uri",
            "pattern": r"^https?://[^\s/]+\S*$",
            "patternErrorMessage": "write the full address, starting with https://",
        }

    def cms_input(self, form):
        hint = "Write the full address, starting with https://"
        return {"widget": "string", "type": "url", "pattern": [r"^https?://[^\s/]+\S*$", hint]}


@dataclass
class CountryField(ScalarField):
    expected = "a country code"

    def parse(self, value, node, ctx, path):
        if value.upper() in NOT_A_COUNTRY:
            return ctx.error(
                node,
                path,
                f"{value!r} is not a country",
                "give the country of the seat, e.g. BE for a body in Brussels, and "
                f"add 'scope: {NOT_A_COUNTRY[value.upper()]}' for where it works",
            )
        if value not in COUNTRY_CODES:
            code = likely_code(value)
            hint = (
                f"did you mean {code!r} ({country_name(code)})? Countries are written as "
                "ISO 3166 two-letter codes"
                if code
                else "use the ISO 3166 two-letter code, e.g. NO for Norway"
            )
            return ctx.error(node, path, f"{value!r} is not a country code", hint)
        return value

    def json_schema(self):
        codes = sorted(COUNTRY_CODES)
        # yaml-language-server and VS Code show each code's name while completing.
        return {
            "type": "string",
            "enum": codes,
            "enumDescriptions": [country_name(c) for c in codes],
        }

    def cms_input(self, form):
        codes = sorted(COUNTRY_CODES, key=country_name)
        options = [{"label": f"{country_name(c)} ({c})", "value": c} for c in codes]
        return {"widget": "select", "options": options}

    def value_label(self, value):
        return country_name(value)


@dataclass
class CpvField(ScalarField):
    expected = "a CPV code"

    def parse(self, value, node, ctx, path):
        if not re.match(CPV_PATTERN, value):
            return ctx.error(
                node,
                path,
                f"{value!r} is not a CPV code",
                "write 8 digits, a hyphen and the check digit, e.g. 45233000-9",
            )
        return value

    def json_schema(self):
        return {"type": "string", "pattern": CPV_PATTERN}

    def cms_input(self, form):
        hint = "Write 8 digits, a hyphen and the check digit, e.g. 45233000-9."
        return {"widget": "string", "pattern": [CPV_PATTERN, hint]}


@dataclass
class ChoiceField(ScalarField):
    choices: dict[str, LazyText] = field(default_factory=dict)  # value -> label
    expected = "one of the listed values"

    def __post_init__(self):
        super().__post_init__()
        self.choices = {value: LazyText(str(label)) for value, label in self.choices.items()}

    def parse(self, value, node, ctx, path):
        if value not in self.choices:
            close = difflib.get_close_matches(value, self.choices, n=1)
            hint = (
                (f"did you mean {close[0]!r}? " if close else "")
                + "allowed: "
                + ", ".join(self.choices)
            )
            return ctx.error(node, path, f"{value!r} is not an allowed value", hint)
        return value

    def json_schema(self):
        return {
            "type": "string",
            "enum": list(self.choices),
            "enumDescriptions": [label.source for label in self.choices.values()],
        }

    def cms_input(self, form):
        options = [{"label": str(label), "value": value} for value, label in self.choices.items()]
        return {"widget": "select", "options": options}

    def value_label(self, value):
        return self.choices.get(value, value)


@dataclass
class RefField(ScalarField):
    """The id of another record of one of the given kinds."""

    kinds: tuple[str, ...] = ()
    relation: Relation | None = None  # what the reference means beyond "see also"

    @property
    def expected(self) -> str:
        return f"the id of a {' or '.join(self.kinds)} record"

    def parse(self, value, node, ctx, path):
        if not re.match(ID_PATTERN, value):
            return ctx.error(
                node,
                path,
                f"{value!r} is not a valid id",
                "ids are lower-case letters, digits and hyphens",
            )
        ctx.refs.append(RefUse(self.kinds, value, ctx.position(node), path))
        return value

    def json_schema(self):
        return {"type": "string", "pattern": ID_PATTERN}

    def cms_input(self, form):
        """A search among the records of the kind it points to; a typed id when it may point
        to several kinds (the app searches one collection)."""
        if len(self.kinds) != 1:
            hint = f"Write the id of a {' or '.join(self.kinds)} record."
            return {"widget": "string", "pattern": [ID_PATTERN, hint]}
        title = form.title_field(self.kinds[0])
        return {
            "widget": "relation",
            "collection": self.kinds[0],
            "value_field": "id",
            "search_fields": [title, "id"],
            "display_fields": [title],
        }


@dataclass
class ListField(Field):
    item: Field | None = None
    min_items: int = 0
    unique: bool = False
    unique_by: str | None = None  # for lists of objects: the key that must not repeat

    def read_value(self, node, ctx, path):
        if not isinstance(node, SequenceNode):
            return ctx.error(
                node,
                path,
                "expected a list",
                "write each entry on its own line starting with '- '",
            )
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
                ctx.error(
                    item_node, item_path, f"{what} is listed twice", "remove the repeated entry"
                )
                continue
            seen.add(key)
            values.append(value)
        if len(node.value) < self.min_items:
            return ctx.error(
                node,
                path,
                f"needs at least {self.min_items} entr{'y' if self.min_items == 1 else 'ies'}",
                f"add: {self.help}",
            )
        return values

    def json_schema(self):
        schema = {"type": "array", "items": self.item.describe(), "minItems": self.min_items}
        if self.unique:
            schema["uniqueItems"] = True
        return schema

    def cms_input(self, form):
        bounds = {"min": self.min_items} if self.min_items else {}
        if isinstance(self.item, RefField) and len(self.item.kinds) == 1:
            return {**self.item.cms_input(form), "multiple": True, **bounds}
        if isinstance(self.item, ObjectField):
            fields = [f.cms_widget(form) for f in self.item.fields]
            label = str(self.item.label)
            return {"widget": "list", "label_singular": label, "fields": fields, **bounds}
        label = {"label_singular": str(self.item.label)}
        return {"widget": "list", **label, "field": self.item.cms_widget(form), **bounds}

    def scaffold_example(self):
        return [self.item.scaffold_example()]

    def value_label(self, value):
        return ", ".join(self.item.value_label(v) for v in value)


@dataclass
class ObjectField(Field):
    """A nested mapping with its own fields (an activity, a criterion, ...)."""

    fields: list[Field] = field(default_factory=list)

    def read_value(self, node, ctx, path):
        return read_mapping(node, self.fields, ctx, path)

    def json_schema(self):
        return mapping_schema(self.fields)

    def cms_input(self, form):
        return {"widget": "object", "fields": [f.cms_widget(form) for f in self.fields]}

    def scaffold_example(self):
        return {f.name: f.scaffold_example() for f in self.fields}

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def mapping_schema(fields: list[Field]) -> dict:
    return {
        "type": "object",
        "properties": {f.name: f.describe() for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def ref_fields(fields) -> list[tuple[Field, RefField]]:
    """(top-level field, its reference definition) for every field holding record ids."""
    found = []
    for definition in fields:
        if isinstance(definition, RefField):
            found.append((definition, definition))
        elif isinstance(definition, ListField) and isinstance(definition.item, RefField):
            found.append((definition, definition.item))
    return found
