"""Prints check results for people, for tools (JSON) and for GitHub pull requests."""

from __future__ import annotations

import json
import sys

from .problems import Problem, ProblemList
from .translation_coverage import coverage_json, coverage_lines


def print_problems(
    problems: ProblemList,
    *,
    fmt: str = "text",
    strict: bool = False,
    github: bool = False,
    out=None,
    err=None,
) -> None:
    out = out or sys.stdout
    err = err or sys.stderr
    items = [_strict(p) if strict else p for p in problems.sorted()]
    if fmt == "json":
        found = {"problems": [_as_dict(p) for p in items]}
        if problems.translations is not None:
            found["translations"] = coverage_json(problems.translations)
        json.dump(found, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    for problem in items:
        print(problem.text(), file=out)
    if github:
        for problem in items:
            print(_annotation(problem), file=out)
    errors = sum(p.severity == "error" for p in items)
    warnings = len(items) - errors
    files = len({p.position.path for p in items})
    if items:
        print(f"bbkb check: {errors} error(s), {warnings} warning(s) in {files} file(s)", file=err)
    else:
        print("bbkb check: no problems found", file=err)
    for line in coverage_lines(problems.translations or {}):
        print(f"bbkb check: {line}", file=err)


def _strict(problem: Problem) -> Problem:
    if problem.severity == "warning":
        return Problem(problem.position, "error", problem.field, problem.message, problem.hint)
    return problem


def _as_dict(problem: Problem) -> dict:
    return {
        "file": problem.position.path,
        "line": problem.position.line,
        "column": problem.position.column,
        "severity": problem.severity,
        "field": problem.field,
        "message": problem.message,
        "hint": problem.hint,
    }


def _annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command; shows the problem inline in the pull request."""
    p = problem.position
    message = problem.text().split(": ", 2)[-1]

    def escape(value: str) -> str:
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def escape_property(value: str) -> str:
        return escape(value).replace(":", "%3A").replace(",", "%2C")

    return (
        f"::{problem.severity} file={escape_property(p.path)},line={p.line},col={p.column},"
        f"title={escape_property('bbkb check')}::{escape(message)}"
    )
