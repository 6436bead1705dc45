"""The editing app at /admin/: Sveltia CMS, its page and its configuration.

The configuration is made from the record kinds (kinds.py): each kind is a collection in its
content folder, each field describes its own widget (`Field.cms_widget`). A change to a kind
changes the form with nothing else to edit. Changes go through pull requests (the editorial
workflow), never straight to the main branch.

The library is shipped from our own site, with its fonts and licences: see vendoring.py.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import paths
from .data_files import Site
from .fields import Field, ListField, ObjectField, TextField
from .i18n import language_name
from .kinds import KINDS, Kind
from .vendoring import FORMAT_BUNDLE, LIBRARY, served_files

RECORD_FORMAT = "bbkb-yaml"
CONFIG_FILE = "config.yml"
PAGE = "index.html"
ACCESSIBILITY_PAGE = "accessibility/"  # content/pages/accessibility.md, linked from every page

# Every interface string the editing app adds, in one place; in English, like the field
# guide (the app's own interface follows the browser's language).
TEXT = {
    "title": "Edit the knowledge base",
    "field_guide": "Field guide: what every field means",
    "accessibility": "Accessibility statement",
    "no_script": (
        "The editing app needs JavaScript. You can also change records on GitHub: "
        "see the contribution guide."
    ),
    "checked": "{language} checked against",
    "checked_hint": (
        "The fingerprint of the English text this translation matches; "
        "`bbkb check` gives it (8 letters and digits)."
    ),
    "description": "{intro} Every field is explained in the field guide.",
}

# Hosts whose API the app talks to for each kind of repository host; self-managed GitLab
# and Gitea or Forgejo instances are named by the repository address itself.
KNOWN_HOSTS = {"github.com": "github", "gitlab.com": "gitlab", "codeberg.org": "gitea"}


@dataclass(frozen=True)
class CmsForm:
    """What a field needs to know to describe its widget: the site's languages and the
    title field of each kind a reference may point to."""

    languages: tuple[str, ...] = ("en",)

    @staticmethod
    def hint(definition: Field) -> str:
        text = str(definition.help)
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")

    @staticmethod
    def language_label(code: str) -> str:
        return language_name(code)

    def checked_label(self, code: str) -> str:
        return TEXT["checked"].format(language=language_name(code))

    @staticmethod
    def checked_hint() -> str:
        return str(TEXT["checked_hint"])

    def title_field(self, kind_name: str) -> str:
        """The field a reference shows and searches: the English of the title field when
        text fields have one input per language."""
        title = KINDS[kind_name].title_field
        translated = isinstance(KINDS[kind_name].field(title), TextField)
        return f"{title}.{self.languages[0]}" if translated and len(self.languages) > 1 else title


def collection(kind: Kind, form: CmsForm) -> dict:
    """One kind as a folder collection: one YAML file per record, named after its id, with
    the fields in the kind's order (the order the app writes them in)."""
    return {
        "name": kind.name,
        "label": str(kind.label_plural),
        "label_singular": str(kind.label),
        "description": TEXT["description"].format(intro=kind.intro),
        "folder": f"content/{kind.folder}",
        "extension": "yml",
        "format": RECORD_FORMAT,  # generator/admin/record-format.js
        "create": True,
        "identifier_field": "id",
        "slug": "{{fields.id}}",
        "summary": "{{fields." + kind.title_field + "}}",
        "fields": [definition.cms_widget(form) for definition in kind.fields],
    }


def backend(site: Site) -> dict:
    """The repository the app proposes changes to, from mkdocs.yml: `extra.edit.repository`
    and `branch`, and for sign-in `extra.cms` (`backend`, `base_url`, `app_id`, `api_root`,
    `auth_type`); see CONTRIBUTING, Sign-in for the editing app."""
    settings = dict(site.editing)
    address = urlsplit(settings.get("repository", ""))
    name = settings.get("backend") or KNOWN_HOSTS.get(address.netloc, "gitlab")
    found = {
        "name": name,
        "repo": address.path.strip("/"),
        "branch": settings.get("branch", "main"),
    }
    if address.netloc not in ("github.com", "gitlab.com"):  # the app's defaults
        root = f"{address.scheme}://{address.netloc}"
        found["base_url"] = root
        found["api_root"] = root + ("/api/v4" if name == "gitlab" else "/api/v1")
    if name == "gitlab":
        found["auth_type"] = "pkce"
    for key in ("base_url", "api_root", "app_id", "auth_type", "auth_endpoint", "auth_scope"):
        if settings.get(key):
            found[key] = settings[key]
    if name == "github":  # editors without write access propose from their own fork,
        found["open_authoring"] = True  # which needs access to public repositories only
        found["auth_scope"] = settings.get("auth_scope", "public_repo")
    return found


def cms_config(site: Site, backend_settings: dict | None = None) -> dict:
    """The whole configuration; `backend_settings` replaces the repository (tests use the
    app's in-memory `test-repo`)."""
    form = CmsForm(tuple(site.languages))
    return {
        "backend": backend_settings or backend(site),
        "publish_mode": "editorial_workflow",
        "app_title": f"{site.name}: {TEXT['title'].lower()}" if site.name else str(TEXT["title"]),
        "site_url": site.address,
        "media_folder": "content/media",
        # An optional field left empty is left out, as an editor would (record-format.js
        # writes the rest).
        "output": {"omit_empty_optional_fields": True},
        "collections": [collection(kind, form) for kind in KINDS.values()],
    }


def config_text(config: dict) -> bytes:
    header = "# Written by `bbkb build` from generator/kinds.py; do not edit.\n"
    body = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
    return (header + body).encode()


def text_paths() -> list[str]:
    """Key paths of every text field of every kind ("criteria.*.text"; "*" is each entry of a
    list), for the record format to turn plain English into one input per language and back.
    A path is a text field in every kind that has it (a test holds the kinds to that)."""

    def walk(fields, prefix):
        for definition in fields:
            path = prefix + definition.name
            inner = definition.item if isinstance(definition, ListField) else definition
            step = ".*" if isinstance(definition, ListField) else ""
            if isinstance(inner, TextField):
                yield path + step
            elif isinstance(inner, ObjectField):
                yield from walk(inner.fields, f"{path}{step}.")

    return sorted({path for kind in KINDS.values() for path in walk(kind.fields, "")})


def admin_page(site: Site) -> bytes:
    """The page that loads the app; a link to the field guide stays on it."""
    guide = "../" + paths.site_url(paths.FIELD_GUIDE_PAGE)
    language = site.languages[0] if site.languages else site.language
    texts = json.dumps(text_paths() if len(site.languages) > 1 else [], separators=(",", ":"))
    return f"""<!doctype html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{TEXT["title"]}</title>
<link href="{CONFIG_FILE}" type="application/yaml" rel="cms-config-url">
</head>
<body>
<noscript><p>{TEXT["no_script"]}</p></noscript>
<p><a href="{guide}">{TEXT["field_guide"]}</a></p>
<p><a href="../{ACCESSIBILITY_PAGE}">{TEXT["accessibility"]}</a></p>
<script src="{LIBRARY}"></script>
<script src="{FORMAT_BUNDLE}" data-text-fields="{html.escape(texts)}"></script>
</body>
</html>
""".encode()


def admin_files(site: Site) -> dict[str, bytes]:
    """The files of the editing app, by their path in the docs folder: its page, its
    configuration, and the library with its fonts and licences (vendoring.py)."""
    files = {paths.admin_file(name): data for name, data in served_files().items()}
    files[paths.admin_file(PAGE)] = admin_page(site)
    files[paths.admin_file(CONFIG_FILE)] = config_text(cms_config(site))
    return files


def admin_policy(admin_folder: Path) -> str:
    """The Content-Security-Policy of the editing app, from its built configuration.

    Looser than the site's on three points only, because the app needs them: styles set by
    the app's script ('unsafe-inline' in style-src), pictures and files it makes in the
    browser (blob:), and the repository's API and sign-in hosts in connect-src. Scripts
    still come from this site alone, and no page may frame it."""
    config = yaml.safe_load((admin_folder / CONFIG_FILE).read_text(encoding="utf-8"))
    hosts = connect_sources(config)
    avatars = ["https://avatars.githubusercontent.com"] if "https://api.github.com" in hosts else []
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *avatars],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", "blob:", "data:", *hosts],
        "frame-src": ["'self'", "blob:"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    from .hosting import policy_text  # here: hosting.py imports this module

    return policy_text(directives)


def connect_sources(config: dict) -> list[str]:
    """The origins the app talks to for sign-in and for the repository: the only hosts
    the admin page's Content-Security-Policy adds."""
    settings = config.get("backend", {})
    default_api = {"github": "https://api.github.com", "gitlab": "https://gitlab.com"}
    origins = set()
    for address in (
        settings.get("api_root") or default_api.get(settings.get("name", ""), ""),
        settings.get("base_url", ""),
    ):
        parts = urlsplit(address)
        if parts.scheme == "https" and parts.netloc:
            origins.add(f"https://{parts.netloc}")
    return sorted(origins)
