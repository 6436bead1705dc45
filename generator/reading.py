"""The reading engine: walks a YAML mapping against its field definitions and collects problems.

The field types (fields.py) say how one value is read; this module holds what every read
shares: where a value was written, the problems found, and the references to resolve once
every record is loaded.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Position, ProblemList

INVALID = object()  # a value that failed its check; already reported


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

    def warning(self, node: Node, field_path: str, message: str, hint: str = "") -> None:
        self.problems.warning(self.position(node), field_path, message, hint)


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


def read_mapping(
    node: Node,
    fields: list,
    ctx: ReadContext,
    path: str = "",
    unknown_hint: Callable[[str], str | None] = lambda key: None,
) -> Any:
    """Reads a mapping against its field list, reporting every problem found.
    `unknown_hint` may explain a field that is not one (a relation written elsewhere)."""
    prefix = f"{path}." if path else ""
    if not isinstance(node, MappingNode):
        found = "a list" if isinstance(node, SequenceNode) else "a single value"
        return ctx.error(
            node,
            path or "(record)",
            f"expected a mapping of fields, found {found}",
            "write one 'field: value' per line",
        )
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
            ctx.error(
                key_node,
                prefix + key,
                f"is given twice (first on line {first})",
                "keep one of the two",
            )
            continue
        seen[key] = key_node
        definition = by_name.get(key)
        if definition is None:
            close = difflib.get_close_matches(key, by_name, n=1)
            hint = unknown_hint(key) or (
                f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(by_name)
            )
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
            ctx.error(
                node,
                prefix + definition.name,
                "is required but missing",
                f"add '{definition.name}:' ({definition.help})",
            )
    return result
