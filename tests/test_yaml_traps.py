"""YAML 1.1 surprises must not change what an editor wrote."""

from __future__ import annotations

from generator.fields import ReadContext, read_mapping
from generator.kinds import ORGANISATION
from generator.problems import ProblemList
from generator.yaml_source import parse


def read_organisation(text: str):
    problems = ProblemList()
    data = read_mapping(parse(text), list(ORGANISATION.fields), ReadContext("x.yml", problems))
    return data, problems


BASE = "id: x\nname: {name}\ncountry: {country}\norg_type: city\ncity: {city}\n" \
       "sources: [https://example.org]\n"


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
