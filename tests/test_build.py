"""End to end: the fixture knowledge base becomes a site with the pages a buyer expects."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from generator.pipeline import Pipeline
from generator.project import Project

from .conftest import git as commit
from .conftest import run_bbkb
from .word_reading import cells, paragraphs

RECORD_PAGES = [
    "waves/wave-a",
    "waves/wave-b",
    "communities/asphalt-group-a",
    "communities/asphalt-group-b",
    "outcomes/recycled-asphalt",
    "statements/asphalt-declaration",
    "tender-templates/asphalt-template",
    "organisations/city-of-oslo",
    "organisations/city-of-lyon",
    "organisations/network-x",
]
INDEXES = ["waves", "communities", "outcomes", "statements", "tender-templates", "organisations"]


def page(site_root: Path, path: str) -> str:
    return (site_root / "site" / path / "index.html").read_text()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_site_has_home_indexes_and_every_record(built_fixture):
    assert "What public buyers learnt" in page(built_fixture, "")
    for kind in INDEXES:
        assert (built_fixture / "site" / kind / "index.html").is_file(), kind
    for path in RECORD_PAGES:
        assert (built_fixture / "site" / path / "index.html").is_file(), path
    assert (built_fixture / "site" / "about" / "index.html").is_file()


def test_index_lists_every_record_of_its_kind(built_fixture):
    listing = page(built_fixture, "organisations")
    for name in ("City of Oslo", "City of Lyon", "Network X"):
        assert name in listing


def test_navigation_lists_kinds_not_records(built_fixture):
    home = page(built_fixture, "")
    start = home.index('class="md-nav md-nav--primary')
    nav = home[start : home.index('class="md-content"', start)]
    assert "Tender templates" in nav and "Organisations" in nav
    assert "City of Lyon" not in nav
    assert "Accessibility statement" not in nav  # linked from the footer instead


def test_norway_is_norway(built_fixture):
    assert "Norway" in text_of(page(built_fixture, "organisations/city-of-oslo"))


def test_organisation_lists_its_groups_and_statements(built_fixture):
    text = text_of(page(built_fixture, "organisations/city-of-lyon"))
    assert "Asphalt group" in text and "Asphalt community" in text
    assert "Declaration on circular asphalt" in text
    oslo = text_of(page(built_fixture, "organisations/city-of-oslo"))
    assert re.search(r"Asphalt group .*Lead", oslo)


def test_community_shows_its_good_practice_and_both_neighbours(built_fixture):
    first = page(built_fixture, "communities/asphalt-group-a")
    for linked in (
        "../../outcomes/recycled-asphalt/",
        "../../statements/asphalt-declaration/",
        "../../tender-templates/asphalt-template/",
        "../asphalt-group-b/",
    ):
        assert f'href="{linked}"' in first, linked
    second = page(built_fixture, "communities/asphalt-group-b")
    assert 'href="../asphalt-group-a/"' in second
    assert "Continues" in text_of(second)


def test_template_shows_each_criterion_in_full(built_fixture):
    html = page(built_fixture, "tender-templates/asphalt-template")
    text = text_of(html)
    for expected in (
        "TST-TS-01",
        "Minimum reclaimed asphalt",
        "Technical specification",
        "Core ambition",
        "Comprehensive ambition",
        "The mix contains at least",
        "Producers asked for predictable shares",
        "Mix design",
        "minimum share",
        "30 %",
        "Reviewed 1 November 2026",
        "adapt it to your national law",
    ):
        assert expected.lower() in text.lower(), expected
    assert 'id="tst-ts-01"' in html


def test_template_parameters_show_their_basis(built_fixture):
    text = text_of(page(built_fixture, "tender-templates/asphalt-template"))
    assert "Basis" in text and "Our suggestion" in text
    assert "45233000-9 (our classification, not from a source)" in text


def test_community_shows_how_to_join_or_contact_it(built_fixture):
    html = page(built_fixture, "communities/asphalt-group-b")
    box = re.search(r'<div class="bb-join">(.*?)</div>', html, re.S).group(1)
    assert "Join or contact" in box and "Write to the secretariat to join." in box
    assert 'href="mailto:secretariat@example.org"' in box
    assert 'href="https://example.org/asphalt-b"' in box
    assert "bb-join" not in page(built_fixture, "communities/asphalt-group-a")


def test_wave_lists_every_group_announced(built_fixture):
    html = page(built_fixture, "waves/wave-b")
    listing = re.search(r'<ol class="bb-announced">(.*?)</ol>', html, re.S).group(1)
    assert 'href="../../communities/asphalt-group-b/"' in listing
    assert "A community on bridges</strong>: not yet identified. No source names it yet." in listing


def test_record_pages_expose_facets(built_fixture):
    html = page(built_fixture, "communities/asphalt-group-a")
    block = re.search(r'<div class="bb-facets" hidden[^>]*>(.*?)</div>', html).group(1)
    values = re.findall(r'data-pagefind-filter="([^"]+)">([^<]+)<', block)
    assert ("kind", "Community") in values
    assert ("wave", "First test wave") in values
    assert ("theme", "Circular construction and materials") in values
    assert {v for k, v in values if k == "country"} == {"Norway", "France", "Belgium"}


def test_caveats_are_shown(built_fixture):
    text = text_of(page(built_fixture, "outcomes/recycled-asphalt"))
    assert "What the sources leave open" in text
    assert "disagree on the number of signatories" in text


def test_sources_are_listed(built_fixture):
    assert 'href="https://example.org/outcome"' in page(built_fixture, "outcomes/recycled-asphalt")


def test_no_file_refers_to_another_host(built_fixture):
    """Fonts, scripts, styles and images all come from the site itself."""
    offenders = []
    for path in (built_fixture / "site").rglob("*"):
        if path.suffix not in (".html", ".css", ".js", ".xml", ".json") or not path.is_file():
            continue
        text = path.read_text(errors="replace")
        for match in re.finditer(
            r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*"
            r'(?:src|href)="((?:https?:)?//[^"]+)"',
            text,
        ):
            tag = match.group(0)
            if "<link" in tag and not re.search(
                r'rel="(stylesheet|preload|icon|modulepreload)', tag
            ):
                continue
            offenders.append((path.name, match.group(1)))
        for match in re.finditer(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", text):
            offenders.append((path.name, match.group(1)))
        for match in re.finditer(r"@import\s+['\"]?((?:https?:)?//[^'\";]+)", text):
            offenders.append((path.name, match.group(1)))
    assert offenders == []


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_failed_build_leaves_the_previous_site_intact(project):
    assert run_bbkb(project, "build").returncode == 0
    before = _tree_digest(project / "site")
    broken = project / "content/outcomes/recycled-asphalt.yml"
    broken.write_text(
        broken.read_text().replace("community: asphalt-group-a", "community: nowhere")
    )
    done = run_bbkb(project, "build")
    assert done.returncode == 1
    assert "content/outcomes/recycled-asphalt.yml:3:12: error: community:" in done.stdout
    assert "Traceback" not in done.stderr
    assert _tree_digest(project / "site") == before
    assert not list(project.glob(".site-*"))


def test_mkdocs_failure_leaves_the_previous_site_intact(project):
    assert run_bbkb(project, "build").returncode == 0
    before = _tree_digest(project / "site")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nnot_a_mkdocs_option: 1\n")
    done = run_bbkb(project, "build")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert _tree_digest(project / "site") == before


def test_generate_rewrites_only_what_changed(project):
    proj = Project.at(project)
    result = Pipeline(proj).check()
    assert Pipeline(proj).generate(result.kb)  # first run writes everything
    assert Pipeline(proj).generate(Pipeline(proj).check().kb) == []
    record = project / "content/organisations/city-of-lyon.yml"
    record.write_text(record.read_text().replace("City of Lyon", "Lyon Metropolis"))
    changed = set(Pipeline(proj).generate(Pipeline(proj).check().kb))
    # the organisation, the index listing it, and pages that link to it by name
    assert "organisations/city-of-lyon.md" in changed
    assert "organisations/index.md" in changed
    assert "outcomes/recycled-asphalt.md" not in changed
    assert "waves/wave-b.md" not in changed


def test_an_editors_lock_file_in_content_neither_breaks_a_build_nor_counts_as_a_change(project):
    # Emacs marks a file being edited with a link to nowhere beside it.
    lock = project / "content/outcomes/.#recycled-asphalt.yml"
    lock.symlink_to("editor@host.4242")
    assert Pipeline(Project.at(project)).run().ok
    again = Pipeline(Project.at(project))
    assert again.run().ok
    assert "render" not in again.timings


def test_a_link_looping_back_in_content_gets_a_message_not_a_crash(project):
    (project / "content/outcomes/loop").symlink_to("..")
    reported = []
    result = Pipeline(Project.at(project), report=reported.append).run()
    assert not result.ok
    shown = [p.text() for problems in reported for p in problems.items]
    assert any("content/outcomes/loop" in p and "is not a record file" in p for p in shown), shown


def test_a_rebuild_with_nothing_changed_skips_check_and_render(project):
    stale = project / "content/templates/asphalt-template.yml"
    stale.write_text(stale.read_text().replace("review_date: 2026-11-01", "review_date: 2019-01"))
    first = Pipeline(Project.at(project))
    assert first.run().ok
    assert {"check", "render", "mkdocs"} <= set(first.timings)
    # The benchmark's CPU figures count the processes a stage starts (MkDocs runs apart).
    assert set(first.cpu_times) == set(first.timings)
    assert sum(first.cpu_times["mkdocs"]) > 0.5
    site = _tree_digest(project / "site")

    reported = []
    again = Pipeline(Project.at(project), report=reported.append)
    assert again.run().ok
    assert "check" not in again.timings and "render" not in again.timings
    assert _tree_digest(project / "site") == site
    warnings = [p.text() for problems in reported for p in problems.items]
    assert any("last reviewed on 2019-01" in w for w in warnings), warnings  # still shown
    assert not again.run(strict=True).ok  # and strict still fails on them

    record = project / "content/organisations/city-of-lyon.yml"
    record.write_text(record.read_text().replace("City of Lyon", "Lyon Metropolis"))
    changed = Pipeline(Project.at(project))
    assert changed.run().ok
    assert "render" in changed.timings
    assert "Lyon Metropolis" in (project / "site/organisations/city-of-lyon/index.html").read_text()


def test_removed_record_removes_its_page(project):
    proj = Project.at(project)
    Pipeline(proj).generate(Pipeline(proj).check().kb)
    (project / "content/organisations/network-x.yml").unlink()
    for name in ("waves/wave-a.yml", "communities/asphalt-group-a.yml"):
        path = project / "content" / name
        path.write_text(
            path.read_text()
            .replace("network-x", "city-of-lyon")
            .replace("members: [city-of-lyon]", "members: []")
        )
    result = Pipeline(proj).check()
    assert result.ok, [p.text() for p in result.problems.items]
    Pipeline(proj).generate(result.kb)
    assert not (project / "build/docs/organisations/network-x.md").exists()


def test_two_builds_are_byte_identical(project):
    assert run_bbkb(project, "build").returncode == 0
    first = _tree_digest(project / "site")
    (project / "build").rename(project / "build-first")
    assert run_bbkb(project, "build").returncode == 0
    assert _tree_digest(project / "site") == first


def test_sitemap_dates_come_from_the_records_history(project):
    def git(*args, date="2024-03-05T12:00:00+00:00"):
        commit(project, *args, date=date)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    record = project / "content/organisations/city-of-lyon.yml"
    record.write_text(record.read_text().replace("City of Lyon", "Lyon"))
    git("commit", "-qam", "second", date="2025-06-07T12:00:00+00:00")
    assert run_bbkb(project, "build").returncode == 0
    sitemap = (project / "site/sitemap.xml").read_text()
    entries = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    base = "https://big-buyers.github.io/knowledge-base/"
    assert entries[base + "organisations/city-of-lyon/"] == "2025-06-07"
    assert entries[base + "organisations/city-of-oslo/"] == "2024-03-05"
    assert entries[base + "organisations/"] == "2025-06-07"
    assert len(re.findall("<loc>", sitemap)) == len(entries)  # every page has a lastmod
    robots = (project / "site/robots.txt").read_text()
    assert f"Sitemap: {base}sitemap.xml" in robots


def test_headers_file_allows_only_this_site(built_fixture):
    headers = (built_fixture / "site/_headers").read_text()
    csp = re.search(r"Content-Security-Policy: (.+)", headers).group(1)
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp and "http" not in csp
    for name in ("X-Content-Type-Options: nosniff", "Referrer-Policy:", "Permissions-Policy:"):
        assert name in headers
    assert re.search(
        r"/assets/stylesheets/main\.\w+\.min\.css\n  Cache-Control: public, "
        r"max-age=31536000, immutable",
        headers,
    )


def test_redirects_file_gives_each_language_its_404_page(built_fixture):
    """Netlify serves the root 404.html for any unknown address unless _redirects says more;
    a French reader who mistypes a French address should read the French page."""
    rules = [
        line.split()
        for line in (built_fixture / "site/_redirects").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules == [["/fr/*", "/fr/404.html", "404"]]
    assert (built_fixture / "site/fr/404.html").is_file()


def test_template_downloads_as_an_editable_word_document(built_fixture):
    import docx

    html = page(built_fixture, "tender-templates/asphalt-template")
    link = re.search(r'href="([^"]+\.docx)"', html).group(1)
    assert link == "../../downloads/asphalt-template.docx"
    path = built_fixture / "site/tender-templates/asphalt-template" / link
    document = docx.Document(str(path.resolve()))
    text = "\n".join(t for _, t in paragraphs(document))
    for expected in (
        "Circular asphalt template",
        "adapt it to your national law",
        "TST-TS-01 Minimum reclaimed asphalt",
        "The mix contains at least [30]",
        "Why. Producers asked for predictable shares.",
        "How to verify. Mix design.",
        "Award criteria",
        "TST-AW-01",
    ):
        assert expected.lower() in text.lower(), expected
    assert "minimum share" in cells(document) and "30 %" in cells(document)


def test_every_record_page_links_to_its_yaml_source(built_fixture):
    edit = "https://github.com/big-buyers/knowledge-base/edit/main/"
    for path in RECORD_PAGES:
        html = page(built_fixture, path)
        link = re.search(r'<a href="([^"]+)"[^>]*class="[^"]*bb-edit-link', html)
        assert link, path
        folder, record_id = path.split("/")
        folder = "templates" if folder == "tender-templates" else folder
        assert link.group(1) == f"{edit}content/{folder}/{record_id}.yml"
    about = re.search(r'<a href="([^"]+)"[^>]*bb-edit-link', page(built_fixture, "about"))
    assert about.group(1) == f"{edit}content/pages/about.md"


def test_generated_paths_cannot_leave_the_output_folder(tmp_path):
    import pytest

    from generator.output import OutsideOutputFolder, sync_folder

    docs = tmp_path / "docs"
    for bad in ("../escape.md", "/etc/escape.md", "a/../../escape.md", "a//b.md", "./x.md"):
        with pytest.raises(OutsideOutputFolder):
            sync_folder(docs, {bad: b"x"})
    assert not (tmp_path / "escape.md").exists()
    assert sync_folder(docs, {"a/b.md": b"x"}) == ["a/b.md"]


def test_generated_files_are_written_only_when_they_change(tmp_path):
    """The preview rebuilds the pages whose docs files changed: a file written again with
    the same bytes keeps its time; new files land in folders made for them; a changed file
    is replaced whole, with nothing left beside it."""
    import os

    from generator.output import write_into

    docs = tmp_path.resolve()
    assert write_into(docs, "outcomes/new.md", b"first")
    page = docs / "outcomes/new.md"
    assert page.read_bytes() == b"first"
    os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    assert not write_into(docs, "outcomes/new.md", b"first")
    assert page.stat().st_mtime_ns == 1_000_000_000
    assert write_into(docs, "outcomes/new.md", b"second, longer")
    assert page.read_bytes() == b"second, longer"
    assert sorted(p.name for p in page.parent.iterdir()) == ["new.md"]


def test_a_folder_synced_to_fewer_files_loses_the_others_and_their_empty_folders(tmp_path):
    """What a removed record leaves in the docs folder goes, and only that: a page MkDocs
    still found there would be published."""
    from generator.output import sync_folder

    docs = tmp_path / "docs"
    first = {"index.md": b"home", "outcomes/a.md": b"a", "outcomes/b.md": b"b",
             "downloads/x/t.docx": b"t", "data/d.csv": b"d"}  # fmt: skip
    assert sorted(sync_folder(docs, first)) == sorted(first)
    kept = {"index.md": b"home", "outcomes/a.md": b"a", "data/d.csv": b"changed"}
    changed = sync_folder(docs, kept)
    assert changed == ["data/d.csv", "downloads/x/t.docx", "outcomes/b.md"]  # written, removed
    found = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*"))
    assert found == ["data", "data/d.csv", "index.md", "outcomes", "outcomes/a.md"]
    assert sync_folder(docs, kept) == []


def test_a_new_site_address_is_a_change_even_with_the_same_content(project, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://first.example.org/kb/")
    assert Pipeline(Project.at(project)).run().ok
    monkeypatch.setenv("SITE_URL", "https://second.example.org/kb/")
    again = Pipeline(Project.at(project))
    assert again.run().ok
    assert "render" in again.timings
    data = (project / "site/data/knowledge-base.json").read_text()
    assert "https://second.example.org/kb/" in data
    assert "https://first.example.org/kb/" not in data
