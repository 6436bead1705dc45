"""Reads a YAML record into PyYAML nodes that remember where each value came from.

Only the composer runs: no Python object is ever constructed from a tag, so loading is
safe by design. Values stay raw text until a field definition interprets them, which is
what keeps YAML 1.1 traps (`NO`, `on`, `0123`, `1e3`) from corrupting string fields.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import yaml
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import Node

MAX_RECORD_BYTES = 1_000_000


@dataclass
class LoadError(Exception):
    line: int
    column: int
    message: str
    hint: str = ""


class _RecordLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (the way alias bombs work)."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _alias_error(event)
        if isinstance(event, ScalarEvent | MappingStartEvent | SequenceStartEvent) and event.anchor:
            raise _alias_error(event)
        return super().compose_node(parent, index)


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
    loader = _RecordLoader(text)
    try:
        return loader.get_single_node()
    except LoadError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        raise LoadError(1, 1, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "not valid YAML").strip()
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
    hint = "check the indentation and that every 'key: value' has a space after the colon"
    if exc.context:
        problem = f"{exc.context.strip()}, {problem}"
    return LoadError(line, column, f"not valid YAML: {problem}", hint)
