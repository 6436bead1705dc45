"""What a published data file is: its bytes and what the Data page and the DCAT-AP catalogue
say about it. exports.py, feeds.py and linked_data.py make them; open_data.py lists them."""

from __future__ import annotations

from dataclasses import dataclass

ALL = "all"  # the dataset of every record; the others are named after their kind


@dataclass(frozen=True)
class DataFile:
    path: str  # in the docs folder, which is also its path in the site
    data: bytes
    title: str
    description: str
    media_type: str  # IANA media type
    file_type: str  # the EU Publications Office's file-type code (JSON, CSV, ATOM, JSON_LD)
    dataset: str  # ALL or a kind's name
    conforms_to: str = ""  # the site path of the schema it follows, if any

    @property
    def size(self) -> int:
        return len(self.data)


def size_text(size: int) -> str:
    """A file size as a reader sees it: 812 bytes, 12.3 KB, 4.1 MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


@dataclass(frozen=True)
class Site:
    """What the open data say about the site they come from (from mkdocs.yml)."""

    address: str  # ending in /
    name: str
    description: str = ""
    language: str = "en"

    def url(self, site_path: str) -> str:
        return self.address + site_path
