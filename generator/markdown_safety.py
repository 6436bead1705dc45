"""What makes record text safe to hand to a Markdown engine.

Records may use Markdown, never HTML; links may only lead to the web or to an e-mail address.
The same rules serve the check (which reports them) and the renderer (which defuses them,
in case a page is ever rendered from unchecked input).
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup

SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
HTML_TAG = re.compile(r"<\s*[a-zA-Z!/?]")
# [text](target), [text]: target and <target> forms all carry a link target.
_LINK_TARGETS = re.compile(
    r"\]\(\s*<?\s*(?P<inline>[^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(?P<ref>\S+?)>?(?:\s|$)",
    re.MULTILINE,
)
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:")
# Characters Python-Markdown treats as syntax inside a line of plain text.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+!|])")


def unsafe_link_targets(text: str) -> list[str]:
    found = []
    for match in _LINK_TARGETS.finditer(text):
        target = match.group("inline") or match.group("ref") or ""
        scheme = _SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in SAFE_LINK_SCHEMES:
            found.append(target)
    return found


def markdown_text(text: str) -> Markup:
    """Record Markdown, with any HTML shown as text and unsafe links made inert."""
    safe = str(text).replace("&", "&amp;").replace("<", "&lt;")
    for target in unsafe_link_targets(safe):
        safe = safe.replace(target, "#unsafe-link-removed")
    return Markup(safe)


def plain_text(text: str) -> Markup:
    """Plain text placed in Markdown: shown exactly as written, never as markup. Quotes stay
    as they are (Markdown text is no attribute): an escaped apostrophe would show as
    &#39; in the table of contents, which escapes heading text again."""
    return _plain_text(str(text))


@functools.lru_cache(maxsize=65536)  # labels, names and titles recur on many pages
def _plain_text(text: str) -> Markup:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MARKDOWN_SYNTAX.sub(r"\\\1", escaped))
