"""How the pages look: full-page screenshots for a person to review, and the layout faults a
reader notices at once (a page that scrolls sideways, text running out of its box).

Screenshots are taken when $BBKB_SHOTS names a folder (`BBKB_SHOTS=/tmp/shots make test`),
named <page>-<screen>.png; without it the layout is checked but not photographed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, BuiltSite, Tab

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ["BBKB_SHOTS"]) if os.environ.get("BBKB_SHOTS") else None
SCREENS = {"desktop": DESKTOP, "phone": PHONE}
PAGES = [
    "home",
    "index-organisation",
    "record-outcome",
    "record-template",
    "record-organisation",
    "record-community",
]

# Elements whose right edge passes the viewport although no ancestor clips or scrolls them.
STICKING_OUT = """() => {
    const width = document.documentElement.clientWidth;
    const clipped = el => {
        for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (style.overflowX !== 'visible') return true;
        }
        return false;
    };
    return [...document.body.querySelectorAll('*')]
        .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > width + 1)
        .filter(el => !clipped(el))
        .slice(0, 6)
        .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`
                   + ` (right edge at ${Math.round(el.getBoundingClientRect().right)}px):`
                   + ` ${(el.innerText || '').trim().slice(0, 50)}`);
}"""


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen(tab: Tab, built_site: BuiltSite, name: str, screen: str):
    tab.page.set_viewport_size(SCREENS[screen])
    tab.open(built_site.page(name))
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.page.screenshot(path=str(SHOTS / f"{name}-{screen}.png"), full_page=True)

    overflow = tab.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    sticking_out = tab.page.evaluate(STICKING_OUT)
    assert overflow <= 0, (
        f"{name} scrolls sideways by {overflow}px on a {screen} screen "
        f"({SCREENS[screen]['width']}px); elements past the edge: " + "; ".join(sticking_out)
    )

    # The title and the content column start inside the screen, not under the navigation.
    h1 = tab.page.locator("h1").first.bounding_box()
    assert h1 and h1["x"] >= 0 and h1["x"] + h1["width"] <= SCREENS[screen]["width"] + 1, h1
    article = tab.page.locator("article").first.bounding_box()
    assert article["width"] >= min(300, SCREENS[screen]["width"] * 0.75), (
        f"the content column is only {article['width']:.0f}px wide on a {screen} screen"
    )


# Words of the title, the record header and the edit link that are split over two lines, and
# pieces of them that lie on top of each other.
TOP_OF_PAGE_FAULTS = """() => {
    const pieces = [];
    const parts = [...document.querySelectorAll(
        'article h1, article .bb-record-header > *, article a.bb-edit-link')];
    for (const part of parts) {
        const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            for (const match of node.data.matchAll(/[^\\s\\-\\u2010-\\u2015\\/]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const rects = [...range.getClientRects()].filter(r => r.width > 0);
                const tops = new Set(rects.map(r => Math.round(r.top)));
                if (tops.size > 1) pieces.push({broken: match[0]});
                rects.forEach(r => pieces.push({part, word: match[0], r}));
            }
        }
        // Icons count too: an icon drawn over a word hides it.
        part.querySelectorAll('svg').forEach(svg => pieces.push(
            {part, word: '(icon)', r: svg.getBoundingClientRect()}));
    }
    const faults = pieces.filter(p => p.broken).map(p => `"${p.broken}" is split over two lines`);
    const placed = pieces.filter(p => p.r);
    for (let i = 0; i < placed.length; i++) {
        for (let j = i + 1; j < placed.length; j++) {
            const a = placed[i], b = placed[j];
            if (a.part === b.part) continue;
            const dx = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
            const dy = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
            if (dx > 1 && dy > 1) faults.push(`"${a.word}" and "${b.word}" overlap`);
        }
    }
    return [...new Set(faults)];
}"""


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("kind", ["organisation", "template", "outcome"])
def test_record_title_is_readable(tab: Tab, built_site: BuiltSite, kind: str, screen: str):
    """The kind badges, the edit link and the title each keep their own room."""
    tab.page.set_viewport_size(SCREENS[screen])
    tab.open(built_site.page(f"record-{kind}"))
    faults = tab.page.evaluate(TOP_OF_PAGE_FAULTS)
    assert not faults, f"the top of the {kind} page on a {screen} screen: " + "; ".join(faults)
