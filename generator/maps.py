"""Maps of Europe as inline SVG: countries shaded by a number (organisations, members,
signatories) or one country marked, each counted country a link. The shapes of the
countries without a figure, most of a map's bytes, are in one shared file (sprite()) that
every map draws with <use>, so that pages stay small.

The shapes are data (`shapes/europe.json`, made once by map_shapes.py). The map needs no
script and no style attribute: colours are SVG presentation attributes, so the strict
Content-Security-Policy holds; the stylesheet only sizes the map and shows keyboard focus.
Every figure on a map is also printed as text beside it (templates, `_macros.md.j2`).
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

SHAPES = Path(__file__).with_name("shapes") / "europe.json"

# Colours: every shade has at least 3:1 contrast with the sea, with countries without any
# and with the countries drawn for context (WCAG 1.4.11); the figure is printed on the map
# and in the table too, so colour is never the only way to tell.
SEA = "#eef3f8"
CONTEXT = "#e6e8eb"  # countries outside the EU, EEA and Switzerland, without a figure
NONE = "#ffffff"  # EU, EEA and Swiss countries without a figure
NONE_EDGE = "#6b7079"
EDGE = "#ffffff"
INK = "#1c1f24"
# (lowest figure, colour) from the lightest shade to the darkest.
SHADES = ((1, "#4f84bd"), (2, "#2f6aa6"), (4, "#1d5490"), (6, "#0b3d6e"))
MARKED = "#0b3d6e"  # the one country of a map that marks a single country
BADGE_RADIUS = 15
MARKER_RADIUS = 11


@functools.cache
def shapes() -> dict:
    return json.loads(SHAPES.read_text(encoding="utf-8"))


def on_the_map(code: str) -> bool:
    return code in shapes()["countries"]


def shade(count: int) -> str:
    colour = NONE
    for lowest, shade_colour in SHADES:
        if count >= lowest:
            colour = shade_colour
    return colour


def shade_ranges() -> list[tuple[int, int | None, str]]:
    """(lowest, highest or None for "or more", colour) of every shade, for the legend."""
    ranges = []
    for index, (lowest, colour) in enumerate(SHADES):
        following = SHADES[index + 1][0] - 1 if index + 1 < len(SHADES) else None
        ranges.append((lowest, following, colour))
    return ranges


def count_by_country(codes: Iterable[str | None]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for code in codes:
        if code:
            counts[code] = counts.get(code, 0) + 1
    return counts


@dataclass(frozen=True)
class MapCountry:
    code: str
    count: int
    href: str | None  # where its link goes; none: not a link
    name: str  # the link's accessible name, e.g. "Norway: 4 organisations"


def svg(
    countries: Iterable[MapCountry], title_id: str, shapes_file: str, marked: bool = False
) -> Markup:
    """The map: every shape, the given countries shaded (or, `marked`, in one colour) with
    their figure in a badge, each with a link when it has one. `title_id` names the element
    that describes the map (its caption); `shapes_file` is the address of sprite() from the
    page: the countries without a figure are drawn from it, not written into every page."""
    return _svg(tuple(countries), title_id, shapes_file, marked)


# Many pages show the same map (an organisation's marks its country): made once each.
@functools.lru_cache(maxsize=256)
def _svg(
    countries: tuple[MapCountry, ...], title_id: str, shapes_file: str, marked: bool
) -> Markup:
    data = shapes()
    known = data["countries"]
    shown = {c.code: c for c in countries if c.code in known}
    width, height = data["width"], data["height"]
    links, badges = [], []
    # Links in the order they are given (the table's), small countries last so that their
    # circles stay on top of their neighbours.
    ordered = sorted(shown.values(), key=lambda c: known[c.code].get("marker", False))
    for country in ordered:
        drawn = _shape(country.code, MARKED if marked else shade(country.count), EDGE)
        if country.href:
            drawn = (
                f'<a href="{escape(country.href)}" aria-label="{escape(country.name)}">{drawn}</a>'
            )
        links.append(drawn)
        badges.append(_badge(country.code, "" if marked else str(country.count)))
    # Plain strings joined once, each value escaped where it is put: Markup.format parses
    # its template in Python on every call, which made up most of a map's time. Every
    # country without a figure comes from the shared file; those with one are drawn on top.
    hidden = '<g aria-hidden="true" pointer-events="none">'
    return Markup(
        "".join(
            [
                f'<svg class="bb-map__svg" viewBox="0 0 {escape(width)} {escape(height)}" '
                f'role="group" aria-labelledby="{escape(title_id)}" '
                'xmlns="http://www.w3.org/2000/svg">\n'
                f'<rect width="{escape(width)}" height="{escape(height)}" fill="{SEA}"/>\n'
                f'<g aria-hidden="true"><use href="{escape(shapes_file)}#{BACKGROUND_ID}"/>'
                "</g>\n",
                *links,
                f"\n{hidden}{_markers(frozenset(shown))}</g>\n",
                hidden,
                *badges,
                "</g>\n</svg>",
            ]
        )
    )


BACKGROUND_ID = "bb-map-countries"


def sprite() -> bytes:
    """The shared file of the maps: every country's shape in the colours of a country
    without a figure, drawn by each map under the countries it shades."""
    back = Markup("").join(
        _shape(code, *_background_colours(shape), with_marker=False)
        for code, shape in shapes()["countries"].items()
    )
    return (
        Markup('<svg xmlns="http://www.w3.org/2000/svg"><g id="{}">').format(BACKGROUND_ID)
        + back
        + Markup("</g></svg>\n")
    ).encode()


def _background_colours(shape: dict) -> tuple[str, str]:
    return (NONE, NONE_EDGE) if shape.get("focus") else (CONTEXT, EDGE)


@functools.lru_cache(maxsize=256)
def _markers(shown: frozenset[str]) -> Markup:
    """The circles around the small countries without a figure, above their neighbours."""
    return Markup("").join(
        _marker(code, _background_colours(shape)[0])
        for code, shape in shapes()["countries"].items()
        if code not in shown and shape.get("marker")
    )


@functools.cache
def _shape(code: str, fill: str, edge: str, with_marker: bool = True) -> Markup:
    shape = shapes()["countries"][code]
    path = Markup('<path d="{}" fill="{}" stroke="{}" stroke-width="0.8" fill-rule="evenodd"/>')
    drawn = path.format(shape["path"], fill, edge)
    if with_marker and shape.get("marker"):
        drawn += _marker(code, fill)
    return drawn


@functools.cache
def _marker(code: str, fill: str) -> Markup:
    """A circle around a country too small to see or to click."""
    x, y = shapes()["countries"][code]["label"]
    return Markup(
        '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="1.5"/>'
    ).format(x, y, MARKER_RADIUS, fill, NONE_EDGE if fill == NONE else INK)


@functools.cache
def _badge(code: str, text: str) -> Markup:
    """The country's figure on a white disc, readable whatever the shade beneath; with no
    figure (a marked country), a ring and a dot."""
    x, y = shapes()["countries"][code]["label"]
    if not text:  # a ring around the place, large enough to catch the eye on a phone
        return Markup(
            '<circle cx="{x}" cy="{y}" r="22" fill="none" stroke="#ffffff" stroke-width="8"/>'
            '<circle cx="{x}" cy="{y}" r="22" fill="none" stroke="{ink}" stroke-width="4"/>'
            '<circle cx="{x}" cy="{y}" r="6" fill="#ffffff" stroke="{ink}" stroke-width="3"/>'
        ).format(x=x, y=y, ink=INK)
    # Up to two digits fit the disc, which the stylesheet enlarges on narrow screens.
    size = "short" if len(text) <= 2 else "long"
    radius = BADGE_RADIUS + 5 * max(len(text) - 2, 0)
    return Markup(
        '<g class="bb-map__badge bb-map__badge--{size}">'
        '<circle cx="{x}" cy="{y}" r="{r}" fill="#ffffff" stroke="{ink}" stroke-width="1.5"/>'
        '<text x="{x}" y="{y}" dy="0.35em" text-anchor="middle" font-size="18" '
        'font-weight="700" fill="{ink}">{text}</text></g>'
    ).format(size=size, x=x, y=y, r=radius, ink=INK, text=escape(text))


def map_countries(
    counts: Mapping[str, int],
    name: Callable[[str], str],
    href: Callable[[str], str | None],
    link_name: Callable[[str, int], str],
) -> list[MapCountry]:
    """The counted countries in the order of their names (as the table lists them)."""
    rows = [
        MapCountry(code, count, href(code), link_name(code, count))
        for code, count in counts.items()
        if count
    ]
    return sorted(rows, key=lambda row: (_sort_key(name(row.code)), row.code))


def _sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
