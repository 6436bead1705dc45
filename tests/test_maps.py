"""Maps of Europe: the home page, every community, statement and organisation page has its
map; the home figures are those of the country facet in Explore; each map says the same in
text; every country a record names can be found on the map."""

from __future__ import annotations

import html
import re
from collections import Counter
from urllib.parse import unquote

import pytest

from generator import map_shapes, maps, mkdocs_engine, paths
from generator.kinds import COUNTRY_FACET
from generator.pipeline import Pipeline
from generator.project import Project
from generator.render import Renderer
from generator.values import writing_in

from .conftest import ROOT

LANGUAGES = mkdocs_engine.site(Project.at(ROOT)).languages
MAPPED_KINDS = ("community", "statement", "organisation")
TABLE_ROW = re.compile(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>([^<]+)</td></tr>')
MAP_LINK = re.compile(r'<a href="([^"]+)" aria-label="([^"]+)">')


@pytest.fixture(scope="module")
def kb():
    result = Pipeline(Project.at(ROOT)).check()
    assert result.ok, [p.text() for p in result.problems.items]
    return result.kb


@pytest.fixture(scope="module")
def pages(kb):
    """Every page in every language: {language: {path: Markdown}}."""
    rendered = {}
    for language in LANGUAGES:
        with writing_in(language):
            rendered[language] = {p.path: p.text for p in Renderer(kb).pages()}
    return rendered


def _map_block(text: str) -> str:
    start = text.find('<div class="bb-map')
    assert start >= 0, "the page has no map"
    return text[start : text.index("\n</div>", text.index("</figure>", start)) + 7]


def _table(block: str) -> dict[str, tuple[int, str]]:
    """Country name -> (figure, link) from a map's table."""
    rows = {}
    for href, name, figure in TABLE_ROW.findall(block):
        rows[html.unescape(name)] = (int(re.sub(r"\D", "", figure)), html.unescape(href))
    return rows


def _explore_value(href: str) -> str:
    assert "explore/?country=" in href, href
    return unquote(href.split("?country=", 1)[1])


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_figures_are_the_country_facet_counts_of_organisations(kb, pages, language):
    """What Explore counts beside each country once the record type Organisation is chosen:
    the organisations whose country facet holds that country."""
    with writing_in(language):
        expected = Counter(
            label
            for organisation in kb.of_kind("organisation")
            for _, label in kb.facet_index.values(organisation, COUNTRY_FACET)
        )
    block = _map_block(pages[language][paths.HOME_PAGE])
    table = _table(block)
    assert {name: figure for name, (figure, _) in table.items()} == dict(expected)
    for name, (_, href) in table.items():
        assert href == f"explore/?country={href.split('=', 1)[1]}"  # relative, from the root
        assert _explore_value(href) == name
    # The map links to the same addresses, each named with its country and figure.
    links = {html.unescape(href): html.unescape(label) for href, label in MAP_LINK.findall(block)}
    assert set(links) == {href for _, href in table.values()}
    for name, (figure, href) in table.items():
        assert links[href].startswith(name) and str(figure) in links[href]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_community_statement_and_organisation_page_has_its_map(kb, pages, language):
    rendered = pages[language]
    for kind in MAPPED_KINDS:
        for record in kb.of_kind(kind):
            text = rendered[paths.record_page(record)]
            block = _map_block(text)
            assert '<figcaption class="bb-map__caption" id="bb-map-caption">' in block
            assert 'aria-labelledby="bb-map-caption"' in block
            with writing_in(language):
                if kind == "organisation":
                    named = {str(record.kind.field("country").value_label(record.country)): 1}
                else:
                    people = kb.participants(record)
                    named = Counter(
                        str(o.kind.field("country").value_label(o.country)) for o in people
                    )
            if kind == "organisation":
                # One country marked, named in the caption, linked to Explore.
                (name,) = named
                assert html.escape(str(name), quote=True) in block
                (href,) = [h for h, _ in MAP_LINK.findall(block)]
                assert _explore_value(html.unescape(href)) == str(name)
                assert href.startswith("../../explore/")
            else:
                table = _table(block)
                assert {n: f for n, (f, _) in table.items()} == dict(named), record.id


def test_every_country_of_the_content_is_on_the_map_and_small_ones_are_marked(kb):
    for organisation in kb.of_kind("organisation"):
        assert maps.on_the_map(organisation.country), organisation.id
    countries = maps.shapes()["countries"]
    for code in map_shapes.FOCUS:
        assert countries[code]["focus"] and countries[code]["path"].startswith("M"), code
    for code in ("MT", "LU", "LI"):
        assert countries[code].get("marker"), f"{code} is too small to find without a circle"
    assert "CY" in countries  # at the edge of the frame


def test_the_map_has_no_script_no_style_attribute_and_no_other_host(pages):
    for language, rendered in pages.items():
        block = _map_block(rendered[paths.HOME_PAGE])
        assert "<script" not in block and " style=" not in block, language
        assert not re.search(r'href="(https?:)?//', block), language


def test_shades_contrast_with_what_surrounds_them():
    """WCAG 1.4.11: 3:1 between each shade and the sea, the countries without a figure and
    the countries drawn for context."""
    for _, colour in maps.SHADES:
        for neighbour in (maps.SEA, maps.NONE, maps.CONTEXT):
            assert _contrast(colour, neighbour) >= 3, (colour, neighbour)


def test_the_projection_is_centred_on_europe():
    width, height = map_shapes.frame_size()
    x, y = map_shapes.project(10, 52)
    west, south, east, north = map_shapes.FRAME
    assert x == pytest.approx(-west * width / (east - west))
    assert y == pytest.approx(north * width / (east - west))
    assert 0 < x < width and 0 < y < height


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_countries_without_a_figure_come_from_one_shared_file(kb, pages):
    """Most of a map's bytes are the countries drawn for context: they are in one file the
    site publishes in every language, which each map draws, not in every page."""
    files = Pipeline(Project.at(ROOT)).render(kb)
    site = mkdocs_engine.site(Project.at(ROOT))
    shared = files[paths.MAP_SHAPES_FILE].decode()
    for language in LANGUAGES:
        assert files[paths.localised(paths.MAP_SHAPES_FILE, language, site.default_language)]
    assert shared.count("<path ") == len(maps.shapes()["countries"])
    assert f'id="{maps.BACKGROUND_ID}"' in shared
    for language, rendered in pages.items():
        block = _map_block(rendered[paths.HOME_PAGE])
        assert f'<use href="assets/bb-map.svg#{maps.BACKGROUND_ID}"/>' in block, language
        organisation = kb.of_kind("organisation")[0]
        block = _map_block(rendered[paths.record_page(organisation)])
        assert f'<use href="../../assets/bb-map.svg#{maps.BACKGROUND_ID}"/>' in block
        assert len(block) < 12_000, "the page carries the whole map again"


def test_a_map_escapes_every_value_it_writes():
    # The map's values come from vocabularies today; a name or address that one day holds
    # markup must still reach the page as text.
    hostile = 'x" onmouseover="alert(1)" <script>&\''
    country = maps.MapCountry("NO", 2, f"../explore/?country={hostile}", f"Norway {hostile}")
    drawn = str(maps.svg([country], f"caption{hostile}", f"../assets/map.svg{hostile}"))
    assert "<script>" not in drawn and '" onmouseover' not in drawn
    escaped = "x&#34; onmouseover=&#34;alert(1)&#34; &lt;script&gt;&amp;&#39;"
    assert drawn.count(escaped) == 4, drawn[:600]  # address, name, caption id, shared file
