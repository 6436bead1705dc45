"""Editors' messages in plain words, compared in full: syntax mistakes at the line where they
are, country codes as people write them, plausibility warnings, and `bbkb new` from any
folder of the project."""

from __future__ import annotations

import contextlib
import io

import pytest

from generator.cli import main

from .conftest import run_bbkb
from .test_check_bad_input import VALID_ORG, write

ORG = "content/organisations/x.yml"


def lines_for(project, relative: str, *args: str) -> list[str]:
    """Every problem line `bbkb check` prints for one file."""
    done = run_bbkb(project, "check", *args)
    return [line for line in done.stdout.splitlines() if line.startswith(relative)]


SYNTAX = {
    # Was: line 5, "while scanning a simple key, could not find expected ':'".
    "no space after a colon": (
        "id: x\nname: City of Test\ncountry: FI\norg_type:city\nsources:\n"
        "  - https://example.org/test\n",
        f"{ORG}:4:1: error: 'org_type:city' needs a space after the colon (write 'org_type: city')",
    ),
    # Was: the end of the file, with a hint about indentation.
    "unclosed quote": (
        'id: x\nname: "City of Test\ncountry: FI\norg_type: city\n',
        f'{ORG}:2:7: error: the quote " opened here is never closed '
        '(add the closing " at the end of the value)',
    ),
    # Was: "mapping values are not allowed here", with no word about quotes.
    "colon inside a value": (
        "id: x\nname: City: Test\ncountry: FI\norg_type: city\n",
        f"{ORG}:2:11: error: a value holds ': ', which YAML reads as a new field "
        '(put the value in quotes: name: "City: Test")',
    ),
    "unclosed list": (
        "id: x\nname: [City of Test\ncountry: FI\n",
        f"{ORG}:2:7: error: the [ opened here is not closed where the value ends "
        "(add ] at the end of the value, or put the whole value in quotes)",
    ),
    "field indented too far": (
        "id: x\nname: City of Test\n  country: FI\n",
        f"{ORG}:3:3: error: this line is indented more than the field before it "
        "(start each field of the record at the same column as the others)",
    ),
}


@pytest.mark.parametrize("case", SYNTAX)
def test_syntax_mistakes_are_told_in_plain_words_where_they_are(project, case):
    text, expected = SYNTAX[case]
    write(project, "organisations/x.yml", text)
    assert lines_for(project, ORG) == [expected]


def test_a_broken_record_causes_no_errors_in_the_records_that_name_it(project):
    """Was: 'no organisation has the id city-of-lyon' in every community and statement."""
    path = project / "content/organisations/city-of-lyon.yml"
    path.write_text(path.read_text().replace("country: FR", "country:FR"))
    done = run_bbkb(project, "check")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "content/organisations/city-of-lyon.yml:3:1: error: 'country:FR' needs a space after "
        "the colon (write 'country: FR')"
    ]


COUNTRIES = {  # was, for each: "use the ISO 3166 two-letter code, e.g. NO for Norway"
    "EL": "'GR' (Greece)",
    "UK": "'GB' (United Kingdom)",
    "FRA": "'FR' (France)",
    "France": "'FR' (France)",
    "fi": "'FI' (Finland)",
}


@pytest.mark.parametrize("written", COUNTRIES)
def test_a_country_written_another_way_gets_its_iso_code(project, written):
    write(project, "organisations/x.yml", VALID_ORG.format(id="x").replace("FI", written))
    assert lines_for(project, ORG) == [
        f"{ORG}:3:10: error: country: '{written}' is not a country code (did you mean "
        f"{COUNTRIES[written]}? Countries are written as ISO 3166 two-letter codes)"
    ]


def test_implausible_values_are_warned_about_and_fail_strict(project):
    """Was: silence."""
    wave = project / "content/waves/wave-a.yml"
    wave.write_text(wave.read_text().replace("end: 2020-10", "end: 2018-10"))
    community = project / "content/communities/asphalt-group-a.yml"
    text = community.read_text()
    text = text.replace("members: [city-of-lyon]", "members: [city-of-lyon, city-of-oslo]")
    late = "  - date: 2031-05\n    type: meeting\n    title: A late meeting\n"
    community.write_text(text.replace("activities:\n", "activities:\n" + late, 1))
    write(project, "organisations/x.yml", VALID_ORG.format(id="x"))

    assert run_bbkb(project, "check").returncode == 0  # warnings only
    assert run_bbkb(project, "check", "--strict").returncode == 1
    assert lines_for(project, "content/") == [
        "content/communities/asphalt-group-a.yml:9:10: warning: members: 'city-of-oslo' is the "
        "lead and is listed as a member too (leave the lead out of members)",
        "content/communities/asphalt-group-a.yml:12:11: warning: activities[1].date: is more "
        "than a year after the end of wave-a (2018-10) (check the year, or whether the group "
        "belongs to a later wave)",
        "content/communities/asphalt-group-a.yml:15:11: warning: activities[2].date: is more "
        "than a year after the end of wave-a (2018-10) (check the year, or whether the group "
        "belongs to a later wave)",
        f"{ORG}:1:1: warning: id: no other record names this organisation "
        "(name it where it took part (for example a community's members), or remove the record)",
        "content/waves/wave-a.yml:6:6: warning: end: ends (2018-10) before it starts (2019-04) "
        "(check both dates against the source)",
    ]


def test_bbkb_new_in_a_sub_folder_writes_where_records_belong(project, monkeypatch):
    """Was: content/organisations/content/organisations/lyon.yml."""
    monkeypatch.chdir(project / "content" / "organisations")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["new", "organisation", "lyon"]) == 0
    assert (project / "content/organisations/lyon.yml").is_file()
    assert not (project / "content/organisations/content").exists()
    assert "wrote content/organisations/lyon.yml" in err.getvalue()
