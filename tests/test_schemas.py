"""The JSON Schemas editors' IDEs use match the definitions and accept the real content."""

from __future__ import annotations

import re

import jsonschema
import pytest
import yaml

from generator.kinds import KINDS
from generator.project import SCHEMAS
from generator.schema import all_schema_files

from .conftest import FIXTURE_CONTENT, ROOT


def test_committed_schemas_match_the_definitions():
    for name, data in all_schema_files().items():
        committed = SCHEMAS / name
        assert committed.is_file(), f"{name} missing: run `bbkb schemas`"
        assert committed.read_bytes() == data, f"{name} is out of date: run `bbkb schemas`"
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(all_schema_files())


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as editors' IDEs read records: NO stays a string, no dates."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def records(content):
    for kind in KINDS.values():
        for path in sorted((content / kind.folder).glob("*.yml")):
            yield kind, path


@pytest.mark.parametrize("content", [ROOT / "content", FIXTURE_CONTENT], ids=["bundled", "fixture"])
def test_content_validates_against_the_schemas(content):
    validators = {
        kind.name: jsonschema.Draft7Validator(
            yaml.safe_load((SCHEMAS / f"{kind.name}.schema.json").read_text())
        )
        for kind in KINDS.values()
    }
    checked = 0
    for kind, path in records(content):
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=Yaml12Loader)
        errors = [
            f"{path.name}: {'/'.join(map(str, e.path))}: {e.message}"
            for e in validators[kind.name].iter_errors(data)
        ]
        assert errors == []
        checked += 1
    assert checked > 0


GOOD_ORGANISATION = {
    "id": "city-of-oslo",
    "name": "City of Oslo",
    "country": "NO",
    "org_type": "city",
    "sources": ["https://example.org"],
}


def _validator(kind: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(yaml.safe_load((SCHEMAS / f"{kind}.schema.json").read_text()))


def test_schemas_reject_what_the_check_rejects():
    validator = _validator("organisation")
    good = dict(GOOD_ORGANISATION)
    assert list(validator.iter_errors(good)) == []
    for bad in (
        {**good, "country": "no"},
        {**good, "id": "../x"},
        {**good, "extra": 1},
        {**good, "sources": ["javascript:alert(1)"]},
        {**good, "org_type": "town"},
    ):
        assert list(validator.iter_errors(bad)), bad


def test_schemas_catch_impossible_months_placeholders_and_html():
    """What an IDE can know without running the check (February 30 needs the check)."""
    organisation, wave = _validator("organisation"), _validator("wave")
    good = dict(GOOD_ORGANISATION)
    for bad in (
        {**good, "name": "TODO"},
        {**good, "city": "<b>Oslo</b>"},
        {**good, "name": {"en": "<script>x</script>"}},
    ):
        assert list(organisation.iter_errors(bad)), bad
    date = wave.schema["properties"]["start"]
    assert list(jsonschema.Draft7Validator(date).iter_errors("2023-13-01"))
    assert not list(jsonschema.Draft7Validator(date).iter_errors("2023-12-31"))


def test_schemas_name_every_allowed_value():
    """IDEs show these names while completing a country or a choice."""
    organisation = yaml.safe_load((SCHEMAS / "organisation.schema.json").read_text())
    country = organisation["properties"]["country"]
    assert dict(zip(country["enum"], country["enumDescriptions"], strict=True))["NO"] == "Norway"
    org_type = organisation["properties"]["org_type"]
    assert dict(zip(org_type["enum"], org_type["enumDescriptions"], strict=True))["city"] == "City"


def test_numbers_written_unquoted_still_pass_the_schema():
    organisation = _validator("organisation")
    good = {
        "id": "x",
        "name": 2021,
        "country": "NO",
        "org_type": "city",
        "sources": ["https://example.org"],
        "short_name": 7,
    }
    assert list(organisation.iter_errors(good)) == []
