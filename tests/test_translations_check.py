"""Translation freshness: a translation records the English it was checked against, and the
check warns, at the line of that record, when the English changed since."""

from __future__ import annotations

import json

from generator.fields import fingerprint_in_yaml
from generator.project import SCHEMAS
from generator.values import fingerprint

from .conftest import run_bbkb
from .test_check_bad_input import write
from .test_editor_messages import ORG, lines_for

NAME = "City of Test"


def name_problems(project) -> list[str]:
    """What the check says about the organisation's name (it also notes that nothing
    names this new organisation, which is beside the point here)."""
    return [line for line in lines_for(project, ORG) if ": name" in line]


def org_with_name(name_yaml: str) -> str:
    return (
        f"id: x\nname:\n{name_yaml}country: FI\norg_type: city\n"
        "sources:\n  - https://example.org/test\n"
    )


def test_a_checked_translation_passes_quietly(project):
    stamp = fingerprint(NAME)
    write(
        project,
        "organisations/x.yml",
        org_with_name(f"  en: {NAME}\n  fr: Ville de Test\n  fr-checked: {stamp}\n"),
    )
    assert name_problems(project) == []


def test_a_quoted_fingerprint_that_looks_like_a_number_passes_quietly(project):
    name = "City number 136"  # its fingerprint, 79953154, is a number to YAML
    assert fingerprint(name) == "79953154"
    write(
        project,
        "organisations/x.yml",
        org_with_name(f'  en: {name}\n  fr: Ville numéro 136\n  fr-checked: "79953154"\n'),
    )
    assert name_problems(project) == []


def test_changing_the_english_after_translating_warns_on_that_field(project):
    old = fingerprint("City of Tests")
    write(
        project,
        "organisations/x.yml",
        org_with_name(f"  en: {NAME}\n  fr: Ville de Tests\n  fr-checked: {old}\n"),
    )
    assert name_problems(project) == [
        f"{ORG}:5:15: warning: name.fr: the English changed since this French translation "
        f"was made (update the translation to the English, then set "
        f"'fr-checked: {fingerprint_in_yaml(fingerprint(NAME))}')"
    ]


def test_a_fingerprint_that_yaml_reads_as_a_number_is_given_quoted():
    assert fingerprint_in_yaml("05580502") == '"05580502"'
    assert fingerprint_in_yaml("4e428893") == '"4e428893"'
    assert fingerprint_in_yaml("a6725e8f") == "a6725e8f"


def test_re_wrapping_the_english_keeps_the_translation_current():
    assert fingerprint("Buyers  buy\ntogether. ") == fingerprint("Buyers buy together.")
    assert fingerprint("Buyers buy together.") != fingerprint("Buyers bought together.")


def test_a_translation_without_its_fingerprint_is_a_warning_that_gives_it(project):
    write(project, "organisations/x.yml", org_with_name(f"  en: {NAME}\n  fr: Ville de Test\n"))
    assert name_problems(project) == [
        f"{ORG}:3:3: warning: name.fr: does not say which English text it translates, so a "
        "later change to the English cannot be noticed (once the translation matches the "
        f"English, add 'fr-checked: {fingerprint_in_yaml(fingerprint(NAME))}')"
    ]


def test_a_fingerprint_without_its_translation_is_an_error(project):
    write(
        project,
        "organisations/x.yml",
        org_with_name(f"  en: {NAME}\n  de-checked: {fingerprint(NAME)}\n"),
    )
    assert name_problems(project) == [
        f"{ORG}:4:15: error: name.de-checked: there is no 'de:' translation to check "
        "(add the translation or remove 'de-checked')"
    ]


def test_the_check_counts_translations_per_language_and_kind(project):
    write(
        project,
        "organisations/x.yml",
        org_with_name(f"  en: {NAME}\n  fr: Ville de Test\n  fr-checked: {fingerprint(NAME)}\n")
        + "caveats:\n  - Not translated yet.\n",
    )
    done = run_bbkb(project, "check")
    coverage = [line for line in done.stderr.splitlines() if line.startswith("bbkb check: fr:")]
    assert len(coverage) == 1
    # The name is a proper name, right as written: its French counts only as a bonus, not
    # as a text that needs one; the caveat needs a translation and has none.
    assert "organisation 0/1" in coverage[0]
    found = json.loads(run_bbkb(project, "check", "--format", "json").stdout)
    assert found["translations"]["fr"]["organisation"] == {"translated": 0, "texts": 1}
    outcomes = found["translations"]["fr"]["outcome"]
    assert outcomes["translated"] >= 2 and outcomes["texts"] > outcomes["translated"]


def test_a_new_record_and_the_schemas_show_how_to_add_a_translation(project):
    done = run_bbkb(project, "new", "outcome", "new-outcome")
    assert done.returncode == 0, done.stderr
    text = (project / "content/outcomes/new-outcome.yml").read_text(encoding="utf-8")
    assert "#     fr: Le texte français." in text and "fr-checked" in text
    schema = json.loads((SCHEMAS / "outcome.schema.json").read_text(encoding="utf-8"))
    summary = json.dumps(schema["properties"]["summary"])
    assert "fr-checked" in summary and "-checked$" in summary
