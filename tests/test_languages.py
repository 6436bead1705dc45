"""Languages: every page in every language, the interface in the page's language, English only
where marked so, and a third language added with its catalogue alone."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator import i18n, mkdocs_engine, paths
from generator.catalogue import extract, untranslated
from generator.pipeline import Pipeline
from generator.project import Project
from generator.render import Renderer
from generator.values import writing_in

from .conftest import ROOT, run_bbkb

LANGUAGES = mkdocs_engine.site(Project.at(ROOT)).languages
# Not pages of a language's site: the theme's files, the search index, and the editing app,
# in English (the language records are written in first), like the JSON Schemas.
SKIPPED = ("assets/", "pagefind/", "admin/")


def _pages(site: Path, language: str) -> dict[str, Path]:
    """Pages of one language's site, by their path in it."""
    root = site / paths.localised("", language)
    others = {code for code in LANGUAGES if code != language and code != LANGUAGES[0]}
    found = {}
    for page in sorted(root.rglob("*.html")):
        relative = page.relative_to(root).as_posix()
        if relative.startswith(SKIPPED) or relative.split("/", 1)[0] in others:
            continue
        found[relative] = page
    return found


def test_languages_other_than_english_are_listed():
    assert LANGUAGES[0] == "en" and "fr" in LANGUAGES


def test_every_page_exists_in_every_language_with_its_html_lang(built_fixture):
    site = built_fixture / "site"
    english = _pages(site, "en")
    assert len(english) > 20
    for language in LANGUAGES:
        pages = _pages(site, language)
        assert set(pages) == set(english), language
        for relative, page in pages.items():
            head = page.read_text(encoding="utf-8")[:300]
            assert f'<html lang="{language}"' in head, f"{language}: {relative}"


def test_every_page_names_its_other_languages_in_its_head_and_in_the_sitemap(built_fixture):
    site = built_fixture / "site"
    address = mkdocs_engine.site(Project.at(built_fixture)).address
    page = (site / "fr/outcomes/recycled-asphalt/index.html").read_text(encoding="utf-8")
    for language in LANGUAGES:
        expected = address + paths.localised("outcomes/recycled-asphalt/", language)
        assert f'<link rel="alternate" hreflang="{language}" href="{expected}">' in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        f'<xhtml:link rel="alternate" hreflang="fr" href="{address}fr/outcomes/'
        'recycled-asphalt/"/>' in sitemap
    )
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {address}fr/sitemap.xml" in robots


class _Reader(HTMLParser):
    """What a reader sees of a page: its text and the names of its controls, each with
    whether an element marks it as English (lang="en")."""

    HIDDEN = {"script", "style", "template"}
    NAMES = ("aria-label", "title", "placeholder", "alt")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, lang)
        self.seen: list[tuple[str, bool]] = []

    def _english(self) -> bool:
        langs = [lang for _, lang in self.stack if lang]
        return bool(langs) and langs[-1] == "en"

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag not in self.VOID:
            self.stack.append((tag, values.get("lang")))
        english = self._english() or values.get("lang") == "en"
        for name in self.NAMES:
            if values.get(name):
                self.seen.append((" ".join(values[name].split()), english))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if any(tag in self.HIDDEN for tag, _ in self.stack):
            return
        text = " ".join(data.split())
        if text:
            self.seen.append((text, self._english()))


def _english_interface_strings(language: str) -> set[str]:
    """Every interface string whose translation into `language` differs from the English."""
    found = set()
    with writing_in(language):
        for message in extract():
            if not isinstance(message.id, str) or not message.id:
                continue
            english = message.id
            if re.search(r"%\(\w+\)s|\{\w+\}", english) or i18n.gettext(english) == english:
                continue
            found.add(" ".join(english.split()))
    return found


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_pages_in_another_language_show_no_english_interface_string(built_fixture, language):
    """Record text may be in English where it has no translation, marked lang="en"; the
    interface (headings, labels, vocabularies, footer, search) never is."""
    english = _english_interface_strings(language)
    assert {"Lessons learnt", "Period", "Accessibility statement"} <= english
    long_ones = [s for s in english if len(s) >= 25]
    problems = []
    for relative, page in _pages(built_fixture / "site", language).items():
        reader = _Reader()
        reader.feed(page.read_text(encoding="utf-8"))
        shown = [text for text, is_english in reader.seen if not is_english]
        found = sorted({text for text in shown if text in english})
        page_text = " ".join(shown)
        found += sorted(s for s in long_ones if s in page_text and s not in found)
        problems += [f"{language}/{relative}: {text!r}" for text in found]
    assert not problems, "\n".join(problems[:40])


def test_text_without_a_translation_is_marked_as_english_and_announced(built_fixture):
    page = (built_fixture / "site/fr/outcomes/recycled-asphalt/index.html").read_text("utf-8")
    assert "<h1" in page and "Asphalte recyclé" in page  # translated
    assert '<span lang="en">Asphalt uses bitumen and energy.</span>' in page  # not yet
    with writing_in("fr"):
        assert i18n.gettext("Not yet translated: parts of this page are shown in English.") in (
            page
        )


def test_a_translation_older_than_its_english_is_announced_on_the_page(project):
    record = project / "content/outcomes/recycled-asphalt.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("{en: Buyers agreed", "{en: The buyers agreed"), "utf-8")
    kb = Pipeline(Project.at(project)).check().kb
    with writing_in("fr"):
        page = Renderer(kb, changed={}).record_page(kb.by_id["recycled-asphalt"]).text
        outdated = i18n.gettext(
            "The English text changed after parts of this page were translated: the "
            "translation may be out of date."
        )
    assert outdated in page
    assert "Les acheteurs se sont accordés" in page  # the translation is still shown


GERMAN = """\
msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Home"
msgstr "Startseite"

msgid "Not yet translated: parts of this page are shown in English."
msgstr "Noch nicht übersetzt: Teile dieser Seite werden auf Englisch angezeigt."
"""


@pytest.fixture
def german_catalogue(tmp_path, monkeypatch):
    """The shipped catalogues and a German one, as a translator would add it."""
    locales = tmp_path / "locales"
    locales.mkdir()
    for po in i18n.LOCALES.glob("*.po"):
        (locales / po.name).write_bytes(po.read_bytes())
    (locales / "de.po").write_text(GERMAN, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", locales)
    i18n._catalogue.cache_clear()
    yield
    i18n._catalogue.cache_clear()


def test_a_third_language_needs_one_line_and_its_catalogue(project, german_catalogue):
    settings = project / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    assert "languages: [en, fr]" in text
    settings.write_text(text.replace("languages: [en, fr]", "languages: [en, fr, de]"), "utf-8")
    done = run_bbkb(project, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    site = project / "site"
    home = (site / "de/index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in home and "Startseite" in home
    kb = Pipeline(Project.at(project)).check().kb
    for record in kb.records:
        page = (site / "de" / record.url / "index.html").read_text(encoding="utf-8")
        untranslated, _ = record.untranslated("de")
        assert untranslated == ("Noch nicht übersetzt" in page), record.id
        if record.kind.name != "organisation":  # only a name, right as written
            assert untranslated, record.id


def test_a_language_without_its_catalogue_is_refused_with_what_to_do(project):
    settings = project / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("languages: [en, fr]", "languages: [en, fr, pt]"), "utf-8")
    done = run_bbkb(project, "build")
    assert done.returncode == 1
    assert (
        "mkdocs.yml: extra.languages: pt has no interface translations; run `bbkb "
        "translations`, then translate generator/locales/pt.po" in done.stderr
    )
    assert not (project / "site").exists()


# --- the catalogue -------------------------------------------------------------------------
def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def test_the_catalogue_template_holds_every_interface_string_of_the_code():
    """`bbkb translations` was run after the last change to an interface string."""
    with open(i18n.TEMPLATE_CATALOGUE, "rb") as file:
        committed = read_po(file)
    assert _ids(committed) == _ids(extract()), "run `bbkb translations` and commit the result"


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_published_language_translates_every_interface_string(language):
    assert untranslated(language) == []


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_translations_keep_their_placeholders_and_hold_no_html(language):
    with open(i18n.catalogue_file(language), "rb") as file:
        catalog = read_po(file, locale=language)
    placeholder = re.compile(r"%\(\w+\)s|\{\w+\}")
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert not re.search(r"<\s*[a-zA-Z/!]", text), (message.id, text)
            assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(source)), (
                message.id,
                text,
            )
