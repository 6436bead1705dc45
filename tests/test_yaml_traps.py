"""YAML 1.1 surprises must not change what an editor wrote."""

from __future__ import annotations

import pytest

from generator.kinds import ORGANISATION
from generator.problems import ProblemList
from generator.reading import ReadContext, read_mapping
from generator.yaml_source import parse


def read_organisation(text: str):
    problems = ProblemList()
    data = read_mapping(parse(text), list(ORGANISATION.fields), ReadContext("x.yml", problems))
    return data, problems


BASE = (
    "id: x\nname: {name}\ncountry: {country}\norg_type: city\ncity: {city}\n"
    "sources: [https://example.org]\n"
)


def test_country_no_is_norway_not_false():
    data, problems = read_organisation(BASE.format(name="Oslo", country="NO", city="Oslo"))
    assert not problems.items
    assert data["country"] == "NO"


def test_yes_on_numbers_stay_text_in_string_fields():
    for word in ("on", "yes", "off", "0123", "1e3", "2019-04-30", "null-island", "~x"):
        data, problems = read_organisation(BASE.format(name=word, country="FI", city=word))
        assert not problems.errors, (word, [p.text() for p in problems.items])
        assert str(data["name"]) == word
        assert data["city"] == word


def test_octal_looking_and_float_looking_values_keep_their_digits():
    data, _ = read_organisation(BASE.format(name="0123", country="FI", city="1e3"))
    assert str(data["name"]) == "0123"
    assert data["city"] == "1e3"


PARSER_INPUTS = {
    "record": "id: x\nname: City\nsources:\n  - https://example.org/\n",
    "anchor and alias": "a: &x [1]\nb: *x\n",
    "undefined alias": "a: *x\n",
    "anchor alone": "a: &x 1\n",
    "deep flow list": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep block list": "a:\n" + "".join("  " * i + "- \n" for i in range(1, 300)),
    "unclosed list": "a: [unclosed\nb: c\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "tab": "a:\n\tb: 1\n",
    "unclosed quote": 'a: "open\nb: c\n',
    "missing space": "a:1\nb:\n  c:d\n",
}


@pytest.mark.parametrize("name", PARSER_INPUTS)
def test_libyaml_and_python_parsers_agree(name):
    """libyaml reads records fast; a problem must read the same whichever parser runs."""
    from generator import yaml_source

    def outcome(parse):
        try:
            node = parse(PARSER_INPUTS[name])
            return ("ok", node.start_mark.line if node else None)
        except yaml_source.LoadError as exc:
            return (exc.line, exc.column, exc.message, exc.hint)

    assert outcome(yaml_source.parse) == outcome(yaml_source._parse_exact)


def test_a_list_nested_thousands_deep_gets_an_editor_message(project):
    from .conftest import run_bbkb

    path = project / "content" / "organisations" / "deep.yml"
    path.write_text("id: deep\nname: " + "[" * 5000 + "]" * 5000 + "\n")
    done = run_bbkb(project, "check")
    assert done.returncode == 1
    assert done.stdout.strip() == (
        "content/organisations/deep.yml:2:46: error: values are nested more than 40 levels "
        "deep here (a record needs only a few levels: check the brackets and the indentation)"
    )
