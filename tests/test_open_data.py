"""Open data: the JSON exports and their schema, the CSV tables, the Atom feeds, the JSON-LD of
the pages, the DCAT-AP catalogue and the Data page, read the way their users read them."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator import mkdocs_engine, paths
from generator.data_files import size_text
from generator.exports import SCHEMA_NAME, SCHEMA_VERSION, export_schema, schema_digest
from generator.fields import ref_fields
from generator.interface import theme_strings
from generator.kinds import KINDS
from generator.open_data import open_data_files
from generator.pipeline import Pipeline
from generator.project import Project
from generator.values import writing_in

from .conftest import ROOT, git

LANGUAGES = mkdocs_engine.site(Project.at(ROOT)).languages

# rdflib's JSON-LD parser still uses its own deprecated ConjunctiveGraph inside.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")

SITE = "https://big-buyers.github.io/knowledge-base/"  # mkdocs.yml's default address


def _language_of(site_path: str) -> str:
    """The language of a built page from its place in the site (fr/... is French)."""
    first = site_path.split("/", 1)[0]
    return first if first in LANGUAGES[1:] else LANGUAGES[0]


def data(site: Path, name: str) -> bytes:
    return (site / "site" / paths.data_file(name)).read_bytes()


def json_exports(site: Path) -> dict[str, dict]:
    folder = site / "site" / paths.DATA_FOLDER
    return {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.json"))
        if p.name != SCHEMA_NAME
    }


def csv_rows(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV files start with a UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def kb(built_fixture):
    return Pipeline(Project.at(built_fixture)).check().kb


# --- JSON ----------------------------------------------------------------------------------
def test_every_json_export_follows_its_published_schema(built_fixture):
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads(data(built_fixture, SCHEMA_NAME))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    exports = json_exports(built_fixture)
    assert set(exports) == {"knowledge-base.json"} | {
        f"{k.pages_folder}.json" for k in KINDS.values()
    }
    for name, document in exports.items():
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
        assert not errors, f"{name}:\n" + "\n".join(errors[:10])
        assert document["schema_version"] == SCHEMA_VERSION
        assert document["$schema"] == schema["$id"] == SITE + paths.data_file(SCHEMA_NAME)
        assert document["licence"]["spdx"] == "CC-BY-4.0"
        assert document["code_licence"]["spdx"] == "EUPL-1.2"


def _references(value):
    """Every {id, kind, page} reference inside an exported value."""
    if isinstance(value, dict):
        if set(value) >= {"id", "kind", "page"}:
            yield value
        for inner in value.values():
            yield from _references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _references(inner)


def test_every_relation_resolves_to_a_record_of_the_export(built_fixture, kb):
    exports = json_exports(built_fixture)
    everything = {r["id"]: r for r in exports["knowledge-base.json"]["records"]}
    assert set(everything) == set(kb.by_id), "the export of everything holds every record"
    for name, document in exports.items():
        for record in document["records"]:
            references = list(_references(record["fields"])) + record["referenced_by"]
            for ref in references:
                target = everything.get(ref["id"])
                assert target, f"{name}: {record['id']} refers to unknown {ref['id']}"
                assert ref["kind"] == target["kind"] and ref["page"] == target["page"]
                # the page address is a page of the site
                page = ref["page"].removeprefix(SITE)
                assert (built_fixture / "site" / page / "index.html").is_file(), ref["page"]
    # each kind's export holds exactly its records, in id order
    for kind in KINDS.values():
        records = exports[f"{kind.pages_folder}.json"]["records"]
        assert [r["id"] for r in records] == sorted(r.id for r in kb.of_kind(kind.name))


def test_relations_are_given_both_ways(built_fixture):
    records = {r["id"]: r for r in json_exports(built_fixture)["knowledge-base.json"]["records"]}
    group = records["asphalt-group-a"]["fields"]
    assert group["lead"]["id"] == "city-of-oslo"
    assert group["wave"] == {"id": "wave-a", "kind": "wave", "page": SITE + "waves/wave-a/"}
    lyon = records["city-of-lyon"]["referenced_by"]
    assert {"id": "asphalt-group-a", "field": "members", "relation": "member"}.items() <= {
        **next(r for r in lyon if r["id"] == "asphalt-group-a")
    }.items()
    assert any(r["relation"] == "signatory" for r in lyon)


def test_exports_hold_sources_caveats_and_every_language(project):
    record = project / "content/organisations/city-of-lyon.yml"
    record.write_text(
        record.read_text().replace(
            "name: City of Lyon", "name:\n  en: City of Lyon\n  fr: Ville de Lyon"
        )
        + "caveats:\n  - The sources disagree on the year Lyon joined.\n"
    )
    kb = Pipeline(Project.at(project)).check().kb
    files = open_data_files(kb, mkdocs_engine.site(Project.at(project)), {})
    records = json.loads(files[paths.data_file("organisations.json")])["records"]
    lyon = next(r for r in records if r["id"] == "city-of-lyon")["fields"]
    assert lyon["name"] == {"en": "City of Lyon", "fr": "Ville de Lyon"}
    assert lyon["sources"] == ["https://example.org/lyon"]
    assert lyon["caveats"] == [{"en": "The sources disagree on the year Lyon joined."}]


def test_export_schema_follows_the_field_definitions():
    schema = export_schema(list(KINDS.values()), SITE)
    for kind in KINDS.values():
        properties = schema["$defs"][kind.name]["properties"]["fields"]["properties"]
        assert set(properties) == {f.name for f in kind.fields} - {"id"}
        for definition in kind.fields[1:]:
            assert properties[definition.name]["title"] == str(definition.label)
        for definition, ref in ref_fields(kind.fields):
            shown = properties[definition.name]
            shown = shown.get("items", shown)
            assert shown["properties"]["kind"]["enum"] == list(ref.kinds)


def test_export_format_change_raises_the_schema_version():
    """When this fails, the export format changed: if a consumer's code may break (a key
    removed, renamed or given another type), raise SCHEMA_VERSION in generator/exports.py;
    then put the new digest and version here."""
    assert (SCHEMA_VERSION, schema_digest(list(KINDS.values()))) == (
        "2.0",
        "7446a1bcd3da1870",
    )


# --- CSV -----------------------------------------------------------------------------------
def test_csv_tables_have_a_header_and_one_row_per_item(built_fixture, kb):
    folder = built_fixture / "site" / paths.DATA_FOLDER
    tables = {p.name: csv_rows(p.read_bytes()) for p in folder.glob("*.csv")}
    for name, rows in tables.items():
        header = rows[0]
        assert header and all(header) and len(set(header)) == len(header), name
        assert all(len(row) == len(header) for row in rows), name

    organisations = tables["organisations.csv"]
    assert organisations[0][:3] == ["Id", "Page", "Name"]
    assert [r[0] for r in organisations[1:]] == sorted(r.id for r in kb.of_kind("organisation"))
    oslo = dict(zip(organisations[0], organisations[2], strict=True))
    assert oslo["Country"] == "Norway" and oslo["Country (code)"] == "NO"

    members = tables["communities-members.csv"]
    expected = sum(len(kb.participants(c)) for c in kb.of_kind("community"))
    assert len(members) - 1 == expected
    by_role = {
        (r[0], r[members[0].index("Organisation: Id")]): r[members[0].index("Role")]
        for r in members[1:]
    }
    assert by_role[("asphalt-group-a", "city-of-oslo")] == "Lead"
    assert by_role[("asphalt-group-a", "city-of-lyon")] == "Member"

    signatories = tables["statements-signatories.csv"]
    expected = sum(len(s.signatories) for s in kb.of_kind("statement"))
    assert len(signatories) - 1 == expected

    criteria = tables["tender-templates-criteria.csv"]
    expected = sum(len(t.criteria) for t in kb.of_kind("template"))
    assert len(criteria) - 1 == expected
    header = criteria[0]
    for column in (
        "Tender template: Id",
        "Criterion: Id",
        "Criterion: Kind",
        "Criterion: Ambition",
        "Criterion: Parameters",
    ):
        assert column in header, column
    first = dict(zip(header, criteria[1], strict=True))
    assert first["Tender template: Id"] == "asphalt-template"
    assert first["Criterion: Ambition"] == "Core"
    assert "minimum share" in first["Criterion: Parameters"]
    assert "30 %" in first["Criterion: Parameters"]


def test_csv_keeps_accents_for_spreadsheets(project):
    record = project / "content/organisations/city-of-oslo.yml"
    record.write_text(
        record.read_text()
        .replace("name: City of Oslo", "name: Bodø kommune – Økonomi")
        .replace("city: Oslo", "city: Tromsø")
    )
    kb = Pipeline(Project.at(project)).check().kb
    files = open_data_files(kb, mkdocs_engine.site(Project.at(project)), {})
    raw = files[paths.data_file("organisations.csv")]
    assert raw.startswith("\ufeff".encode()), "Excel reads UTF-8 only after a byte-order mark"
    rows = csv_rows(raw)
    assert [
        rows[2][rows[0].index("Name")],
        rows[2][rows[0].index("City")],
    ] == ["Bodø kommune – Økonomi", "Tromsø"]
    members = csv_rows(files[paths.data_file("communities-members.csv")])
    assert any("Bodø kommune – Økonomi" in row for row in members)


# --- feeds ---------------------------------------------------------------------------------
def _git(project: Path, *args: str, date: str = "2024-03-05T12:00:00+00:00") -> None:
    git(project, *args, date=date)


def test_feeds_parse_and_date_entries_from_the_records_history(project):
    import feedparser

    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "first")
    record = project / "content/outcomes/recycled-asphalt.yml"
    record.write_text(record.read_text().replace("title: {en: ", "title: {en: Better ", 1))
    _git(project, "commit", "-qam", "second", date="2025-06-07T12:00:00+00:00")
    proj = Project.at(project)
    files = Pipeline(proj).render(Pipeline(proj).check().kb)

    everything = feedparser.parse(files[paths.feed("all")])
    assert not everything.bozo, everything.get("bozo_exception")
    assert everything.version == "atom10"
    assert everything.feed.updated == "2025-06-07T00:00:00Z"
    first = everything.entries[0]
    assert first.link == SITE + "outcomes/recycled-asphalt/"
    assert first.updated == "2025-06-07T00:00:00Z" and first.title.startswith("Better ")
    assert {e.updated for e in everything.entries[1:]} == {"2024-03-05T00:00:00Z"}
    assert first.tags[0].term == "outcome"
    assert everything.feed.rights.startswith("Content under Creative Commons")

    for kind in KINDS.values():
        feed = feedparser.parse(files[paths.feed(kind.pages_folder)])
        assert not feed.bozo, (kind.name, feed.get("bozo_exception"))
        assert {e.tags[0].term for e in feed.entries} == {kind.name}


def test_every_page_head_links_to_the_feeds(built_fixture):
    site = built_fixture / "site"
    feeds = {paths.feed("all")} | {paths.feed(k.pages_folder) for k in KINDS.values()}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith(("assets/", "pagefind/", "admin/")):  # admin/: the editing app
            continue
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        language = _language_of(relative)
        mine = {paths.localised(feed, language) for feed in feeds}
        links = re.findall(
            r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', head
        )
        base = SITE + relative
        found = {urljoin(base, href).removeprefix(SITE) for href in links}
        if page.name == "404.html":  # linked from the site's address, wherever it is shown
            found = {
                urlsplit(urljoin(base, h)).path.removeprefix("/knowledge-base/") for h in links
            }
        assert found == mine, relative
        for feed in mine:
            assert (site / feed).is_file(), feed


# --- JSON-LD ------------------------------------------------------------------------------
def _json_ld_blocks(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)


def _graph(text: str):
    """Parsed with rdflib's JSON-LD processor. schema.org's context is not fetched in tests
    (no network): an equivalent vocabulary context stands in for it."""
    import rdflib

    document = json.loads(text)
    assert document["@context"] == "https://schema.org"
    document["@context"] = {"@vocab": "https://schema.org/"}
    return rdflib.Graph().parse(data=json.dumps(document), format="json-ld")


@pytest.mark.parametrize(
    ("page", "schema_type"),
    [
        ("", "WebSite"),
        ("organisations/city-of-oslo/", "GovernmentOrganization"),
        ("organisations/network-x/", "Organization"),
        ("communities/asphalt-group-a/", "Organization"),
        ("waves/wave-a/", "Event"),
        ("outcomes/recycled-asphalt/", "CreativeWork"),
        ("statements/asphalt-declaration/", "CreativeWork"),
        ("tender-templates/asphalt-template/", "CreativeWork"),
    ],
)
def test_pages_describe_their_subject_in_json_ld(built_fixture, page, schema_type):
    import rdflib

    html = (built_fixture / "site" / page / "index.html").read_text(encoding="utf-8")
    blocks = _json_ld_blocks(html.split("</head>")[0])
    assert len(blocks) == 1, "one JSON-LD block, in the page head"
    graph = _graph(blocks[0])
    schema = rdflib.Namespace("https://schema.org/")
    subject = rdflib.URIRef(json.loads(blocks[0])["@id"])
    assert (subject, rdflib.RDF.type, schema[schema_type]) in graph, page or "home page"
    assert graph.value(subject, schema.name) is not None
    assert str(graph.value(subject, schema.url)) == SITE + page


def test_json_ld_of_groups_and_waves_names_their_members_and_events(built_fixture):
    html = (built_fixture / "site/communities/asphalt-group-a/index.html").read_text()
    group = json.loads(_json_ld_blocks(html)[0])
    assert {m["name"] for m in group["member"]} == {"City of Oslo", "Network X", "City of Lyon"}
    assert group["event"][0]["@type"] == "Event"
    assert group["event"][0]["startDate"] == "2020-03-29"
    assert group["event"][0]["location"]["name"] == "Rotterdam"


def test_json_ld_cannot_end_its_script_element():
    """The check refuses HTML in records; the escaping is a second guard."""
    from generator.linked_data import script_text

    text = script_text({"name": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & more"


def test_json_ld_leaves_the_content_security_policy_as_it_was(built_fixture):
    """Browsers do not run application/ld+json, so the policy allows no hash for it: the
    hashes are those of the scripts that run, and there is still no 'unsafe-inline'."""
    site = built_fixture / "site"
    policy = re.search(r"Content-Security-Policy: (.+)", (site / "_headers").read_text()).group(1)
    allowed = set(re.findall(r"'(sha256-[^']+)'", policy))
    assert "'unsafe-inline'" not in policy
    blocks = _json_ld_blocks((site / "organisations/city-of-oslo/index.html").read_text())
    for block in blocks:
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"sha256-{digest}" not in allowed
    running = set()
    for page in site.rglob("*.html"):
        for attrs, body in re.findall(
            r"<script([^>]*)>(.*?)</script>", page.read_text(), re.DOTALL
        ):
            if "src=" in attrs or "ld+json" in attrs or 'type="application/json"' in attrs:
                continue
            running.add(
                "sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            )
    assert running == allowed


# --- DCAT-AP -------------------------------------------------------------------------------
def test_catalogue_parses_and_names_every_distribution(built_fixture):
    import rdflib

    site = built_fixture / "site"
    graph = rdflib.Graph().parse(site / paths.data_file("catalog.jsonld"), format="json-ld")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dct = rdflib.namespace.DCTERMS
    catalogues = list(graph.subjects(rdflib.RDF.type, dcat.Catalog))
    assert len(catalogues) == 1
    catalogue = catalogues[0]
    for mandatory in (dct.title, dct.description, dct.publisher):
        assert graph.value(catalogue, mandatory) is not None, mandatory
    datasets = set(graph.objects(catalogue, dcat.dataset))
    assert len(datasets) == 1 + len(KINDS)
    for dataset in datasets:
        assert (dataset, rdflib.RDF.type, dcat.Dataset) in graph
        assert graph.value(dataset, dct.title) and graph.value(dataset, dct.description)

    downloads = {}
    for distribution in graph.subjects(rdflib.RDF.type, dcat.Distribution):
        assert any((d, dcat.distribution, distribution) in graph for d in datasets)
        assert graph.value(distribution, dcat.accessURL) is not None
        assert str(graph.value(distribution, dct.license)).endswith("CC_BY_4_0")
        url = str(graph.value(distribution, dcat.downloadURL))
        downloads[url.removeprefix(SITE)] = int(graph.value(distribution, dcat.byteSize))
    published = {
        p.relative_to(site).as_posix(): p.stat().st_size
        for folder in (paths.DATA_FOLDER, paths.FEEDS_FOLDER)
        for p in (site / folder).iterdir()
        if p.suffix in (".json", ".csv", ".xml") and p.name != SCHEMA_NAME
    }
    assert downloads == published


# --- the Data page ---------------------------------------------------------------------------
def test_data_page_lists_every_file_with_its_size_and_licence(built_fixture):
    site = built_fixture / "site"
    page = site / paths.site_url(paths.data_page()) / "index.html"
    html = page.read_text(encoding="utf-8")
    files = [
        p
        for folder in (paths.DATA_FOLDER, paths.FEEDS_FOLDER)
        for p in sorted((site / folder).iterdir())
        if p.is_file() and p.name != "index.html"
    ]
    assert len(files) > 2 * len(KINDS)
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.DOTALL)
    for file in files:
        row = next((r for r in rows if f'href="{_href(page, file)}"' in r), None)
        assert row, f"the Data page does not link {file.name}"
        assert size_text(file.stat().st_size) in row, file.name
        assert "CC BY 4.0" in row and "creativecommons.org/licenses/by/4.0/" in row
    assert "EUPL-1.2" in html


def _href(page: Path, file: Path) -> str:
    import os

    return os.path.relpath(file, page.parent).replace(os.sep, "/")


def test_data_page_is_linked_from_every_page(built_fixture):
    site = built_fixture / "site"
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith(("assets/", "pagefind/", "admin/")):  # admin/: the editing app
            continue
        language = _language_of(relative)
        target = site / paths.localised("data", language) / "index.html"
        with writing_in(language):
            name = theme_strings()["open_data"]
        links = re.findall(rf'<a href="([^"]+)">{re.escape(name)}</a>', page.read_text("utf-8"))
        assert links, f"{relative} has no link to the Data page"
        href = links[0]
        if href.startswith("/"):
            resolved = site / href.removeprefix("/knowledge-base/")
        else:
            resolved = page.parent / href
        assert (resolved / "index.html").resolve() == target.resolve(), relative


# --- reproducible ---------------------------------------------------------------------------
def test_open_data_is_byte_identical_whatever_the_hash_seed(built_fixture):
    """The same commit gives the same files, even when Python orders sets differently."""
    script = (
        "import hashlib, sys\n"
        "from generator import mkdocs_engine\n"
        "from generator.open_data import open_data_files\n"
        "from generator.pipeline import Pipeline\n"
        "from generator.project import Project\n"
        "p = Project.at(sys.argv[1])\n"
        "files = open_data_files(Pipeline(p).check().kb, mkdocs_engine.site(p), {})\n"
        "for path in sorted(files):\n"
        "    print(path, hashlib.sha256(files[path]).hexdigest())\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", script, str(built_fixture)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1 and outputs.pop().count("\n") > 2 * len(KINDS)


def test_built_exports_match_a_fresh_render(built_fixture):
    proj = Project.at(built_fixture)
    again = open_data_files(Pipeline(proj).check().kb, mkdocs_engine.site(proj), {})
    for path, content in again.items():
        built = built_fixture / "site" / path
        if path.endswith(".md"):
            continue
        assert built.read_bytes() == content, path


def test_each_language_exports_links_its_own_pages_as_when_made_alone(built_fixture, kb):
    """A build makes each record's JSON once for every language (exports.py): the exports of
    each language must still be what that language alone gives, with its own pages."""
    site = mkdocs_engine.site(Project.at(built_fixture))
    shared: dict[str, str] = {}
    for language in site.languages:  # in the order a build makes them
        seen = site.in_language(language)
        with writing_in(language):
            alone = open_data_files(kb, seen, {}, language)
            together = open_data_files(kb, seen, {}, language, shared)
        assert together == alone, language
        records = json.loads(together[paths.data_file("knowledge-base.json")])["records"]
        assert records and all(r["page"].startswith(seen.address) for r in records)
    assert len(shared) == len(kb.records)


def test_hosts_are_told_the_media_types_of_the_open_data(built_fixture):
    headers = (built_fixture / "site/_headers").read_text()
    for language in LANGUAGES:  # each language's site has its own open data
        root = "/" + paths.localised("", language)
        assert f"\n{root}feeds/*\n  Content-Type: application/atom+xml; charset=utf-8" in headers
        assert f"\n{root}data/catalog.jsonld\n  Content-Type: application/ld+json" in headers
        csv = f"\n{root}data/organisations.csv\n  Content-Type: text/csv; charset=utf-8"
        assert csv in headers
