"""Files a static host reads: `_headers` with a strict Content-Security-Policy and cache rules,
and `_redirects`, which gives an unknown address below a language's folder that language's
404 page.

Both formats are Netlify's; Cloudflare Pages reads `_headers` and finds the nearest 404.html
by itself. The policy allows no third-party origin; the few inline scripts Material needs are
allowed by their SHA-256 hashes, computed here from the built pages.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from . import paths
from .cms import admin_policy

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
_FINGERPRINT = re.compile(r"[.\-_][0-9a-f]{8,}\.")
# Pagefind names every file in these folders after its content.
HASHED_FOLDERS = ("pagefind/fragment", "pagefind/index", "pagefind/filter")

# Media types hosts may not know for the open data (open_data.py): the DCAT-AP catalogue, the
# CSV tables and the Atom feeds, which would otherwise go out as plain or generic XML.
MEDIA_TYPES = {".jsonld": "application/ld+json", ".csv": "text/csv; charset=utf-8"}
FEED_TYPE = "application/atom+xml; charset=utf-8"

SHORT_CACHE = "public, max-age=300, must-revalidate"
LONG_CACHE = "public, max-age=31536000, immutable"

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=(), "
    "interest-cohort=()",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def inline_script_hashes(site: Path) -> list[str]:
    """'sha256-...' of every inline script that runs (JSON data blocks do not)."""
    hashes = set()
    for page in site.rglob("*.html"):
        for match in _INLINE_SCRIPT.finditer(page.read_text(encoding="utf-8")):
            attrs = match.group("attrs")
            if "src=" in attrs:
                continue
            kind = re.search(r'type="([^"]+)"', attrs)
            if kind and kind.group(1) not in ("text/javascript", "module"):
                continue
            digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
            hashes.add("'sha256-" + base64.b64encode(digest).decode() + "'")
    return sorted(hashes)


def content_security_policy(script_hashes: list[str]) -> str:
    directives = {
        "default-src": ["'self'"],
        # WebAssembly runs the search index; 'wasm-unsafe-eval' allows only that, not eval().
        "script-src": ["'self'", "'wasm-unsafe-eval'", *script_hashes],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return policy_text(directives)


def policy_text(directives: dict[str, list[str]]) -> str:
    """A Content-Security-Policy header value from its directives, in their order."""
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def header_rules(site: Path) -> list[tuple[str, dict[str, str]]]:
    """(path pattern, headers) in order; a later matching rule overrides an earlier header."""
    rules: list[tuple[str, dict[str, str]]] = [
        (
            "/*",
            {
                "Content-Security-Policy": content_security_policy(inline_script_hashes(site)),
                **SECURITY_HEADERS,
                "Cache-Control": SHORT_CACHE,  # pages, search entry points, unversioned assets
            },
        )
    ]
    admin = site / paths.ADMIN_FOLDER
    if admin.is_dir():  # the editing app: its own policy (cms.py), for its folder only
        policy = {
            "Content-Security-Policy": admin_policy(admin),
            # Sign-in opens the host's page in a window that reports back to this one.
            "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
        }
        rules.append((f"/{paths.ADMIN_FOLDER}/*", policy))
    for folder in HASHED_FOLDERS:
        if (site / folder).is_dir():
            rules.append((f"/{folder}/*", {"Cache-Control": LONG_CACHE}))
    # Each language's site has its feeds: /feeds/, /fr/feeds/, ...
    for language in ["", *(f"{folder}/" for folder in language_folders(site))]:
        if (site / language / paths.FEEDS_FOLDER).is_dir():
            rules.append((f"/{language}{paths.FEEDS_FOLDER}/*", {"Content-Type": FEED_TYPE}))
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.suffix in MEDIA_TYPES and path.is_file():
            rules.append((f"/{relative}", {"Content-Type": MEDIA_TYPES[path.suffix]}))
        elif (
            path.is_file()
            and _FINGERPRINT.search(path.name)
            and path.suffix != ".html"
            and not relative.startswith(HASHED_FOLDERS)
        ):
            rules.append((f"/{relative}", {"Cache-Control": LONG_CACHE}))
    return rules


def language_folders(site: Path) -> list[str]:
    """The folders of the languages published below the first one's site: ["fr", ...]."""
    return sorted(
        folder.name
        for folder in site.iterdir()
        if re.fullmatch(r"[a-z]{2}", folder.name) and (folder / "index.html").is_file()
    )


def redirects_file(site: Path) -> str:
    """Netlify's rules: a missing file below /fr/ answers with /fr/404.html, status 404 (a
    rule applies only where no file exists). The root 404.html serves every other address."""
    lines = [
        "# For Netlify and hosts that read _redirects: each language's own page for unknown",
        "# addresses. Written by `bbkb build`; see README, Publishing.",
    ]
    for language in language_folders(site):
        if (site / language / "404.html").is_file():
            lines.append(f"/{language}/*  /{language}/404.html  404")
    return "\n".join(lines) + "\n"


def headers_file(site: Path) -> str:
    lines = [
        "# Headers for Netlify, Cloudflare Pages and other hosts that read _headers.",
        "# Written by `bbkb build`; see README, Publishing, for nginx and S3.",
    ]
    for pattern, headers in header_rules(site):
        lines.append(pattern)
        lines.extend(f"  {name}: {value}" for name, value in headers.items())
    return "\n".join(lines) + "\n"


def write_hosting_files(site: Path) -> None:
    (site / "_headers").write_text(headers_file(site), encoding="utf-8")
    (site / "_redirects").write_text(redirects_file(site), encoding="utf-8")
