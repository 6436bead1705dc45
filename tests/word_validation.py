"""The Word files against the OOXML schema, as Word reads them: a file that fails here is one
Word offers to repair. openxml-audit (a Python port of Microsoft's Open XML SDK validator)
does the checking; its pytest plugin gives the `openxml_validator` fixture, set up from its
command-line options (Office 2019 by default). Its own `assert_valid_docx` leaves out where
each error is, so the tests print the part and the element path as well."""

from __future__ import annotations

from pathlib import Path

from openxml_audit.errors import ValidationSeverity


def ooxml_errors(validator, path: Path | str) -> list[str]:
    """Every error in the file, one line each: `[kind] /part:path: what is wrong`."""
    result = validator.validate(path)
    return [str(e) for e in result.errors if e.severity == ValidationSeverity.ERROR]
