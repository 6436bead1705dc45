"""Thousands of real records, mutated the way hurried edits mutate them: the check answers
every one with positioned messages, never with an internal error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.loader import load_content

from .conftest import ROOT

RECORDS = sorted((ROOT / "content").glob("*/*.yml"))
NASTY = [
    "\t",
    ":",
    ": ",
    "- ",
    "#",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!python/object ",
    "\n",
    "\n  ",
    "\n\t",
    "TODO",
    "<script>",
    "\u00e9",
    "\u202e",
    "\x00",
    "\ufeff",
    "---\n",
    "~",
    "null",
    "yes",
    "NO",
    "0x1F",
    "1e3",
    "2023-02-30",
    "https://",
    "javascript:",
]


@st.composite
def mutated_record(draw) -> tuple[Path, str]:
    path = draw(st.sampled_from(RECORDS))
    text = path.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        how = draw(st.sampled_from(["insert", "replace", "delete", "indent", "dedent",
                                    "duplicate", "truncate", "swap"]))  # fmt: skip
        if how == "insert":
            line = lines[at]
            col = draw(st.integers(0, len(line)))
            piece = draw(st.sampled_from(NASTY) | st.text(max_size=5))
            lines[at] = line[:col] + piece + line[col:]
        elif how == "replace" and ": " in lines[at]:
            key = lines[at].split(": ", 1)[0]
            value = draw(st.sampled_from(NASTY) | st.text(max_size=12) | st.just("[a, b]"))
            lines[at] = f"{key}: {value}"
        elif how == "delete":
            del lines[at]
        elif how == "indent":
            lines[at] = "  " + lines[at]
        elif how == "dedent":
            lines[at] = lines[at].lstrip()
        elif how == "duplicate":
            lines.insert(at, lines[at])
        elif how == "truncate":
            text = "\n".join(lines)
            text = text[: draw(st.integers(0, len(text)))]
            continue
        elif how == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        text = "\n".join(lines)
    return path, text


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """One folder, reused by every case, removed with pytest's other temporary folders."""
    return tmp_path_factory.mktemp("mutated")


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated_record())
def test_a_mutated_record_gets_positioned_messages_never_an_internal_error(workspace, case):
    source, text = case
    content = workspace / "content"
    shutil.rmtree(content, ignore_errors=True)
    target = content / source.parent.name / source.name
    target.parent.mkdir(parents=True)
    target.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    result = load_content(content, workspace)
    for problem in result.problems.items:
        assert problem.position.path == f"content/{source.parent.name}/{source.name}", problem
        assert problem.position.line >= 1 and problem.position.column >= 1, problem
        assert problem.message and problem.text().count(": ") >= 2, problem
