"""Makes the shapes of the maps (`generator/shapes/europe.json`) from Natural Earth's
countries, once; the build only reads the result (maps.py).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m generator.map_shapes package/countries-50m.json

`world-atlas` is Natural Earth's "Admin 0 - Countries" (version 4.1.0, public domain) as
TopoJSON, with ISO 3166 numeric codes as ids. This projects it with the Lambert azimuthal
equal-area projection centred on 52° N, 10° E (as EPSG:3035, on a sphere), cuts it to a
frame around the EU, EEA and Switzerland, simplifies each border once (so neighbours keep
sharing it) and writes one SVG path per country, keyed by ISO 3166 alpha-2 code, with the
point where its figure goes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import pycountry

SHAPES = Path(__file__).with_name("shapes") / "europe.json"
SOURCE = "Natural Earth 1:50m Admin 0 - Countries 4.1.0 (public domain), via world-atlas 2.0.2"

# The countries the maps are about: the EU, the EEA and Switzerland.
EU = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]
FOCUS = sorted([*EU, "IS", "LI", "NO", "CH"])
# Too small to find or to click at the map's size: drawn with a circle as well.
MARKED = {"MT", "LU", "LI"}
# Shapes without an ISO numeric code in Natural Earth. Northern Cyprus is drawn as part of
# Cyprus, as the EU does; Kosovo is context, under the code the EU and others use for it.
UNCODED = {"N. Cyprus": "CY", "Kosovo": "XK"}
# Where a country's figure goes (longitude, latitude), where the middle of its largest
# part would be a poor place (a long coast, a neighbour's figure too close).
LABEL_AT = {
    "NO": (9.0, 61.2),
    "SE": (15.0, 60.0),
    "FI": (26.0, 62.5),
    "NL": (5.6, 52.6),
    "BE": (3.9, 50.8),
    "DK": (9.2, 56.0),
    "HR": (15.8, 45.5),
    "IT": (12.8, 42.8),
    "GR": (22.0, 39.5),
    "DE": (10.0, 51.0),
    "FR": (2.5, 46.8),
    "PT": (-8.0, 39.7),
    "ES": (-3.6, 40.0),
}
LAT0, LON0 = math.radians(52), math.radians(10)
R = 6371.0  # km
# The frame, in projected km from the centre: Iceland to Cyprus, Crete to the North Cape.
FRAME = (-1900.0, -2050.0, 2500.0, 2250.0)  # west, south, east, north
WIDTH = 1000  # SVG units across the frame
TOLERANCE = 0.9  # SVG units: how far a simplified border may stray
MIN_AREA = 3.0  # square SVG units: smaller islands are left out, unless they are the country


def project(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area (spherical), in SVG units (y down) inside the frame."""
    lam, phi = math.radians(lon), math.radians(lat)
    cos_c = math.sin(LAT0) * math.sin(phi) + math.cos(LAT0) * math.cos(phi) * math.cos(lam - LON0)
    k = math.sqrt(2 / max(1 + cos_c, 1e-9))
    x = R * k * math.cos(phi) * math.sin(lam - LON0)
    y = (
        R
        * k
        * (math.cos(LAT0) * math.sin(phi) - math.sin(LAT0) * math.cos(phi) * math.cos(lam - LON0))
    )
    west, _, east, north = FRAME
    scale = WIDTH / (east - west)
    return (x - west) * scale, (north - y) * scale


def frame_size() -> tuple[int, int]:
    west, south, east, north = FRAME
    return WIDTH, round((north - south) * WIDTH / (east - west))


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs of a quantised TopoJSON topology as (longitude, latitude) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, keeping both ends (an arc's ends are shared with other arcs)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc[1:] if points else arc
    return points


def clip(points: list[tuple[float, float]], box: tuple[float, float, float, float]):
    """Sutherland-Hodgman clipping of a ring to a rectangle (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: _cross_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cross_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cross_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cross_y(a, b, y1)),
    ]
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        points = result
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def area(points) -> float:
    return (
        sum(
            points[i - 1][0] * points[i][1] - points[i][0] * points[i - 1][1]
            for i in range(len(points))
        )
        / 2
    )


def centroid(points) -> tuple[float, float]:
    a = area(points) or 1e-9
    cx = cy = 0.0
    for i in range(len(points)):
        (x0, y0), (x1, y1) = points[i - 1], points[i]
        cross = x0 * y1 - x1 * y0
        cx, cy = cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    return cx / (6 * a), cy / (6 * a)


def path_text(rings) -> str:
    """Rings as compact SVG path data: integer coordinates, relative moves after the first."""
    parts = []
    for points in rings:
        rounded = [(round(x), round(y)) for x, y in points]
        deduplicated = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
        if len(deduplicated) < 3:
            continue
        (x, y), rest = deduplicated[0], deduplicated[1:]
        steps = []
        for px, py in rest:
            steps.append(f"{px - x} {py - y}")
            x, y = px, py
        relative = " ".join(steps).replace(" -", "-")  # a minus sign separates numbers too
        parts.append(f"M{deduplicated[0][0]} {deduplicated[0][1]}l{relative}z")
    return "".join(parts)


def alpha_2(geometry: dict) -> str | None:
    if geometry.get("id") is None:
        return UNCODED.get(geometry["properties"]["name"])
    country = pycountry.countries.get(numeric=geometry["id"])
    return country.alpha_2 if country else None


def shapes(topology: dict) -> dict:
    arcs = [
        simplify([project(lon, lat) for lon, lat in arc], TOLERANCE)
        for arc in decode_arcs(topology)
    ]
    width, height = frame_size()
    margin = 20
    box = (-margin, -margin, width + margin, height + margin)
    rings_of: dict[str, list] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha_2(geometry)
        if not code or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for indexes in polygon:  # outer ring, then holes (drawn with the even-odd rule)
                points = clip(ring(arcs, indexes), box)
                if len(points) >= 3:
                    rings_of.setdefault(code, []).append(points)
    countries = {}
    for code in sorted(rings_of):
        rings = sorted(rings_of[code], key=lambda r: -abs(area(r)))
        kept = [r for r in rings if abs(area(r)) >= MIN_AREA] or rings[:1]
        largest = kept[0]
        if all(x < 0 or x > width or y < 0 or y > height for x, y in largest):
            continue  # outside the frame
        label = project(*LABEL_AT[code]) if code in LABEL_AT else centroid(largest)
        entry = {"path": path_text(kept), "label": [round(label[0]), round(label[1])]}
        if code in FOCUS:
            entry["focus"] = True
        if code in MARKED:
            entry["marker"] = True
        countries[code] = entry
    return {
        "source": SOURCE,
        "licence": "Public domain (Natural Earth); world-atlas is under the ISC licence",
        "projection": "Lambert azimuthal equal-area, centre 52° N 10° E, on a sphere",
        "width": width,
        "height": height,
        "countries": countries,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="world-atlas's countries-50m.json")
    parser.add_argument("--output", type=Path, default=SHAPES)
    args = parser.parse_args(argv)
    result = shapes(json.loads(args.topojson.read_text(encoding="utf-8")))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    missing = [code for code in FOCUS if code not in result["countries"]]
    print(f"{args.output}: {len(result['countries'])} countries, {len(text):,} characters")
    if missing:
        print("missing:", ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
