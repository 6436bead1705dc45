"""Even content that skipped the check can never put markup or script on a page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from markupsafe import Markup

from generator import render
from generator.knowledge_base import KnowledgeBase
from generator.pipeline import Pipeline
from generator.project import Project
from generator.render import Renderer
from generator.values import LocalText

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click]( JavaScript:alert(1) )",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "</div><script>alert(1)</script>",
    '" onmouseover="alert(1)',
]


class ActiveContent(HTMLParser):
    """Collects what a browser would execute: script elements, event handlers, script URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE)
            ):
                self.found.append(f"{tag} {name}={value}")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


def render_html(kb: KnowledgeBase) -> list[str]:
    pages = []
    for page in Renderer(kb).pages():
        body = page.text.split("\n---\n", 1)[-1]
        pages.append(
            markdown.markdown(
                body, extensions=["attr_list", "def_list", "md_in_html", "tables", "admonition"]
            )
        )
    return pages


def poison(value, text: str):
    if isinstance(value, LocalText):
        return LocalText((("en", text),))
    if isinstance(value, str) and not re.fullmatch(r"[a-z0-9-]+|https?://\S+|[A-Z0-9-]+", value):
        return text
    if isinstance(value, dict):
        for key in value:
            value[key] = poison(value[key], text)
        return value
    if isinstance(value, list):
        return [poison(item, text) for item in value]
    return value


@pytest.mark.parametrize("attack", HOSTILE)
def test_hostile_text_in_every_field_stays_text(project, attack):
    result = Pipeline(Project.at(project)).check()
    assert result.ok
    for record in result.kb.records:
        for key in list(record.data):
            if key not in ("id",):
                record.data[key] = poison(record.data[key], attack)
    kb = KnowledgeBase(result.kb.records, result.kb.pages)
    for html in render_html(kb):
        assert active_content(html) == []


def test_plain_text_is_shown_as_written(project):
    result = Pipeline(Project.at(project)).check()
    oslo = result.kb.by_id["city-of-oslo"]
    oslo.data["name"] = LocalText((("en", "Oslo *kommune* [x](y) <b>"),))
    html = next(
        h
        for h, p in zip(render_html(result.kb), Renderer(result.kb).pages(), strict=True)
        if p.path == "organisations/city-of-oslo.md"
    )
    assert "Oslo *kommune* [x](y) &lt;b&gt;" in html


def test_every_template_escapes_what_it_prints_through_the_renderers_escape():
    """The renderer gives Jinja's compiled templates a faster escape (render._escape): this
    fails when Jinja's compiled code no longer calls it by the name the renderer replaces,
    and the pages would be escaped, more slowly, by Jinja's own."""
    env = render._environment()
    for name in env.list_templates(extensions=["j2"]):
        template = env.get_template(name)
        namespace = template.root_render_func.__globals__
        functions = [template.root_render_func, *template.blocks.values()]
        functions += [f for f in namespace.values() if callable(getattr(f, "__code__", None))]
        used = {n for f in functions for n in _names_in(f.__code__)}
        assert namespace["escape"] is render._escape, name
        if "{{" in env.loader.get_source(env, name)[0]:
            assert "escape" in used, name


def _names_in(code) -> set[str]:
    names = set(code.co_names)
    for constant in code.co_consts:
        if hasattr(constant, "co_names"):
            names |= _names_in(constant)
    return names


def test_the_renderers_escape_escapes_text_and_keeps_markup():
    assert render._escape("<b>&") == "&lt;b&gt;&amp;"
    assert render._escape(Markup("<b>")) == Markup("<b>")
    assert render._escape(5) == "5"


def test_interface_strings_are_formatted_like_jinjas_and_escape_their_values():
    """Templates' _(): a translated string is trusted, the values put into it are not, and
    "%%" is a percent sign whether or not values are given (Jinja's newstyle gettext)."""
    assert render._template_gettext("100%% of buyers") == "100% of buyers"
    assert render._template_gettext("%(name)s signed", name="<b>A & B</b>") == (
        "&lt;b&gt;A &amp; B&lt;/b&gt; signed"
    )
