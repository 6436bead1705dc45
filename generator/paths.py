"""Where each thing lives in the generated pages and in the built site: the one place that
knows. Pages are Markdown files in the docs folder; the engine turns `<folder>/<id>.md` into
`<folder>/<id>/` (directory URLs), and copies other files as they are. Every path here is
inside one language's site; `localised` places it in the whole site."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .kinds import Kind
    from .model import Page, Record

HOME_PAGE = "index.md"
EXPLORE_PAGE = "explore.md"  # search with facets (explore.py)
SCHEMAS_FOLDER = "schemas"  # the editing JSON Schemas, published with the site
DOWNLOADS_FOLDER = "downloads"
ADMIN_FOLDER = "admin"  # the editing app (cms.py); left out of search, sitemap and robots
MAP_SHAPES_FILE = "assets/bb-map.svg"  # the countries every map draws (maps.sprite)
FIELD_GUIDE_PAGE = "field-guide.md"  # every field of every kind explained (field_guide.py)


def record_page(record: Record) -> str:
    """The Markdown page of a record, relative to the docs folder."""
    return f"{record.kind.pages_folder}/{record.id}.md"


def index_page(kind: Kind) -> str:
    """The Markdown page listing every record of a kind."""
    return f"{kind.pages_folder}/index.md"


def free_page(page: Page) -> str:
    return f"{page.name}.md"


def site_url(page_path: str) -> str:
    """The address, relative to the site root, the engine gives a Markdown page."""
    if page_path == HOME_PAGE:
        return ""
    stem = page_path.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("/index") else f"{stem}/"


def download(record: Record, selection: str = "all") -> str:
    """A Word document of a tender template, next to the other downloads: all its criteria,
    or a selection of them (`core`)."""
    suffix = "" if selection == "all" else f"-{selection}"
    return f"{DOWNLOADS_FOLDER}/{record.id}{suffix}.docx"


def schema_file(name: str) -> str:
    return f"{SCHEMAS_FOLDER}/{name}"


def admin_file(name: str) -> str:
    """A file of the editing app, copied as it is (its page is not a Markdown page)."""
    return f"{ADMIN_FOLDER}/{name}"


# --- open data (open_data.py): downloads, feeds and the page that lists them -------------
DATA_FOLDER = "data"
DATA_PAGE = f"{DATA_FOLDER}/index.md"  # the Data page, at data/ beside the files it lists
FEEDS_FOLDER = "feeds"


def data_file(name: str) -> str:
    """A download of the open data (an export, a CSV table, the schema, the catalogue)."""
    return f"{DATA_FOLDER}/{name}"


def data_page() -> str:
    return DATA_PAGE


def feed(name: str) -> str:
    """An Atom feed: `all` for every record, or a kind's pages folder."""
    return f"{FEEDS_FOLDER}/{name}.xml"


# --- languages: each is a whole site; the first at the root, the others below their code --
DEFAULT_LANGUAGE = "en"


def localised(path: str, language: str, default: str = DEFAULT_LANGUAGE) -> str:
    """A path inside a language's site as a path inside the whole published site."""
    return path if language == default else f"{language}/{path}"


def absolute(site_address: str, site_path: str) -> str:
    """A path relative to the site root as a full address (`site_address` ends in /)."""
    return site_address + site_path
