"""Broken or hostile records: one clear line per problem, exit 1, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.fields import ListField, ObjectField, StringField, TextField
from generator.kinds import KINDS
from generator.values import fingerprint

from .conftest import run_bbkb

LINE = re.compile(
    r"^(?P<file>content/[\w./-]+):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<severity>error|warning): (?:(?P<field>[\w.\[\]]+): )?(?P<message>.+)$"
)

VALID_ORG = (
    "id: {id}\nname: City of Test\ncountry: FI\norg_type: city\n"
    "sources:\n  - https://example.org/test\n"
)


def check(project: Path) -> tuple[int, list[dict], str]:
    done = run_bbkb(project, "check")
    assert "Traceback" not in done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    parsed = []
    for line in lines:
        match = LINE.match(line)
        assert match, f"not in file:line:col form: {line!r}"
        parsed.append(match.groupdict())
    return done.returncode, parsed, done.stdout


def write(project: Path, relative: str, data: str | bytes) -> None:
    path = project / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def only_problem(project: Path, relative: str) -> dict:
    status, problems, output = check(project)
    assert status == 1, output
    mine = [p for p in problems if p["file"] == f"content/{relative}"]
    assert len(mine) == 1, output
    return mine[0]


BAD_FILES = {
    "invalid YAML syntax": ("id: x\nname: [unclosed\ncountry: FI\n", 2, "is not closed"),
    "tab indentation": ("id: x\nname:\n\tfoo: bar\n", 3, "tab character"),
    "empty file": ("", 1, "the file is empty"),
    "a list instead of a mapping": ("- a\n- b\n", 1, "found a list"),
    "a plain string": ("just some words\n", 1, "found a single value"),
    "several documents": (
        VALID_ORG.format(id="x") + "---\nid: y\n",
        7,
        "more than one YAML document",
    ),
    "alias bomb": (
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
        1,
        "anchors and aliases",
    ),
    "non-UTF-8 bytes": (b"id: x\nname: Caf\xe9 city\n", 2, "not valid UTF-8"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_unreadable_file_gives_one_line(project, case):
    data, line, message = BAD_FILES[case]
    write(project, "organisations/x.yml", data)
    problem = only_problem(project, "organisations/x.yml")
    assert problem["severity"] == "error"
    assert int(problem["line"]) == line
    assert message in problem["message"]
    assert re.search(r"\(.+\)$", problem["message"]) or case == "empty file"


def test_ten_megabyte_file_is_refused_without_reading_it_as_yaml(project):
    write(project, "organisations/x.yml", b"id: x\nname: '" + b"a" * 10_000_000 + b"'\n")
    problem = only_problem(project, "organisations/x.yml")
    assert "at most 1 MB" in problem["message"]


def test_byte_order_mark_is_accepted(project):
    write(project, "organisations/x.yml", b"\xef\xbb\xbf" + VALID_ORG.format(id="x").encode())
    status, problems, output = check(project)
    assert status == 0, output
    assert [p for p in problems if p["severity"] == "error"] == []


def test_duplicate_keys_are_an_error(project):
    write(project, "organisations/x.yml", VALID_ORG.format(id="x") + "country: SE\n")
    problem = only_problem(project, "organisations/x.yml")
    assert problem["field"] == "country"
    assert (problem["line"], problem["col"]) == ("7", "1")
    assert "given twice (first on line 3)" in problem["message"]


FIELD_MISTAKES = {
    "unknown field": ("cuntry: FI", "cuntry", "is not a known field (did you mean 'country'?)"),
    "wrong type": ("org_type: [city]", "org_type", "expected one of the listed values"),
    "javascript URL": ("website: javascript:alert(1)", "website", "not an http(s) web address"),
    "ftp URL": ("website: ftp://example.org/", "website", "not an http(s) web address"),
    "data URL": ("website: data:text/html,hi", "website", "not an http(s) web address"),
    "lower-case country": ("country: fi", "country", "did you mean 'FI' (Finland)?"),
    "unknown country": ("country: XX", "country", "not a country code"),
    "EU as a country": (
        "country: EU",
        "country",
        "'EU' is not a country (give the country of the seat, e.g. BE for a body "
        "in Brussels, and add 'scope: eu-wide' for where it works)",
    ),
    "unknown scope": ("scope: europe", "scope", "'europe' is not an allowed value"),
    "HTML in a name": ("short_name: <b>Test</b>", "short_name", "contains HTML"),
}


@pytest.mark.parametrize("case", FIELD_MISTAKES, ids=list(FIELD_MISTAKES))
def test_field_mistakes(project, case):
    line, field, message = FIELD_MISTAKES[case]
    key = line.split(":")[0]
    base = [
        row
        for row in VALID_ORG.format(id="x").splitlines()
        if not row.startswith(key) and not (key == "cuntry" and row.startswith("country"))
    ]
    write(project, "organisations/x.yml", "\n".join(base + [line]) + "\n")
    status, problems, output = check(project)
    assert status == 1
    mine = [p for p in problems if p["field"] == field]
    assert len(mine) == 1, output
    assert message in mine[0]["message"]


def test_impossible_dates(project):
    text = (project / "content/waves/wave-b.yml").read_text()
    write(project, "waves/wave-b.yml", text.replace("start: 2021", "start: 2021-02-30"))
    problem = only_problem(project, "waves/wave-b.yml")
    assert problem["field"] == "start"
    assert "'2021-02-30' is not a real date" in problem["message"]


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "City-Of-Oslo", "two--hyphens", "x y"])
def test_bad_ids_are_refused(project, bad_id):
    write(project, "organisations/x.yml", VALID_ORG.format(id=f'"{bad_id}"'))
    status, problems, output = check(project)
    assert status == 1
    assert any(p["field"] == "id" and "is not a valid id" in p["message"] for p in problems), output


def test_file_name_must_match_id(project):
    write(project, "organisations/x.yml", VALID_ORG.format(id="y"))
    problem = only_problem(project, "organisations/x.yml")
    assert problem["field"] == "id"
    assert "does not match the file name 'x.yml'" in problem["message"]


def test_duplicate_ids_across_files(project):
    write(
        project,
        "outcomes/city-of-oslo.yml",
        (project / "content/outcomes/recycled-asphalt.yml")
        .read_text()
        .replace("id: recycled-asphalt", "id: city-of-oslo"),
    )
    status, problems, output = check(project)
    assert status == 1
    assert any(
        "already used by content/organisations/city-of-oslo.yml" in p["message"] for p in problems
    ), output


def test_references_to_missing_and_wrong_kind_records(project):
    path = project / "content/statements/asphalt-declaration.yml"
    text = path.read_text().replace("community: asphalt-group-a", "community: city-of-oslo")
    text = text.replace(
        "signatories: [city-of-oslo, city-of-lyon]", "signatories: [city-of-oslo, city-of-lyonn]"
    )
    path.write_text(text)
    status, problems, output = check(project)
    assert status == 1
    messages = {p["field"]: p["message"] for p in problems}
    assert "is an organisation, not a community" in messages["community"]
    assert (
        "no organisation has the id 'city-of-lyonn' (did you mean 'city-of-lyon'?)"
        in messages["signatories[2]"]
    )


def _text_fields(fields, prefix=""):
    """Every field that holds text, with a YAML snippet setting it, for each kind."""
    for definition in fields:
        free_string = isinstance(definition, StringField) and definition.pattern is None
        if isinstance(definition, TextField) or free_string:
            yield prefix + definition.name, definition
        elif isinstance(definition, ObjectField):
            yield from _text_fields(definition.fields, f"{prefix}{definition.name}.")
        elif isinstance(definition, ListField) and isinstance(definition.item, TextField):
            yield prefix + definition.name + "[1]", definition.item
        elif isinstance(definition, ListField) and isinstance(definition.item, ObjectField):
            yield from _text_fields(definition.item.fields, f"{prefix}{definition.name}[1].")


TEXT_FIELDS = [
    (kind.name, path) for kind in KINDS.values() for path, _ in _text_fields(kind.fields)
]


def _set(data: dict, path: str, value: str) -> None:
    parts = re.findall(r"(\w+)(\[1\])?", path)
    target = data
    for index, (name, listed) in enumerate(parts):
        last = index == len(parts) - 1
        if listed:
            target.setdefault(name, [{}] if not last else [])
            if last:
                target[name] = [value]
                return
            if not target[name]:
                target[name].append({})
            target = target[name][0]
        elif last:
            target[name] = value
        else:
            target = target.setdefault(name, {})


FIXTURE_OF_KIND = {
    "wave": "waves/wave-a.yml",
    "community": "communities/asphalt-group-a.yml",
    "outcome": "outcomes/recycled-asphalt.yml",
    "statement": "statements/asphalt-declaration.yml",
    "template": "templates/asphalt-template.yml",
    "organisation": "organisations/city-of-oslo.yml",
}


@pytest.mark.parametrize(
    ("kind", "field_path"), TEXT_FIELDS, ids=[f"{k}.{f}" for k, f in TEXT_FIELDS]
)
def test_script_in_every_text_field_is_refused(project, kind, field_path):
    import yaml

    relative = FIXTURE_OF_KIND[kind]
    data = yaml.safe_load((project / "content" / relative).read_text())
    _set(data, field_path, "Hello <script>alert('x')</script>")
    write(project, relative, yaml.safe_dump(data, sort_keys=False))
    status, problems, output = check(project)
    assert status == 1, output
    assert any(p["field"] == field_path and "contains HTML" in p["message"] for p in problems), (
        output
    )


def test_a_dozen_mistakes_give_a_dozen_lines(project):
    write(
        project,
        "outcomes/bad-outcome.yml",
        """\
id: bad-outcome
titel: Circular asphalt
community: city-of-oslo
theme: circular
summary: <script>alert(1)</script>
need: "[click](javascript:alert(1))"
approach: Visits.
figures:
  - value: "3"
    label: buyers
    extra: y
lessons: not a list
documents:
  - title: Report
    type: report
    url: ftp://example.org/r.pdf
cpv_codes: [45233000, 45233000-9, 45233000-9]
sources:
  - https://example.org/a
  - javascript:alert(1)
summary: again
""",
    )
    status, problems, output = check(project)
    assert status == 1
    mine = [p for p in problems if p["file"] == "content/outcomes/bad-outcome.yml"]
    fields = [p["field"] for p in mine]
    assert fields == [
        "title",
        "titel",
        "community",
        "theme",
        "summary",
        "need",
        "figures[1].extra",
        "lessons",
        "documents[1].url",
        "cpv_basis",
        "cpv_codes[1]",
        "cpv_codes[3]",
        "sources[2]",
        "summary",
    ], output
    assert all(re.search(r" \(.+\)$", p["message"]) for p in mine), output
    positions = [(int(p["line"]), int(p["col"])) for p in mine]
    assert positions == sorted(positions)


COMMUNITY_FIELDS = "'lead:' or 'coordinator:' or 'members:' or 'pilots:'"
RELATIONS_WRITTEN_ELSEWHERE = {  # was, for each: "is not a known field (allowed: ...)"
    "communities": (
        "organisations/city-of-oslo.yml",
        "this link is written on the community, not here: remove it and add 'city-of-oslo' "
        f"under {COMMUNITY_FIELDS} in content/communities/<community id>.yml",
    ),
    "member_of": (
        "organisations/city-of-oslo.yml",
        "this link is written on the community, not here: remove it and add 'city-of-oslo' "
        f"under {COMMUNITY_FIELDS} in content/communities/<community id>.yml",
    ),
    "statements": (
        "organisations/city-of-oslo.yml",
        "this link is written on the joint statement, not here: remove it and add "
        "'city-of-oslo' under 'signatories:' in content/statements/<statement id>.yml",
    ),
    "templates": (
        "outcomes/recycled-asphalt.yml",
        "this link is written on the tender template, not here: remove it and add "
        "'recycled-asphalt' under 'based_on:' in content/templates/<template id>.yml",
    ),
}


@pytest.mark.parametrize("key", RELATIONS_WRITTEN_ELSEWHERE)
def test_a_relation_written_on_the_wrong_side_says_where_it_goes(project, key):
    relative, hint = RELATIONS_WRITTEN_ELSEWHERE[key]
    path = project / "content" / relative
    path.write_text(path.read_text() + f"{key}: [some-id]\n")
    line = len(path.read_text().splitlines())
    status, _, output = check(project)
    assert status == 1
    assert output.splitlines() == [
        f"content/{relative}:{line}:1: error: {key}: is not a known field ({hint})"
    ]


TEMPLATE = "templates/asphalt-template.yml"
BASIS_LINE = "        basis: suggestion\n"


def _template_with_basis(project: Path, basis_line: str) -> None:
    text = (project / "content" / TEMPLATE).read_text()
    assert BASIS_LINE in text
    write(project, TEMPLATE, text.replace(BASIS_LINE, basis_line))


def test_a_parameter_without_basis_is_an_error(project):
    _template_with_basis(project, "")
    problem = only_problem(project, TEMPLATE)
    assert problem["field"] == "criteria[1].parameters[1].basis"
    assert (problem["line"], problem["col"]) == ("17", "9")
    assert "is required but missing" in problem["message"]
    assert "'suggestion'" in problem["message"]


def test_a_basis_must_be_a_source_the_criterion_lists(project):
    _template_with_basis(project, "        basis: https://example.org/another-page\n")
    problem = only_problem(project, TEMPLATE)
    assert problem["field"] == "criteria[1].parameters[1].basis"
    assert (problem["line"], problem["col"]) == ("19", "16")
    assert (
        "'https://example.org/another-page' is not among the sources of criterion "
        "TST-TS-01" in problem["message"]
    )
    assert "write 'suggestion'" in problem["message"]


def test_a_basis_from_the_criterion_sources_is_accepted(project):
    _template_with_basis(project, "        basis: https://example.org/declaration\n")
    status, problems, output = check(project)
    assert status == 0, output


def test_a_basis_is_a_web_address_or_suggestion(project):
    _template_with_basis(project, "        basis: our guess\n")
    problem = only_problem(project, TEMPLATE)
    assert problem["field"] == "criteria[1].parameters[1].basis"
    assert "'our guess' is not a basis" in problem["message"]


def test_a_value_in_brackets_without_a_parameter_is_a_warning(project):
    """A bracket is a value the buyer sets: without a parameter it has no basis to show."""
    text = (project / "content" / TEMPLATE).read_text()
    old = "reclaimed asphalt.\n"
    assert old in text
    write(project, TEMPLATE, text.replace(old, "reclaimed asphalt, tested by [a laboratory].\n"))
    status, problems, output = check(project)
    assert status == 0, output  # a warning: the page still works, with "Value 2" as label
    assert len(problems) == 1, output
    (problem,) = problems
    assert problem["severity"] == "warning"
    assert (problem["file"], problem["line"], problem["col"]) == (f"content/{TEMPLATE}", "15", "11")
    assert problem["field"] == "criteria[1].text"
    assert "[a laboratory] matches no parameter of criterion TST-TS-01" in problem["message"]
    assert "add a parameter with its basis" in problem["message"]
    assert run_bbkb(project, "check", "--strict").returncode == 1


def test_a_translated_bracket_needs_a_parameter_in_that_language(project):
    """The French page matches the French text with the French parameters."""
    text = (project / "content" / TEMPLATE).read_text()
    old = "    text: The mix contains at least [30] % reclaimed asphalt.\n"
    assert old in text
    translated = (
        "    text:\n"
        "      en: The mix contains at least [30] % reclaimed asphalt.\n"
        "      fr: L'enrobé contient au moins [30] % d'asphalte récupéré, selon [la norme].\n"
        f"      fr-checked: {fingerprint('The mix contains at least [30] % reclaimed asphalt.')}\n"
    )
    write(project, TEMPLATE, text.replace(old, translated))
    status, problems, output = check(project)
    assert status == 0, output
    where = [(p["line"], p["col"], p["field"]) for p in problems]
    assert where == [("17", "7", "criteria[1].text.fr")], output  # the line of its fr:
    assert "[la norme] matches no parameter" in problems[0]["message"]


OUTCOME = "outcomes/recycled-asphalt.yml"


def test_cpv_codes_without_a_basis_are_an_error(project):
    text = (project / "content" / OUTCOME).read_text()
    write(project, OUTCOME, text.replace("cpv_basis: editorial\n", ""))
    problem = only_problem(project, OUTCOME)
    assert problem["field"] == "cpv_basis"
    assert (problem["line"], problem["col"]) == ("10", "12")
    assert "the CPV codes have no basis (add 'cpv_basis: editorial'" in problem["message"]


def test_a_cpv_basis_must_be_a_listed_source(project):
    text = (project / "content" / OUTCOME).read_text()
    write(
        project,
        OUTCOME,
        text.replace("cpv_basis: editorial", "cpv_basis: https://example.org/cpv-list"),
    )
    problem = only_problem(project, OUTCOME)
    assert problem["field"] == "cpv_basis"
    assert "'https://example.org/cpv-list' is not among the record's sources" in problem["message"]
    write(
        project,
        OUTCOME,
        text.replace("cpv_basis: editorial", "cpv_basis: https://example.org/outcome"),
    )
    status, problems, output = check(project)
    assert status == 0, output


COMMUNITY = "communities/asphalt-group-b.yml"
CONTACT = (
    "contact:\n  email: secretariat@example.org\n  how: Write to the secretariat to join.\n"
    "  source: https://example.org/asphalt-b\n"
)


def _community_with_contact(project: Path, contact: str) -> None:
    text = (project / "content" / COMMUNITY).read_text()
    assert CONTACT in text
    write(project, COMMUNITY, text.replace(CONTACT, contact))


def test_a_contact_needs_an_address_or_a_page(project):
    _community_with_contact(
        project, "contact:\n  how: Ask us.\n  source: https://example.org/asphalt-b\n"
    )
    problem = only_problem(project, COMMUNITY)
    assert problem["field"] == "contact"
    assert (problem["line"], problem["col"]) == ("12", "3")
    assert "gives neither an e-mail address nor a page" in problem["message"]


def test_a_contact_source_must_be_listed(project):
    _community_with_contact(
        project,
        CONTACT.replace(
            "source: https://example.org/asphalt-b", "source: https://example.org/elsewhere"
        ),
    )
    problem = only_problem(project, COMMUNITY)
    assert problem["field"] == "contact.source"
    assert (problem["line"], problem["col"]) == ("14", "11")
    assert "'https://example.org/elsewhere' is not among the record's sources" in problem["message"]


@pytest.mark.parametrize("email", ["mailto:a@example.org", "secretariat", "a@b"])
def test_a_contact_email_is_a_plain_address(project, email):
    _community_with_contact(project, CONTACT.replace("secretariat@example.org", email))
    problem = only_problem(project, COMMUNITY)
    assert problem["field"] == "contact.email"
    assert "is not an e-mail address (write it as name@example.org" in problem["message"]


def test_an_announced_community_must_belong_to_the_wave(project):
    text = (project / "content/waves/wave-b.yml").read_text()
    write(
        project,
        "waves/wave-b.yml",
        text.replace("community: asphalt-group-b", "community: asphalt-group-a"),
    )
    problem = only_problem(project, "waves/wave-b.yml")
    assert problem["field"] == "communities_announced[1].community"
    assert (problem["line"], problem["col"]) == ("11", "16")
    assert "'asphalt-group-a' belongs to 'wave-a', not to 'wave-b'" in problem["message"]
