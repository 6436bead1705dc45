"""JSON Schemas (draft-07) of the record kinds, derived from their field definitions."""

from __future__ import annotations

import json

from .fields import mapping_schema
from .kinds import KINDS, Kind


def kind_schema(kind: Kind) -> dict:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"Big Buyers knowledge base: {kind.label.lower()} record",
        "description": str(kind.intro),
    }
    schema.update(mapping_schema(list(kind.fields)))
    return schema


def schema_file_name(kind: Kind) -> str:
    return f"{kind.name}.schema.json"


def all_schema_files() -> dict[str, bytes]:
    """File name -> JSON text, stable byte for byte so committed copies can be compared."""
    return {
        schema_file_name(kind): (
            json.dumps(kind_schema(kind), indent=2, ensure_ascii=False) + "\n"
        ).encode()
        for kind in KINDS.values()
    }
