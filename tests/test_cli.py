"""What an editor sees from `bbkb`: help, formats, annotations, scaffolds, stale warnings."""

from __future__ import annotations

import json
import os
import re

import yaml

from .conftest import run_bbkb, run_bbkb_process

BROKEN = "content/organisations/city-of-lyon.yml"


def break_record(project):
    path = project / BROKEN
    path.write_text(path.read_text().replace("country: FR", "country: France"))


def test_check_help_explains_the_command(project):
    done = run_bbkb(project, "check", "--help")
    assert done.returncode == 0
    for phrase in ("checks it", "file, line, column", "exit status is 0", "--strict", "--format"):
        assert phrase in done.stdout, phrase


def test_clean_content_passes(project):
    done = run_bbkb_process(project, "check")  # the installed command, as editors run it
    assert done.returncode == 0
    assert done.stdout == ""
    assert "no problems found" in done.stderr


def test_json_format_for_tools(project):
    break_record(project)
    done = run_bbkb(project, "check", "--format", "json")
    assert done.returncode == 1
    found = json.loads(done.stdout)
    assert found["problems"] == [
        {
            "file": BROKEN,
            "line": 3,
            "column": 10,
            "severity": "error",
            "field": "country",
            "message": "'France' is not a country code",
            "hint": "did you mean 'FR' (France)? Countries are written as ISO 3166 two-letter "
            "codes",
        }
    ]


def test_github_actions_annotations(project):
    break_record(project)
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    done = run_bbkb(project, "check", env=env)
    assert done.returncode == 1
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        f"::error file={BROKEN},line=3,col=10,title=bbkb check::country: 'France' is not a "
        "country code (did you mean 'FR' (France)? Countries are written as ISO 3166 "
        "two-letter codes)"
    ]


def test_no_annotations_outside_github(project):
    break_record(project)
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    assert "::error" not in run_bbkb(project, "check", env=env).stdout


def test_stale_criteria_warn_and_strict_fails(project):
    path = project / "content/templates/asphalt-template.yml"
    path.write_text(
        path.read_text().replace("review_date: 2026-11-01", "review_date: 2020-01-15", 1)
    )
    done = run_bbkb(project, "check")
    assert done.returncode == 0
    assert re.search(
        r"asphalt-template.yml:\d+:18: warning: criteria\[1\].review_date: "
        r"criterion TST-TS-01 was last reviewed on 2020-01-15",
        done.stdout,
    )
    strict = run_bbkb(project, "check", "--strict")
    assert strict.returncode == 1
    assert ": error: criteria[1].review_date:" in strict.stdout


def test_new_record_names_each_placeholder_then_builds(project):
    done = run_bbkb(project, "new", "outcome", "my-test")
    assert done.returncode == 0, done.stderr
    path = project / "content/outcomes/my-test.yml"
    text = path.read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=../../generator/schemas/outcome.schema.json\n"
    )
    check = run_bbkb(project, "check")
    assert check.returncode == 1
    named = re.findall(
        r"my-test.yml:\d+:\d+: error: ([\w\[\].]+): still holds the placeholder", check.stdout
    )
    assert named == ["title", "community", "theme", "summary", "need", "approach", "sources[1]"]
    filled = {
        "title": "My test outcome",
        "community": "asphalt-group-a",
        "theme": "circular-construction",
        "summary": "A summary.",
        "need": "A need.",
        "approach": "An approach.",
    }
    for field, value in filled.items():
        text = text.replace(f"\n{field}: TODO\n", f"\n{field}: {value}\n")
    text = text.replace("sources:\n  - TODO", "sources:\n  - https://example.org/my-test")
    path.write_text(text)
    assert yaml.safe_load(text)["title"] == "My test outcome"
    check = run_bbkb(project, "check")
    assert check.returncode == 0, check.stdout
    assert run_bbkb(project, "build").returncode == 0
    assert "My test outcome" in (project / "site/outcomes/my-test/index.html").read_text()


def test_new_refuses_to_overwrite_and_bad_ids(project):
    original = (project / "content/organisations/city-of-oslo.yml").read_text()
    done = run_bbkb(project, "new", "organisation", "city-of-oslo")
    assert done.returncode == 1
    assert "already exists; nothing was written" in done.stderr
    assert (project / "content/organisations/city-of-oslo.yml").read_text() == original
    for bad in ("../escape", "Upper", "a/b"):
        done = run_bbkb(project, "new", "organisation", bad)
        assert done.returncode == 1
        assert "is not a valid id" in done.stderr
    assert not (project / "escape.yml").exists()
    assert not (project / "content/escape.yml").exists()


def test_every_kind_scaffolds_to_yaml_the_check_understands(project):
    for kind in ("wave", "community", "outcome", "statement", "template", "organisation"):
        assert run_bbkb(project, "new", kind, f"new-{kind}").returncode == 0
    done = run_bbkb(project, "check")
    assert done.returncode == 1
    assert "not valid YAML" not in done.stdout
    assert "is not a known field" not in done.stdout
