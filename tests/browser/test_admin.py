"""The editing app at admin/, driven as an editor would, on the app's test backend.

Sveltia CMS's `test-repo` backend keeps the repository in the browser's private file system:
the tests put the bundled content there, sign in with "Work with Test Repository", use the
forms, and read back the files the app wrote, which then go through `bbkb check` and the
rendering of the pages.
"""

from __future__ import annotations

import difflib
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from generator import paths
from generator.kinds import KINDS
from generator.pipeline import Pipeline
from generator.project import Project
from tests.conftest import make_project, run_bbkb

from .conftest import BuiltSite, _new_tab, axe_violations

pytestmark = pytest.mark.browser

ADMIN = "admin/"
REPOSITORY = "sveltia-cms-test"  # the test backend's folder in the private file system

_SEED = """async ([top, files]) => {
  const root = await navigator.storage.getDirectory();
  const repo = await root.getDirectoryHandle(top, {create: true});
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = repo;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const writer = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writer.write(text);
    await writer.close();
  }
}"""


def test_backend_config(site: Path) -> str:
    """The built configuration with the test backend in place of the repository host."""
    config = yaml.safe_load((site / ADMIN / "config.yml").read_text(encoding="utf-8"))
    config["backend"] = {"name": "test-repo"}
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


test_backend_config.__test__ = False  # a helper, not a test


def content_files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((root / "content").rglob("*.yml"))
    }


@contextmanager
def signed_in(browser, base_url: str, site: Path, seed: dict[str, str]) -> Iterator:
    """A tab on admin/ signed in to the test backend, whose repository holds `seed`."""
    with _new_tab(browser, base_url) as tab:
        config = test_backend_config(site)
        tab.page.route(
            re.compile(r"/admin/config\.yml(\?.*)?$"),
            lambda route: route.fulfill(body=config, content_type="application/yaml"),
        )
        tab.open(ADMIN)
        tab.page.evaluate(_SEED, [REPOSITORY, seed])
        tab.page.get_by_role("button", name="Work with Test Repository").click()
        tab.page.get_by_text(str(KINDS["organisation"].label_plural)).first.wait_for()
        # Signed in, the app opens its first collection by changing the address: a test that
        # went to a form before that would see the app take it away (seen on a busy machine).
        tab.page.wait_for_url(re.compile(r"#/collections/"))
        yield tab


def field(page, key: str):
    """A field of the open form (the preview pane repeats the key without a label). The app
    draws the fields of a long form as the editor scrolls down to them, so this does too."""
    found = page.locator(f'section[aria-label][data-key-path="{key}"]')
    # The form's first fields appear once the app has loaded the collection, which takes
    # longer while other tests keep both cores busy.
    page.locator("section[aria-label][data-key-path]").first.wait_for(timeout=90_000)
    for _ in range(30):
        if found.count():
            break
        page.locator("section[aria-label][data-key-path]").last.scroll_into_view_if_needed()
        page.wait_for_timeout(100)
    return found.first


def choose(page, key: str, option: str) -> None:
    """Picks an option in a drop-down or a group of radio buttons."""
    radios = field(page, key).get_by_role("radio", name=option, exact=True)
    if radios.count():
        radios.click()
        return
    field(page, key).get_by_role("combobox").first.click()
    page.get_by_role("option", name=option, exact=True).click()
    field(page, key).locator("h4").first.click()  # closes the list


def write_text(page, key: str, text: str) -> None:
    """Fills a one-line field; a text field with one input per language, in English."""
    english = field(page, key).get_by_role("textbox", name="English", exact=True)
    (english if english.count() else field(page, key).locator("input")).fill(text)


def write_markdown(page, key: str, text: str) -> None:
    english = page.locator(f'section[aria-label][data-key-path="{key}.en"]')
    where = english if field(page, key) and english.count() else field(page, key)
    where.scroll_into_view_if_needed()
    editor = where.locator("[contenteditable=true], textarea").filter(visible=True).first
    editor.click()
    page.keyboard.type(text)


def add_to_list(page, key: str, value: str) -> None:
    field(page, key).get_by_role("button", name=re.compile(r"^Add")).first.click()
    field(page, key).locator("input").last.fill(value)


_SIZE = """async ([top, path]) => {
  try {
    let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(top);
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    return await (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
  } catch { return null; }
}"""


def saved(tab, path: str, before: str | None = None, timeout: float = 15) -> str:
    """The file the app wrote at `path`, once it differs from `before`."""
    for _ in range(int(timeout * 10)):
        text = tab.page.evaluate(_SIZE, [REPOSITORY, path])
        if text is not None and text != before:
            return text
        tab.page.wait_for_timeout(100)
    tab.page.screenshot(path=str(Path(tempfile.gettempdir()) / "admin-not-saved.png"))
    raise AssertionError(f"the app wrote no {path}; see admin-not-saved.png in the temp folder")


def save_and_read(tab, path: str, before: str | None = None) -> str:
    new_entry = tab.page.url.endswith("/new")
    tab.page.get_by_role("button", name="Save", exact=True).click()
    text = saved(tab, path, before)
    if new_entry:
        # Having saved a new entry, the app goes back to its collection by changing the
        # address, sometimes after the file is written: a test that went to another form
        # first would see the app take it away (seen on a busy machine).
        tab.page.wait_for_url(lambda url: not url.endswith("/new"))
    return text


def test_admin_shows_a_collection_per_kind_and_every_field_of_a_kind(
    browser, built_site: BuiltSite, server: str
):
    with signed_in(browser, server, built_site.site, content_files(built_site.root)) as tab:
        nav = tab.page.get_by_role("navigation").or_(tab.page.locator("body")).first
        for kind in KINDS.values():
            assert nav.get_by_text(str(kind.label_plural), exact=True).count(), kind.name
        tab.page.goto(tab.url(ADMIN + "#/collections/template/new"))
        for definition in KINDS["template"].fields:
            shown = field(tab.page, definition.name)
            shown.wait_for()
            assert shown.locator("h4").first.inner_text() == str(definition.label)
        criteria = field(tab.page, "criteria")
        assert criteria.get_by_role("button", name=re.compile("Add")).count()
        assert tab.errors() == []
        assert tab.foreign_requests() == []


def test_a_new_organisation_and_a_community_naming_it_pass_the_check_and_link_both_ways(
    browser, built_site: BuiltSite, server: str, tmp_path: Path
):
    with signed_in(browser, server, built_site.site, content_files(built_site.root)) as tab:
        page = tab.page
        page.goto(tab.url(ADMIN + "#/collections/organisation/new"))
        write_text(page, "id", "example-municipality")
        write_text(page, "name", "Example Municipality")
        choose(page, "country", "Finland (FI)")
        choose(page, "org_type", "City")
        add_to_list(page, "sources", "https://example.org/municipality")
        organisation = save_and_read(tab, "content/organisations/example-municipality.yml")

        page.goto(tab.url(ADMIN + "#/collections/community/new"))
        write_text(page, "id", "example-community")
        write_text(page, "name", "Example community of practice")
        choose(page, "group_type", "Community of practice")
        choose(page, "wave", "Big Buyers Working Together")
        choose(page, "theme", "Digital and ICT procurement")
        choose(page, "status", "Active")
        choose(page, "members", "Example Municipality")
        write_markdown(page, "focus", "Buying digital services together.")
        add_to_list(page, "sources", "https://example.org/community")
        community = save_and_read(tab, "content/communities/example-community.yml")
        assert tab.errors() == []

    first_lines = ["id: example-municipality", "name: Example Municipality"]
    assert organisation.splitlines()[:2] == first_lines
    assert "members:\n  - example-municipality\n" in community
    project = make_project(tmp_path / "kb", built_site.root / "content")
    (project / "content/organisations/example-municipality.yml").write_text(organisation)
    (project / "content/communities/example-community.yml").write_text(community)
    checked = run_bbkb(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "example-" not in checked.stdout + checked.stderr  # no warning on the new files
    # The pages the build gives to MkDocs (which only turns their links into HTML).
    pipeline = Pipeline(Project.at(project))
    kb = pipeline.check().kb
    pages = pipeline.render(kb)
    organisation_page = pages[paths.record_page(kb.by_id["example-municipality"])].decode()
    community_page = pages[paths.record_page(kb.by_id["example-community"])].decode()
    assert "communities/example-community" in organisation_page
    assert "organisations/example-municipality" in community_page


def test_editing_one_field_of_an_outcome_changes_that_line_only(
    browser, built_site: BuiltSite, server: str
):
    files = content_files(built_site.root)
    path = "content/outcomes/circular-asphalt.yml"
    before = files[path]
    with signed_in(browser, server, built_site.site, files) as tab:
        page = tab.page
        page.goto(tab.url(ADMIN + "#/collections/outcome/entries/circular-asphalt"))
        write_text(page, "title", "Circular asphalt: recycled asphalt for roads")
        after = save_and_read(tab, path, before)
        assert tab.errors() == []
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    # One line out, one line in: the English title (written alone or beside its translation).
    assert len(changed) == 2, "\n".join(changed)
    assert changed[0].startswith("-") and "Circular asphalt (recycled" in changed[0]
    assert re.fullmatch(
        r"""\+(title|  en): ["']?Circular asphalt: recycled asphalt for roads["']?""", changed[1]
    ), changed[1]


def test_admin_meets_wcag_21_aa_by_axe(browser, built_site, server, axe_script):
    with signed_in(browser, server, built_site.site, content_files(built_site.root)) as tab:
        assert axe_violations(tab, axe_script) == []
        tab.page.goto(tab.url(ADMIN + "#/collections/organisation/new"))
        field(tab.page, "name").wait_for()
        assert axe_violations(tab, axe_script) == []


def test_admin_works_under_its_own_policy_and_other_pages_keep_theirs(
    browser,
    built_site,
    strict_server,
):
    rules = strict_server.rules
    assert any(pattern == f"/{ADMIN}*" for pattern, _ in rules)
    base = strict_server.base_url
    with signed_in(browser, base, built_site.site, content_files(built_site.root)) as tab:
        tab.page.goto(tab.url(ADMIN + "#/collections/community/new"))
        field(tab.page, "members").wait_for()
        refused = [e for e in tab.console_errors if "Content Security Policy" in e]
        assert refused == []
        assert tab.errors() == []
    site_rule = dict(rules)["/*"]["Content-Security-Policy"]
    assert "unsafe-inline" not in site_rule


def test_admin_is_left_out_of_search_sitemap_and_robots(built_site: BuiltSite):
    site = built_site.site
    assert "/admin/" not in (site / "sitemap.xml").read_text()
    assert re.search(r"^Disallow: \S*/admin/$", (site / "robots.txt").read_text(), re.M)
    admin = (site / ADMIN / "index.html").read_text()
    assert "noindex" in admin
    # Pagefind indexes only pages marked data-pagefind-body once any page is marked.
    assert "data-pagefind-body" in (site / "index.html").read_text()
    assert "data-pagefind-body" not in admin
