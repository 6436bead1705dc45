"""Writes generated files into the build folder, touching only what changed.

A preview server watches that folder, so an unchanged file must keep its timestamp:
then an edit to one record rebuilds only the pages it touches.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class OutsideOutputFolder(ValueError):
    pass


def safe_target(folder: Path, relative: str) -> Path:
    """`folder/relative`, refusing any path that would leave `folder` (absolute paths, '..',
    empty parts). `folder` is resolved already; the check is on the words of the path, so
    it costs nothing per file."""
    parts = relative.replace("\\", "/").split("/")
    if relative.startswith("/") or any(p in ("", ".", "..") or ":" in p for p in parts):
        raise OutsideOutputFolder(f"{relative!r} would be written outside {folder}")
    return folder.joinpath(*parts)


def sync_folder(folder: Path, files: dict[str, bytes]) -> list[str]:
    """Makes `folder` hold exactly `files`; returns the relative paths it wrote or removed."""
    changed = write_files(folder, files)
    return changed + remove_others(folder.resolve(), set(files))


def write_files(folder: Path, files: dict[str, bytes]) -> list[str]:
    """Writes `files` (by relative path) into `folder`, each unless it holds it already;
    returns the relative paths it wrote. Every path is checked before anything is written."""
    folder.mkdir(parents=True, exist_ok=True)
    folder = folder.resolve()
    for rel in files:
        safe_target(folder, rel)
    return [rel for rel, data in files.items() if write_into(folder, rel, data)]


def write_into(folder: Path, relative: str, data: bytes) -> bool:
    """Writes `data` at `relative` in `folder` (resolved) unless the file holds it already;
    True when it wrote. A file that exists is replaced whole: a reader never sees half of
    it. A new one is written in place, its folder made only when missing: the fewest
    system calls, which at 10,000 records were most of the cost of writing the docs
    folders (nothing reads a new file of them until the generation ends)."""
    target = str(safe_target(folder, relative))
    try:
        with open(target, "rb") as existing:
            if existing.read() == data:
                return False
    except FileNotFoundError:
        try:
            _write_new(target, data)
            return True
        except FileExistsError:  # made meanwhile: replaced below
            pass
    tmp = target + ".tmp"
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
    return True


def _write_new(target: str, data: bytes) -> None:
    try:
        handle = open(target, "xb")  # noqa: SIM115 (opened in one of two ways, closed below)
    except FileNotFoundError:  # its folder does not exist yet
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle = open(target, "xb")  # noqa: SIM115
    with handle:
        handle.write(data)


def remove_others(folder: Path, kept: set[str]) -> list[str]:
    """Removes the files of `folder` (resolved) that are not in `kept` (relative paths) and
    the folders left empty; returns the relative paths it removed, sorted."""
    for rel in kept:
        safe_target(folder, rel)
    # Relative paths as strings and the folder's own listing (no Path object, no stat per
    # file): at 10,000 records, comparing and sorting Path objects cost over a second.
    removed = []
    top = str(folder)
    for current, _, files in os.walk(top, topdown=False):
        prefix = "" if current == top else os.path.relpath(current, top).replace(os.sep, "/") + "/"
        for name in files:
            if prefix + name not in kept:
                os.unlink(os.path.join(current, name))
                removed.append(prefix + name)
        if prefix and not os.listdir(current):
            os.rmdir(current)
    return sorted(removed)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Writes `data` unless the file already holds it; True when it wrote."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def swap_folder(new: Path, target: Path) -> None:
    """Replaces `target` by `new` with two renames, never leaving a half-written folder."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
