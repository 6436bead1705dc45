"""What a published data file is: its bytes and what the Data page and the DCAT-AP catalogue
say about it. exports.py, feeds.py and linked_data.py make them; open_data.py lists them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .paths import localised

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
    """A file size as a reader sees it, in the language being written: 812 bytes, 12.3 KB,
    4.1 MB (812 octets, 12,3 Ko, 4,1 Mo)."""
    from .i18n import _, format_number, ngettext

    if size < 1024:
        return ngettext("{size} byte", "{size} bytes", size).format(size=format_number(size))
    if size < 1024 * 1024:
        return _("{size} KB").format(size=format_number(size / 1024, "#,##0.0"))
    return _("{size} MB").format(size=format_number(size / 1024 / 1024, "#,##0.0"))


@dataclass(frozen=True)
class Site:
    """The site as mkdocs.yml describes it, seen from one of its languages: the open data,
    the pages' head and the language switcher read it."""

    address: str  # of this language's site, ending in /
    name: str
    description: str = ""
    language: str = "en"
    languages: tuple[str, ...] = ("en",)  # every language published; the first at the root
    root_address: str = ""  # of the first language's site; empty: `address`
    names: tuple[tuple[str, str], ...] = ()  # (language, site name) for every language
    descriptions: tuple[tuple[str, str], ...] = ()  # (language, site description)
    # Where records are edited (mkdocs.yml `extra.edit` and `extra.cms`), for the editing app.
    editing: tuple[tuple[str, str], ...] = ()

    def url(self, site_path: str) -> str:
        return self.address + site_path

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def in_language(self, language: str) -> Site:
        """The same site as a reader of `language` sees it: its address, name and text."""
        root = self.root_address or self.address
        return replace(
            self,
            address=root + localised("", language, self.default_language),
            name=dict(self.names).get(language, self.name),
            description=dict(self.descriptions).get(language, self.description),
            language=language,
            root_address=root,
        )
