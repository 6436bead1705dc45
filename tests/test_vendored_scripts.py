"""Browser libraries the site serves from its own address (theme/assets/vendor/): committed,
so that `make site` needs no Node.js, and checked here against the exact npm package that
package.json pins and package-lock.json verifies (`npm ci`, which `make test` runs first)."""

from __future__ import annotations

import json

import pytest

from generator.vendoring import THEME_FILES, THEME_VENDOR, theme_files

from .conftest import ROOT

# (package, file in it) -> the committed copy, licence included; `make vendor` writes them.
VENDORED = {source: f"{THEME_VENDOR}/{target}" for source, target in THEME_FILES.items()}


@pytest.mark.parametrize(("package", "name"), sorted(VENDORED))
def test_the_committed_copy_is_the_pinned_packages_file(package, name):
    installed = ROOT / "node_modules" / package / name
    if not installed.is_file():
        pytest.fail(f"{installed.relative_to(ROOT)} is missing: run `npm ci` in {ROOT}")
    committed = ROOT / VENDORED[package, name]
    assert committed.read_bytes() == installed.read_bytes(), (
        f"{committed.relative_to(ROOT)} differs from the {package} package: run "
        "`make vendor` after updating the package"
    )


def test_make_vendor_writes_every_committed_library():
    """Nothing in theme/assets/vendor/ is left for someone to copy by hand."""
    committed = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / THEME_VENDOR).rglob("*")
        if path.is_file()
    }
    assert committed == set(theme_files(ROOT / "node_modules"))


def test_vendored_packages_are_pinned_to_one_version():
    wanted = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    for package in {package for package, _ in VENDORED}:
        assert wanted[package] == locked[f"node_modules/{package}"]["version"], package
        installed = json.loads((ROOT / "node_modules" / package / "package.json").read_text())
        assert installed["version"] == wanted[package], package
