"""The editing app's configuration follows the record kinds, and what its form writes passes
the check: YAML in the kind's order, as an editor would write it."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess

import jsonschema
import pytest
import yaml

from generator import cms, vendoring
from generator.data_files import Site
from generator.fields import ChoiceField, ListField, ObjectField, RefField, TextField
from generator.kinds import KINDS

from .conftest import ROOT, make_project, run_bbkb

NODE_MODULES = ROOT / "node_modules"
SITE = Site(
    "https://example.org/kb/",
    "Knowledge base",
    editing=(("branch", "main"), ("repository", "https://github.com/big-buyers/knowledge-base")),
)


def widgets(config: dict, kind: str) -> dict[str, dict]:
    found = next(c for c in config["collections"] if c["name"] == kind)
    return {w["name"]: w for w in found["fields"]}


def test_every_kind_is_a_collection_in_its_folder_with_every_field_in_order():
    config = cms.cms_config(SITE)
    assert [c["name"] for c in config["collections"]] == list(KINDS)
    for collection in config["collections"]:
        kind = KINDS[collection["name"]]
        assert collection["folder"] == f"content/{kind.folder}"
        assert collection["label"] == str(kind.label_plural)
        assert [w["name"] for w in collection["fields"]] == [f.name for f in kind.fields]
        for widget, definition in zip(collection["fields"], kind.fields, strict=True):
            assert widget["label"] == str(definition.label)
            assert widget["required"] == definition.required
            assert widget["hint"].lower().startswith(str(definition.help)[:20].lower())


def test_choices_references_and_lists_of_objects_get_their_widgets():
    config = cms.cms_config(SITE)
    organisation = widgets(config, "organisation")
    org_type = KINDS["organisation"].field("org_type")
    assert isinstance(org_type, ChoiceField)
    assert organisation["org_type"]["options"] == [
        {"label": str(label), "value": value} for value, label in org_type.choices.items()
    ]
    assert {"label": "Norway (NO)", "value": "NO"} in organisation["country"]["options"]
    community = widgets(config, "community")
    assert community["wave"]["widget"] == "relation"
    assert community["wave"]["collection"] == "wave"
    assert community["members"] | {"multiple": True} == community["members"]
    assert community["members"]["collection"] == "organisation"
    assert community["members"]["search_fields"] == ["name", "id"]
    activities = community["activities"]
    assert activities["widget"] == "list"
    assert [f["name"] for f in activities["fields"]] == [
        f.name for f in KINDS["community"].field("activities").item.fields
    ]
    criteria = widgets(config, "template")["criteria"]
    parameters = next(f for f in criteria["fields"] if f["name"] == "parameters")
    assert [f["name"] for f in parameters["fields"]] == ["name", "value", "note", "basis"]
    # A reference to records of two kinds is typed: the app searches one collection only.
    based_on = widgets(config, "template")["based_on"]
    assert based_on["widget"] == "list" and based_on["field"]["widget"] == "string"


def test_text_fields_get_one_input_per_site_language_with_its_checked_fingerprint():
    one = widgets(cms.cms_config(SITE), "outcome")
    assert one["summary"]["widget"] == "markdown"
    two = widgets(cms.cms_config(dataclasses.replace(SITE, languages=("en", "fr"))), "outcome")
    inputs = two["summary"]["fields"]
    assert [i["name"] for i in inputs] == ["en", "fr", "fr-checked"]
    assert [i["label"] for i in inputs][:2] == ["English", "French"]
    assert [i["required"] for i in inputs] == [True, False, False]


def test_a_field_added_to_a_kind_appears_in_the_form(monkeypatch):
    extra = ChoiceField(
        "procedure",
        "the procedure the buyers used",
        "open",
        choices={"open": "Open procedure", "negotiated": "Negotiated procedure"},
        required=False,
    )
    outcome = KINDS["outcome"]
    changed = dataclasses.replace(outcome, fields=(*outcome.fields, extra))
    monkeypatch.setitem(KINDS, "outcome", changed)
    widget = widgets(cms.cms_config(SITE), "outcome")["procedure"]
    assert widget["label"] == "Procedure"
    assert widget["options"][1] == {"label": "Negotiated procedure", "value": "negotiated"}
    assert list(widgets(cms.cms_config(SITE), "outcome"))[-1] == "procedure"


def test_the_backend_proposes_changes_by_pull_request_on_each_host():
    github = cms.cms_config(SITE)
    assert github["publish_mode"] == "editorial_workflow"
    assert github["backend"] == {
        "name": "github",
        "repo": "big-buyers/knowledge-base",
        "branch": "main",
        "open_authoring": True,
        "auth_scope": "public_repo",
    }
    europa = dataclasses.replace(
        SITE,
        editing=(
            ("app_id", "1234abcd"),
            ("repository", "https://code.europa.eu/big-buyers/knowledge-base"),
        ),
    )
    assert cms.backend(europa) == {
        "name": "gitlab",
        "repo": "big-buyers/knowledge-base",
        "branch": "main",
        "base_url": "https://code.europa.eu",
        "api_root": "https://code.europa.eu/api/v4",
        "auth_type": "pkce",
        "app_id": "1234abcd",
    }
    assert cms.connect_sources(cms.cms_config(europa)) == ["https://code.europa.eu"]
    forgejo = dataclasses.replace(
        SITE,
        editing=(("backend", "gitea"), ("repository", "https://git.example.eu/kb/records")),
    )
    assert cms.backend(forgejo)["api_root"] == "https://git.example.eu/api/v1"
    codeberg = dataclasses.replace(
        SITE, editing=(("repository", "https://codeberg.org/big-buyers/knowledge-base"),)
    )
    assert cms.backend(codeberg)["name"] == "gitea"
    assert cms.backend(codeberg)["base_url"] == "https://codeberg.org"


def sveltia_schema() -> dict:
    path = NODE_MODULES / "@sveltia/cms/schema/sveltia-cms.json"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `npm ci`")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("languages", [("en",), ("en", "fr")])
def test_the_configuration_is_valid_for_the_pinned_app(languages):
    config = cms.cms_config(dataclasses.replace(SITE, languages=languages))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in jsonschema.Draft7Validator(sveltia_schema()).iter_errors(config)
    ]
    assert errors == []


def test_the_built_configuration_is_the_one_the_kinds_give(built_fixture):
    built = yaml.safe_load((built_fixture / "site/admin/config.yml").read_text())
    from generator import mkdocs_engine
    from generator.project import Project

    expected = cms.cms_config(mkdocs_engine.site(Project.at(built_fixture)))
    assert built == json.loads(json.dumps(expected))


def test_the_served_library_is_the_pinned_package_with_the_documented_changes():
    """generator/vendor/ holds what `make vendor` makes from the packages npm installed
    (npm ci checks each against package-lock.json's integrity hash)."""
    if not (NODE_MODULES / "@sveltia/cms").is_dir():
        pytest.fail("node_modules/@sveltia/cms is missing: run `npm ci`")
    lock = json.loads((ROOT / "package-lock.json").read_text())
    installed = json.loads((NODE_MODULES / "@sveltia/cms/package.json").read_text())
    assert installed["version"] == lock["packages"]["node_modules/@sveltia/cms"]["version"]
    fresh = vendoring.vendored_files(NODE_MODULES)
    committed = vendoring.served_files()
    assert sorted(committed) == sorted(fresh), "run `make vendor`"
    stale = [name for name, data in fresh.items() if committed[name] != data]
    assert stale == [], "run `make vendor`"
    library = committed[vendoring.LIBRARY].decode()
    assert "cdn.jsdelivr.net" not in library and "unpkg.com/@sveltia/cms" not in library


# Records of the fixture knowledge base a form's reference picks, by kind.
FIXTURE_IDS = {
    "organisation": "city-of-oslo",
    "community": "asphalt-group-a",
    "wave": "wave-a",
    "statement": "asphalt-declaration",
    "outcome": "recycled-asphalt",
}


def form_values(definition):
    """What an editor fills in for a field: its example, in the form's shape."""
    if isinstance(definition, RefField):
        return FIXTURE_IDS[definition.kinds[0]]
    if isinstance(definition, ObjectField):
        return {f.name: form_values(f) for f in definition.fields}
    if isinstance(definition, ListField):
        return [form_values(definition.item)]
    if isinstance(definition, TextField) and definition.markdown:
        return f"{definition.example}\n\nA second paragraph: **in Markdown**."
    return definition.example


def write_with_the_form_format(records: list[dict], text_paths=()) -> list[str]:
    """The files the app's record format (generator/admin/record-format.js) writes; with
    `text_paths`, text fields come from the form as one value per language."""
    node = shutil.which("node")
    if not node:
        pytest.fail("Node.js is needed to run the app's record format: install nodejs")
    script = (
        "import { configure, toFile } from './generator/admin/record-format.js';"
        f"configure({json.dumps(list(text_paths))});"
        "let input = '';"
        "process.stdin.on('data', d => input += d);"
        "process.stdin.on('end', () => console.log(JSON.stringify("
        "JSON.parse(input).map(toFile))));"
    )
    done = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps(records),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout)


def test_what_the_form_writes_passes_the_check_in_the_kinds_order(tmp_path):
    """A record of every kind, filled in field by field in the form's order, written by the
    app's record format: `bbkb check` accepts it, keys in the kind's order."""
    config = cms.cms_config(SITE)
    records = []
    for collection in config["collections"]:
        kind = KINDS[collection["name"]]
        record = {w["name"]: form_values(kind.field(w["name"])) for w in collection["fields"]}
        # A wave's announced groups must be its own: the form's wave takes wave-a's place.
        record["id"] = "wave-a" if kind.name == "wave" else f"form-{kind.name}"
        records.append(record)
    project = make_project(tmp_path / "kb")
    for record, text, kind in zip(
        records, write_with_the_form_format(records), KINDS.values(), strict=True
    ):
        keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
        assert keys == [f.name for f in kind.fields], text
        if kind.name == "outcome":
            assert "summary: |-\n  Buyers agreed a joint declaration.\n\n  A second" in text
        (project / "content" / kind.folder / f"{record['id']}.yml").write_text(text)
    checked = run_bbkb(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_text_in_one_input_per_language_is_written_as_an_editor_would():
    """English alone stays plain text; a translation keeps the mapping with its fingerprint."""
    record = {
        "id": "city-of-oslo",
        "name": {"en": "City of Oslo", "fr": "", "fr-checked": ""},
        "caveats": [{"en": "Unsure.", "fr": "Incertain.", "fr-checked": "1a2b3c4d"}],
    }
    (text,) = write_with_the_form_format([record], cms.text_paths())
    assert (
        text
        == (
            "id: city-of-oslo\n"
            "name: City of Oslo\n"
            "caveats:\n"
            "  - en: Unsure.\n"
            "    fr: Incertain.\n"
            '    fr-checked: "1a2b3c4d"\n'
        )
        or "fr-checked: 1a2b3c4d" in text
    ), text


def test_a_text_field_path_is_text_in_every_kind_that_has_it():
    """The record format turns the same key paths into languages in every record."""
    text = set(cms.text_paths())
    for kind in KINDS.values():
        for definition in kind.fields:
            if definition.name in text:
                assert isinstance(definition, TextField), f"{kind.name}.{definition.name}"
