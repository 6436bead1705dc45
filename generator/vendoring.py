"""The editing app's browser files, taken from the npm packages package-lock.json pins.

They are committed in generator/vendor/, so that `make site` needs no Node.js and builds the
same bytes offline; `make vendor` (`python -m generator.vendoring`) rewrites them from
node_modules/ after `npm ci`, which checks every package against the lockfile's integrity
hash, and a test fails when the committed files differ from what this module makes.

Sveltia CMS loads its fonts from a CDN and asks a CDN for its latest version at start-up;
our pages make no request to another host, so the copy points the fonts to files from the
pinned Fontsource packages served beside it and turns the version check into a local no-op.
Each change must match exactly once, so an update that moves them fails loudly.
"""

from __future__ import annotations

import sys
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor"
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
    # The source map is not shipped.
    "//# sourceMappingURL=sveltia-cms.js.map": "",
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


def vendored_files(node_modules: Path) -> dict[str, bytes]:
    """Name in generator/vendor/ -> bytes, made from the installed packages."""
    found = {}
    for (package, name), target in FILES.items():
        data = (node_modules / package / name).read_bytes()
        if target == LIBRARY:
            data = patched_library(data.decode("utf-8")).encode("utf-8")
        found[target] = data
    return found


def served_files() -> dict[str, bytes]:
    """The committed files, by their path below admin/."""
    return {target: (VENDOR / target).read_bytes() for target in FILES.values()}


def main(root: Path) -> None:
    for target, data in vendored_files(root / "node_modules").items():
        path = VENDOR / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(root)}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve())
