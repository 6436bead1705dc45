"""`bbkb new`: a record skeleton with every field of its kind, explained in comments."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .fields import ID_PATTERN, PLACEHOLDER, ChoiceField, Field, ListField, ObjectField
from .kinds import Kind
from .schema import schema_file_name


class ScaffoldRefused(ValueError):
    pass


def scaffold_text(kind: Kind, record_id: str) -> str:
    lines = [
        f"# yaml-language-server: $schema=../../generator/schemas/{schema_file_name(kind)}",
        f"# A new {kind.label.lower()} record. Replace every {PLACEHOLDER}; `bbkb check` lists "
        "those left.",
        "# Fields in comments (# name: ...) are optional: remove the '# ' to use one.",
        "# Text in English first. To add a translation, write the text as a mapping, e.g.",
        "#   summary:",
        "#     en: The English text.",
        "#     fr: Le texte français.",
        "#     fr-checked: 1a2b3c4d   # `bbkb check` gives the fingerprint to write here",
        "",
        f"id: {record_id}",
    ]
    for definition in kind.fields:
        if definition.name == "id":
            continue
        lines.append("")
        lines.extend(_field_lines(definition, indent=""))
    return "\n".join(lines) + "\n"


def _field_lines(definition: Field, indent: str) -> list[str]:
    example = definition.scaffold_example()
    comment = f"{indent}# {definition.help}"
    if isinstance(definition, ChoiceField):
        comment += ". One of: " + ", ".join(definition.choices)
    elif not isinstance(definition, ListField | ObjectField):
        comment += f". Example: {example}"
    lines = [comment]
    if not definition.required:
        body = _dump({definition.name: example})
        return lines + [f"{indent}# {line}" for line in body]
    if isinstance(definition, ListField) and isinstance(definition.item, ObjectField):
        lines.append(f"{indent}{definition.name}:")
        first, *rest = _object_lines(definition.item, indent + "    ")
        # "- # comment" opens the list item; its fields follow, indented under it.
        return lines + [f"{indent}  - {first.lstrip()}", *rest]
    if isinstance(definition, ListField):
        return lines + [f"{indent}{definition.name}:", f"{indent}  - {PLACEHOLDER}"]
    if isinstance(definition, ObjectField):
        return lines + [f"{indent}{definition.name}:"] + _object_lines(definition, indent + "  ")
    return lines + [f"{indent}{definition.name}: {PLACEHOLDER}"]


def _object_lines(definition: ObjectField, indent: str) -> list[str]:
    lines: list[str] = []
    for sub in definition.fields:
        lines.extend(_field_lines(sub, indent))
    return lines


def _dump(value: dict) -> list[str]:
    text = yaml.safe_dump(
        value, sort_keys=False, allow_unicode=True, default_flow_style=False, width=90
    )
    return text.rstrip("\n").splitlines()


def create_record(content: Path, kind: Kind, record_id: str) -> Path:
    if not re.match(ID_PATTERN, record_id) or len(record_id) > 80:
        raise ScaffoldRefused(
            f"{record_id!r} is not a valid id: use lower-case letters, digits and single "
            "hyphens, e.g. 'circular-asphalt'"
        )
    folder = content / kind.folder
    path = folder / f"{record_id}.yml"
    if path.exists():
        raise ScaffoldRefused(f"{path} already exists; nothing was written")
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite an editor's file
        handle.write(scaffold_text(kind, record_id))
    return path
