"""Search as a buyer uses it: the header search box and the Explore page, in Chromium.

The bundled content changes as records are written, so nothing here names a record: the
expected results and counts come from the records themselves, through the generator's own
KnowledgeBase and its facets().
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator import mkdocs_engine
from generator.facets import all_facets
from generator.kinds import KINDS as KIND_DEFINITIONS
from generator.pipeline import Pipeline
from generator.project import Project
from generator.search_index import index_site

from .conftest import ROOT, BuiltSite, Tab

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
FACETS = all_facets(KIND_DEFINITIONS.values())
PARAM = {facet.name: facet.param for facet in FACETS}


@pytest.fixture(scope="module")
def kb(built_site: BuiltSite):
    result = Pipeline(Project.at(built_site.root)).check()
    assert result.ok, "the bundled content does not pass the check"
    return result.kb


# --- the header search -----------------------------------------------------------------
def _header_search(tab: Tab, words: str) -> list[str]:
    """Types `words` into the header search box; returns the addresses of the results."""
    tab.page.locator("input.md-search__input").click()
    tab.page.keyboard.type(words)
    tab.page.wait_for_function(
        "words => document.getElementById('bb-search-results').dataset.query === words",
        arg=words,
        timeout=TIMEOUT,
    )
    return tab.page.locator("#bb-search-results a").evaluate_all("as => as.map(a => a.href)")


def _focused(tab: Tab) -> dict:
    return tab.page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), href: el.href || "", cls: el.className || ""};
    }""")


def _about_asphalt(kb, kind: str) -> list:
    """Records of `kind` about asphalt: by their title or, for a statement titled after its
    group, as the statement an asphalt template or outcome builds on."""
    titled = [r for r in kb.of_kind(kind) if "asphalt" in r.title.lower()]
    if titled or kind != "statement":
        return titled
    related = {
        s.id: s
        for t in _about_asphalt(kb, "template")
        for s in kb.refs(t, "based_on")
        if s.kind.name == "statement"
    }
    for outcome in _about_asphalt(kb, "outcome"):
        community = kb.parent(outcome)
        for statement in kb.linking(community, "statement", "community") if community else []:
            related.setdefault(statement.id, statement)
    return list(related.values())


@pytest.mark.parametrize("kind", ["outcome", "statement", "template"])
def test_typing_asphalt_lists_the_asphalt_records_first(tab: Tab, kb, kind: str):
    wanted = _about_asphalt(kb, kind)
    assert wanted, (
        f"the bundled content has no {kind} about asphalt, which this test "
        f"searches for: content/{KIND_DEFINITIONS[kind].folder}/ needs one"
    )
    tab.open("")
    found = _header_search(tab, "asphalt")
    assert any(tab.url(r.url) in found for r in wanted), (
        f"none of {[r.id for r in wanted]} among the first results {found}"
    )
    # Each result shows its title, its kind and an excerpt with the word marked.
    record = next(r for r in wanted if tab.url(r.url) in found)
    item = tab.page.locator(f'#bb-search-results a[href="{urlsplit(tab.url(record.url)).path}"]')
    assert item.locator(".bb-result__title").inner_text() == record.title
    assert item.locator(".bb-kind").inner_text() == str(record.kind.label)
    assert "asphalt" in item.locator("mark").first.inner_text().lower()
    assert tab.errors() == []


def test_header_search_works_with_the_keyboard_alone(tab: Tab, kb):
    wave = kb.of_kind("wave")[0]
    tab.open("")
    for _ in range(40):  # Tab from the top of the page to the search box
        tab.page.keyboard.press("Tab")
        if "md-search__input" in _focused(tab)["cls"]:
            break
    else:
        pytest.fail("Tab never reached the search box")
    box = tab.page.get_by_role("textbox", name="Search the knowledge base")
    assert box.evaluate("el => el === document.activeElement")

    tab.page.keyboard.type(wave.title)
    tab.page.wait_for_function(
        "words => document.getElementById('bb-search-results').dataset.query === words",
        arg=wave.title,
        timeout=TIMEOUT,
    )
    results = tab.page.locator("#bb-search-results a")
    hrefs = results.evaluate_all("as => as.map(a => a.href)")
    assert tab.url(wave.url) in hrefs
    # Arrow keys move between the results and back to the box; Tab goes to the results too.
    tab.page.keyboard.press("ArrowDown")
    assert _focused(tab)["href"] == hrefs[0]
    if len(hrefs) > 1:
        tab.page.keyboard.press("ArrowDown")
        assert _focused(tab)["href"] == hrefs[1]
        tab.page.keyboard.press("ArrowUp")
    tab.page.keyboard.press("ArrowUp")
    assert "md-search__input" in _focused(tab)["cls"]
    tab.page.keyboard.press("Tab")
    assert _focused(tab)["href"] == hrefs[0]
    # Escape closes the results and leaves the cursor in the box.
    tab.page.keyboard.press("Escape")
    assert not tab.page.locator("#__search").is_checked()
    results.first.wait_for(state="hidden", timeout=2_000)
    assert "md-search__input" in _focused(tab)["cls"]
    # Typing opens them again; ArrowDown to the wave's result, and Enter opens it.
    tab.page.keyboard.press("End")
    tab.page.keyboard.type(" ")
    tab.page.keyboard.press("ArrowDown")
    while _focused(tab)["href"] != tab.url(wave.url):
        tab.page.keyboard.press("ArrowDown")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(tab.url(wave.url))
    assert tab.errors() == []


def test_enter_in_the_search_box_opens_every_result_on_explore(tab: Tab, kb):
    words = kb.of_kind("wave")[0].title
    tab.open("")
    _header_search(tab, words)
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url("**/explore/?q=*")
    _settled(tab)
    assert tab.page.locator("#bb-explore-q").input_value() == words
    assert tab.url(kb.of_kind("wave")[0].url) in _all_results(tab)


def test_without_javascript_the_header_links_to_the_record_lists(browser, server: str, kb):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server)
        assert not page.locator("input.md-search__input").is_visible()
        link = page.get_by_role("link", name="Browse all records")
        assert link.is_visible()
        link.click()
        page.wait_for_url(f"{server}explore/")
        fallback = page.locator("[data-bb-explore-fallback]")
        assert fallback.is_visible()
        hrefs = fallback.locator("a").evaluate_all("as => as.map(a => a.href)")
        for kind in kb.kinds:
            assert f"{server}{kind.pages_folder}/" in hrefs, kind.name
    finally:
        context.close()


# --- the Explore page --------------------------------------------------------------------
def _settled(tab: Tab) -> None:
    tab.page.wait_for_selector(
        "[data-bb-results][aria-busy=false]", state="attached", timeout=TIMEOUT
    )


def _all_results(tab: Tab) -> list[str]:
    """Every listed record, after "Show more" until there is no more."""
    more = tab.page.locator("[data-bb-more]")
    items = tab.page.locator("[data-bb-results] > li")
    while more.is_visible():
        shown = items.count()
        more.click()
        tab.page.wait_for_function(
            "n => document.querySelectorAll('[data-bb-results] > li').length > n", arg=shown
        )
    return items.locator("a.bb-explore__title").evaluate_all("as => as.map(a => a.href)")


def _choose(tab: Tab, facet: str, value: str) -> None:
    fieldset = tab.page.locator(f'fieldset[data-bb-facet="{facet}"]')
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    box = fieldset.locator(f'input[type=checkbox][value="{quoted}"]')
    if not box.is_visible():
        fieldset.locator(".bb-facet__more").click()
    box.check()
    _settled(tab)


def _shown_counts(tab: Tab) -> dict[str, dict[str, int]]:
    return tab.page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('fieldset[data-bb-facet]')].map(fs => [
            fs.dataset.bbFacet,
            Object.fromEntries([...fs.querySelectorAll('input[type=checkbox]')].map(box => [
                box.value,
                Number(box.closest('label').querySelector('.bb-facet__count')
                       .textContent.replace(/[^0-9]/g, ''))]))]))""")


def _matches(facets: dict, selected: dict[str, set[str]], leave_out: str | None = None) -> bool:
    return all(
        set(facets.get(name, [])) & values
        for name, values in selected.items()
        if values and name != leave_out
    )


def _expected(kb, selected: dict[str, set[str]]):
    """Records listed, and the count beside each facet value: the records that choosing it
    would list (values of one facet combine with "or", facets with "and")."""
    facets = [(record, kb.facets(record)) for record in kb.records]
    listed = {record.url for record, f in facets if _matches(f, selected)}
    counts = {}
    for facet in FACETS:
        counter = Counter()
        for _, f in facets:
            if _matches(f, selected, leave_out=facet.name):
                counter.update(f.get(facet.name, []))
        every_value = {v for _, f in facets for v in f.get(facet.name, [])}
        if every_value:
            counts[facet.name] = {value: counter[value] for value in every_value}
    return listed, counts


def _check(tab: Tab, kb, selected: dict[str, set[str]]) -> None:
    listed, counts = _expected(kb, selected)
    assert sorted(_all_results(tab)) == sorted(tab.url(url) for url in listed)
    assert _shown_counts(tab) == counts
    status = tab.page.locator("[data-bb-status]").inner_text()
    assert status.startswith(f"{len(listed)} record"), status
    params = parse_qs(urlsplit(tab.page.url).query)
    assert {name: set(values) for name, values in params.items()} == {
        PARAM[name]: values for name, values in selected.items() if values
    }


def test_explore_lists_every_record_with_counts(tab: Tab, kb):
    tab.open("explore/")
    _settled(tab)
    assert not tab.page.locator("[data-bb-explore-fallback]").is_visible()
    _check(tab, kb, {})
    assert tab.errors() == []


def test_a_search_whose_index_files_are_gone_says_so_instead_of_waiting(tab: Tab, kb):
    """As while a new version of the site replaces the old index files: the list stops being
    busy and the status says that search is not available, with what to do."""
    tab.page.route("**/pagefind/fragment/*", lambda route: route.fulfill(status=404, body=""))
    tab.open("explore/?q=asphalt")
    _settled(tab)
    status = tab.page.locator("[data-bb-status]").inner_text()
    assert "Search is not available right now" in status and "Reload the page" in status
    assert tab.page.locator("[data-bb-results] > li").count() == 0


def test_show_more_whose_records_are_gone_says_so_and_keeps_the_list(tab: Tab, kb):
    """The same when the index goes away between the first records and "Show more": the
    records already listed stay, and the status says what happened."""
    tab.open("explore/")
    _settled(tab)
    listed = tab.page.locator("[data-bb-results] > li").count()
    tab.page.route("**/pagefind/fragment/*", lambda route: route.fulfill(status=404, body=""))
    tab.page.locator("[data-bb-more]").click()
    tab.page.wait_for_function(
        "() => document.querySelector('[data-bb-status]').textContent.includes('Reload')"
    )
    _settled(tab)
    assert tab.page.locator("[data-bb-results] > li").count() == listed


def test_explore_without_a_search_index_says_so_instead_of_waiting(tab: Tab, kb):
    """As in a preview whose first index is not written yet: the page says that search is
    not available and to reload, and nothing stays busy."""
    tab.page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(status=404, body=""))
    tab.open("explore/?q=asphalt")
    _settled(tab)
    note = tab.page.locator(".bb-explore__unavailable")
    assert "Search is not available right now" in note.inner_text()
    assert "Reload the page" in note.inner_text()


def test_browsing_by_filters_alone_downloads_no_word_index(tab: Tab, kb):
    """Without words, only the filter files and the listed records are fetched: at ten
    thousand records the word index would be megabytes."""
    tab.open(f"explore/?kind={str(KIND_DEFINITIONS['organisation'].label)}")
    _settled(tab)
    assert not [url for url in tab.requests if url.endswith(".pf_index")]
    assert [url for url in tab.requests if url.endswith(".pf_filter")]


def test_explore_country_norway_lists_only_records_tied_to_norway(tab: Tab, kb):
    norway = [r for r in kb.records if "Norway" in kb.facets(r).get("country", [])]
    assert norway, (
        "the bundled content has no record tied to Norway, which this test "
        "filters by: content/ needs one (an organisation in Norway, say)"
    )
    tab.open("explore/")
    _settled(tab)
    _choose(tab, "country", "Norway")
    _check(tab, kb, {"country": {"Norway"}})
    found = _all_results(tab)
    for record in kb.records:
        if "oslo" in record.title.lower() or "oslo" in record.id:
            assert tab.url(record.url) in found, f"{record.id} is tied to Oslo"


def test_explore_wave_2_and_outcome_give_exactly_the_wave_2_outcomes(tab: Tab, kb):
    wave = next((w for w in kb.of_kind("wave") if w.number == 2), None)
    assert wave is not None, "the bundled content has no wave 2, which this test filters by"
    assert kb.of_kind("outcome"), "the bundled content has no outcome, which this test lists"
    wave_value = kb.facets(wave)["wave"][0]
    outcome = str(KIND_DEFINITIONS["outcome"].label)
    tab.open("explore/")
    _settled(tab)
    _choose(tab, "wave", wave_value)
    _choose(tab, "kind", outcome)
    selected = {"wave": {wave_value}, "kind": {outcome}}
    _check(tab, kb, selected)
    wave_outcomes = {
        r.url for r in kb.of_kind("outcome") if wave_value in kb.facets(r).get("wave", [])
    }
    assert sorted(_all_results(tab)) == sorted(tab.url(url) for url in wave_outcomes)

    # The address reopens the same list, in another tab as after a reload.
    address = tab.page.url
    other = tab.page.context.new_page()
    other.goto(address)
    other.wait_for_selector("[data-bb-results][aria-busy=false]", state="attached", timeout=TIMEOUT)
    checked = other.locator("input[type=checkbox]:checked").evaluate_all(
        "boxes => boxes.map(b => [b.dataset.bbFilter, b.value])"
    )
    assert sorted(checked) == sorted([["wave", wave_value], ["kind", outcome]])
    reopened = other.locator("[data-bb-results] a.bb-explore__title")
    assert (
        other.locator("[data-bb-status]").inner_text()
        == tab.page.locator("[data-bb-status]").inner_text()
    )
    if not other.locator("[data-bb-more]").is_visible():
        assert sorted(reopened.evaluate_all("as => as.map(a => a.href)")) == sorted(
            tab.url(url) for url in wave_outcomes
        )
    other.close()

    # Back undoes one choice at a time.
    tab.page.go_back()
    _settled(tab)
    _check(tab, kb, {"wave": {wave_value}})
    tab.page.go_back()
    _settled(tab)
    _check(tab, kb, {})
    tab.page.go_forward()
    _settled(tab)
    _check(tab, kb, {"wave": {wave_value}})
    assert tab.errors() == []


def test_explore_keeps_the_words_in_the_address(tab: Tab, kb):
    wave = kb.of_kind("wave")[0]
    tab.open("explore/")
    _settled(tab)
    tab.page.locator("#bb-explore-q").fill(wave.title)
    tab.page.wait_for_function(
        "words => new URL(location.href).searchParams.get('q') === words", arg=wave.title
    )
    _settled(tab)
    first = _all_results(tab)
    assert tab.url(wave.url) in first
    tab.page.reload()
    _settled(tab)
    assert tab.page.locator("#bb-explore-q").input_value() == wave.title
    assert _all_results(tab) == first


def test_search_loads_only_from_this_site(tab: Tab, kb):
    tab.open("explore/")
    _settled(tab)
    _header_search(tab, kb.of_kind("wave")[0].title)
    assert tab.foreign_requests() == []
    bundle = [url for url in tab.requests if "/pagefind/" in url]
    assert bundle, "the search index was never loaded"
    assert all(url.startswith(tab.url("pagefind/")) for url in bundle), bundle
    assert tab.errors() == []


# --- an index made by several Pagefind runs (a large knowledge base) ---------------------
@pytest.fixture(scope="module")
def index_in_parts(built_site: BuiltSite, tmp_path_factory) -> Path:
    """The site's search index as a large knowledge base gets it: each language indexed by
    several Pagefind runs, merged (generator/pagefind_merge.py)."""
    site = shutil.copytree(built_site.site, tmp_path_factory.mktemp("parts") / "site")
    languages = mkdocs_engine.site(Project.at(built_site.root)).languages
    index_site(site, languages, languages[0], ROOT, memory_per_run=1_000_000)
    return site / "pagefind"


def _search_index_from(tab: Tab, bundle: Path) -> None:
    def serve(route):
        route.fulfill(path=bundle / urlsplit(route.request.url).path.split("/pagefind/", 1)[1])

    tab.page.route("**/pagefind/**", serve)


def test_explore_on_an_index_made_in_parts_lists_and_finds_what_one_run_gives(
    tab: Tab, kb, index_in_parts: Path
):
    def listed(address: str) -> list[str]:
        tab.open(address)
        _settled(tab)
        return _all_results(tab)

    by_one_run = {address: listed(address) for address in ("explore/", "explore/?q=asphalt")}
    assert all(by_one_run.values())

    _search_index_from(tab, index_in_parts)
    for address, results in by_one_run.items():
        assert listed(address) == results, address  # the same records, in the same order
    tab.open("explore/")
    _settled(tab)
    _check(tab, kb, {})  # and the count beside each facet value
    assert tab.errors() == []
