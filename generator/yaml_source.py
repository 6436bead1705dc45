"""Reads a YAML record into PyYAML nodes that remember where each value came from.

Only the composer runs: no Python object is ever constructed from a tag, so loading is
safe by design. Values stay raw text until a field definition interprets them, which is
what keeps YAML 1.1 traps (`NO`, `on`, `0123`, `1e3`) from corrupting string fields.

libyaml (PyYAML's C extension) composes a record about 25 times faster than the pure-Python
parser and keeps every node's line and column. A file it cannot read is read again by the
pure-Python parser, so that editors get the same message and position either way.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from yaml.nodes import Node

MAX_RECORD_BYTES = 1_000_000
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
# A record nests a few levels (a list of criteria, each with a list of parameters); far deeper
# nesting is a mistake, and composing it would exhaust the parser's recursion.
MAX_DEPTH = 40
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # None where libyaml is not installed


@dataclass
class LoadError(Exception):
    line: int
    column: int
    message: str
    hint: str = ""


class _RecordLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (the way alias bombs work)."""

    depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        _refuse(self.peek_event(), self.depth + 1)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _refuse(event, depth: int) -> None:  # noqa: ANN001
    """Raises the editor's error for an anchor, an alias or nesting beyond MAX_DEPTH."""
    if isinstance(event, AliasEvent):
        raise _alias_error(event)
    if isinstance(event, ScalarEvent | MappingStartEvent | SequenceStartEvent) and event.anchor:
        raise _alias_error(event)
    if isinstance(event, CollectionStartEvent) and depth > MAX_DEPTH:
        raise _too_deep(event.start_mark)


def _too_deep(mark) -> LoadError:  # noqa: ANN001
    return LoadError(
        mark.line + 1,
        mark.column + 1,
        f"values are nested more than {MAX_DEPTH} levels deep here",
        "a record needs only a few levels: check the brackets and the indentation",
    )


def _alias_error(event) -> LoadError:  # noqa: ANN001
    mark = event.start_mark
    return LoadError(
        mark.line + 1,
        mark.column + 1,
        "anchors and aliases (&name, *name) are not allowed in records",
        "write the value out in full",
    )


def decode(data: bytes) -> str:
    """UTF-8 text without a byte-order mark; raises LoadError at the first bad byte."""
    if len(data) > MAX_RECORD_BYTES:
        raise LoadError(
            1,
            1,
            f"the file is {len(data) / 1_000_000:.1f} MB; "
            f"a record may be at most {MAX_RECORD_BYTES // 1_000_000} MB",
            "split the record or move long documents to a linked file",
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            line,
            column,
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            "save the file as UTF-8 in your editor",
        ) from None


def parse(text: str) -> Node | None:
    """The single document in `text` as a node tree, or None for an empty file."""
    if _FAST_LOADER is not None:
        try:
            return _parse_fast(text)
        except (LoadError, yaml.YAMLError):
            pass  # the pure-Python parser gives the editor's message and position
    return _parse_exact(text)


def _parse_fast(text: str) -> Node | None:
    """Composed by libyaml, then checked as the pure-Python composer checks while composing."""
    if "&" in text:  # an anchor can only start with '&'; without one no alias resolves
        depth = 0
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            depth += isinstance(event, CollectionStartEvent)
            depth -= isinstance(event, CollectionEndEvent)
            _refuse(event, depth)
    loader = _FAST_LOADER(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    _check_depth(node)
    return node


def _check_depth(root: Node | None) -> None:
    """The nesting check of `_RecordLoader`, on a composed tree (iterative: no recursion)."""
    stack = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if isinstance(node.value, list):
            if depth > MAX_DEPTH:
                raise _too_deep(node.start_mark)
            children = (
                [v for pair in node.value for v in pair] if node.id == "mapping" else node.value
            )
            stack.extend((child, depth + 1) for child in reversed(children))


def _parse_exact(text: str) -> Node | None:
    _refuse_control_characters(text)
    loader = _RecordLoader(text)
    try:
        return loader.get_single_node()
    except LoadError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        raise LoadError(1, 1, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def _refuse_control_characters(text: str) -> None:
    """YAML forbids invisible control characters (pasted from PDFs or Word, most often)."""
    match = _NON_PRINTABLE.search(text)
    if match:
        before = text[: match.start()]
        raise LoadError(
            before.count("\n") + 1,
            match.start() - (before.rfind("\n") + 1) + 1,
            f"an invisible control character (U+{ord(match.group()):04X}) is in the text",
            "delete it: retype the characters around it, or paste the text as plain text",
        )


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> LoadError:
    """The parser's complaint in an editor's words, at the line where the mistake is (the
    parser often notices it a line later)."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "not valid YAML").strip()
    context = (exc.context or "").strip()
    lines = text.splitlines()
    if "expected a single document" in str(exc):
        return LoadError(
            line,
            column,
            "the file holds more than one YAML document",
            "keep one record per file and remove the '---' line",
        )
    if "'\\t'" in problem or "\\t" in problem:
        return LoadError(
            line, column, "a tab character is used for indentation", "indent with spaces only"
        )
    start = exc.context_mark
    if context == "while scanning a simple key" and start is not None:
        written = lines[start.line].strip() if start.line < len(lines) else ""
        key, colon, value = written.partition(":")
        if colon and value and not value.startswith(" "):
            return LoadError(
                start.line + 1,
                start.column + 1,
                f"'{written}' needs a space after the colon",
                f"write '{key}: {value}'",
            )
        return LoadError(
            start.line + 1,
            start.column + 1,
            f"'{written}' is neither 'field: value' nor a list entry",
            "write 'field: value', or '- value' for an entry of a list",
        )
    if context == "while scanning a quoted scalar" and start is not None:
        quote = text[start.index] if start.index < len(text) else '"'
        return LoadError(
            start.line + 1,
            start.column + 1,
            f"the quote {quote} opened here is never closed",
            f"add the closing {quote} at the end of the value",
        )
    if context.startswith("while parsing a flow") and start is not None:
        bracket = text[start.index] if start.index < len(text) else "["
        closing = {"[": "]", "{": "}"}.get(bracket, "]")
        return LoadError(
            start.line + 1,
            start.column + 1,
            f"the {bracket} opened here is not closed where the value ends",
            f"add {closing} at the end of the value, or put the whole value in quotes",
        )
    if problem == "mapping values are not allowed here" and mark is not None:
        written = lines[mark.line] if mark.line < len(lines) else ""
        before = written[: mark.column]
        if ": " in before or before.rstrip().endswith(":"):  # a second colon in a value
            key = before.split(":", 1)[0].strip()
            value = written.split(":", 1)[1].strip()
            return LoadError(
                line,
                column,
                "a value holds ': ', which YAML reads as a new field",
                f'put the value in quotes: {key}: "{value}"',
            )
        return LoadError(
            line,
            len(written) - len(written.lstrip()) + 1,
            "this line is indented more than the field before it",
            "start each field of the record at the same column as the others",
        )
    hint = "check the indentation and that every 'key: value' has a space after the colon"
    if context:
        problem = f"{context}, {problem}"
    return LoadError(line, column, f"not valid YAML: {problem}", hint)
