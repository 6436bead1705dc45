"""Browser files taken from the npm packages package-lock.json pins: the editing app's, and
the libraries the site's own pages load (theme/assets/vendor/).

They are committed in generator/vendor/ and theme/assets/vendor/, so that `make site` needs
no Node.js and builds the same bytes offline; `make vendor` (`python -m generator.vendoring`)
rewrites them from node_modules/ after `npm ci`, which checks every package against the
lockfile's integrity hash, and tests fail when the committed files differ from what this
module makes.

Sveltia CMS loads its fonts from a CDN and asks a CDN for its latest version at start-up;
our pages make no request to another host, so the copy points the fonts to files from the
pinned Fontsource packages served beside it and turns the version check into a local no-op.
Each change must match exactly once, so an update that moves them fails loudly. Our own
browser code (generator/admin/) is bundled here too, with the pinned esbuild.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor"
# Our own browser code for the app (record-format.js), bundled with the `yaml` package.
FORMAT_SOURCE = Path(__file__).parent / "admin" / "record-format.js"
FORMAT_BUNDLE = "record-format.js"
FONTS = "fonts"
LIBRARY = "sveltia-cms.js"
_CDN_FONTS = "https://cdn.jsdelivr.net/fontsource/fonts/"

# (package, file in it) -> name in generator/vendor/; licences travel with the files.
FILES = {
    ("@sveltia/cms", "dist/sveltia-cms.js"): LIBRARY,
    ("@sveltia/cms", "LICENSE.txt"): "sveltia-cms.LICENSE.txt",
    (
        "@fontsource-variable/source-sans-3",
        "files/source-sans-3-latin-wght-normal.woff2",
    ): f"{FONTS}/source-sans-3-latin-wght-normal.woff2",
    (
        "@fontsource-variable/material-symbols-outlined",
        "files/material-symbols-outlined-latin-wght-normal.woff2",
    ): f"{FONTS}/material-symbols-outlined-latin-wght-normal.woff2",
    (
        "@fontsource/noto-mono",
        "files/noto-mono-latin-400-normal.woff2",
    ): f"{FONTS}/noto-mono-latin-400-normal.woff2",
    ("@fontsource-variable/source-sans-3", "LICENSE"): f"{FONTS}/source-sans-3.LICENSE.txt",
    ("@fontsource-variable/material-symbols-outlined", "LICENSE"): (
        f"{FONTS}/material-symbols-outlined.LICENSE.txt"
    ),
    ("@fontsource/noto-mono", "LICENSE"): f"{FONTS}/noto-mono.LICENSE.txt",
    ("yaml", "LICENSE"): "yaml.LICENSE.txt",
}

# Exact text in the library -> what the served copy says instead.
CHANGES = {
    f"{_CDN_FONTS}source-sans-3:vf@5.3.0/latin-wght-normal.woff2": (
        f"{FONTS}/source-sans-3-latin-wght-normal.woff2"
    ),
    f"{_CDN_FONTS}material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2": (
        f"{FONTS}/material-symbols-outlined-latin-wght-normal.woff2"
    ),
    f"{_CDN_FONTS}noto-mono@5.3.0/latin-400-normal.woff2": (
        f"{FONTS}/noto-mono-latin-400-normal.woff2"
    ),
    # The update check reads the latest version from unpkg.com; a data: address answers
    # locally with no version, which the app reads as "nothing new".
    "`https://unpkg.com/@sveltia/cms`": "`data:,`",
    # The interface's translations: served from locales/ beside the library, not from unpkg.com.
    "`${iP}@${rP}/locales`": "`locales`",
    # Zooming must stay possible (WCAG 1.4.4): the app's viewport forbids it.
    "`initial-scale=1`,`maximum-scale=1`,": "`initial-scale=1`,",
    # The source map is not shipped.
    "//# sourceMappingURL=sveltia-cms.js.map": "",
}


# Libraries the site's pages load from the site itself, copied as they are with their
# licences: (package, file in it) -> path below THEME_VENDOR.
THEME_VENDOR = "theme/assets/vendor"
THEME_FILES = {
    # the zip library that makes a buyer's Word file (bbkb-selection.js)
    ("fflate", "esm/browser.js"): "fflate/browser.js",
    ("fflate", "LICENSE"): "fflate/LICENSE",
}


class VendorMismatch(RuntimeError):
    pass


def patched_library(original: str) -> str:
    text = original
    for old, new in CHANGES.items():
        count = text.count(old)
        if count != 1:
            raise VendorMismatch(
                f"{old!r} occurs {count} times in {LIBRARY}, expected once: check "
                "generator/vendoring.py against the new version"
            )
        text = text.replace(old, new)
    return text


def _sources(node_modules: Path) -> dict[tuple[str, str], str]:
    """FILES and every translation of the app's interface (locales/<code>.json)."""
    found = dict(FILES)
    for path in sorted((node_modules / "@sveltia/cms/locales").glob("*.json")):
        found[("@sveltia/cms", f"locales/{path.name}")] = f"locales/{path.name}"
    return found


def vendored_files(node_modules: Path) -> dict[str, bytes]:
    """Name in generator/vendor/ -> bytes, made from the installed packages."""
    found = {}
    for (package, name), target in _sources(node_modules).items():
        data = (node_modules / package / name).read_bytes()
        if target == LIBRARY:
            data = patched_library(data.decode("utf-8")).encode("utf-8")
        found[target] = data
    found[FORMAT_BUNDLE] = format_bundle(node_modules)
    return found


def theme_files(node_modules: Path) -> dict[str, bytes]:
    """Path below the project -> bytes, for the libraries in THEME_VENDOR."""
    return {
        f"{THEME_VENDOR}/{target}": (node_modules / package / name).read_bytes()
        for (package, name), target in THEME_FILES.items()
    }


def format_bundle(node_modules: Path) -> bytes:
    """record-format.js with the `yaml` package, as one script, by the pinned esbuild."""
    command = [
        str(node_modules / ".bin" / "esbuild"),
        str(FORMAT_SOURCE),
        "--bundle",
        "--format=iife",
        "--minify",
        "--target=es2020",
        "--legal-comments=none",
    ]
    done = subprocess.run(command, capture_output=True, cwd=node_modules.parent, check=True)
    return done.stdout


def served_files() -> dict[str, bytes]:
    """The committed files, by their path below admin/."""
    return {
        path.relative_to(VENDOR).as_posix(): path.read_bytes()
        for path in sorted(VENDOR.rglob("*"))
        if path.is_file()
    }


def main(root: Path) -> None:
    for target, data in vendored_files(root / "node_modules").items():
        path = VENDOR / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(root)}")
    for target, data in theme_files(root / "node_modules").items():
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve())
