"""A buyer's own selection on a tender template page: the ambition level, single criteria and
the bracketed values, kept in the page address, copied as text and downloaded as a Word file
that the page makes from the build's full document (bbkb-selection.js)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import docx
import pytest

from ..word_reading import criteria, criterion_blocks, facts, fields, paragraphs
from ..word_validation import ooxml_errors
from .conftest import Tab, _new_tab, axe_violations

pytestmark = pytest.mark.browser

NEW_VALUE = "42 (set by the test)"
# Replaces the clipboard with a record of what the page writes to it.
CATCH_CLIPBOARD = """() => {
  window.copied = null;
  navigator.clipboard.writeText = async (text) => { window.copied = text; };
}"""


@dataclass
class Made:
    url: str  # the page address after the choices
    path: Path  # the downloaded Word file
    chosen: list[str]  # criterion ids, in page order
    unticked: str
    comprehensive: list[str]
    tag: str  # the changed value's field: parameter:<id>:<n>
    text: str  # what "Copy as text" put on the clipboard
    core_download: Path  # the build's file of the core criteria of the same template
    out_of_level: dict  # a comprehensive criterion's box at the core level, as the page has it


def _template_page(built_site) -> str:
    """A template with comprehensive criteria, so that switching the level changes something."""
    for template in built_site.record_ids("template"):
        page = built_site.site / built_site.record_page("template", template).path / "index.html"
        if 'data-ambition="comprehensive"' in page.read_text():
            return built_site.record_page("template", template).path
    pytest.fail("no bundled template has comprehensive criteria")


def _boxes(page) -> list[dict]:
    return page.eval_on_selector_all(
        ".bb-pick input",
        "boxes => boxes.map(b => ({id: b.dataset.criterion, ambition: b.dataset.ambition,"
        " slots: b.closest('.bb-criterion').querySelectorAll('.bb-values input').length}))",
    )


@pytest.fixture(scope="module")
def made(_kept_tab, built_site, tmp_path_factory) -> Made:
    """Untick one criterion, switch to the core level, change a value; copy and download."""
    tab = _kept_tab.fresh()
    tab.open(_template_page(built_site))
    page = tab.page
    page.get_by_role("heading", name="Make your own selection").wait_for()
    boxes = _boxes(page)
    core = [b for b in boxes if b["ambition"] == "core"]
    unticked = core[0]["id"]
    page.get_by_label(f"Include {unticked} in my selection").uncheck()
    page.get_by_role("radio", name="Core criteria only").check()
    out = next(b["id"] for b in boxes if b["ambition"] != "core")
    out_of_level = page.eval_on_selector(
        f'[data-criterion="{out}"]',
        "box => ({checked: box.checked, disabled: box.disabled, description:"
        " document.getElementById(box.getAttribute('aria-describedby'))?.textContent,"
        " visible: !!box.closest('.bb-pick').querySelector('.bb-pick__note:not([hidden])')})",
    )
    target = next(b for b in core[1:] if b["slots"])
    value = page.locator(f"#bb-value-{target['id'].lower()}-1")
    value.fill(NEW_VALUE)
    slot = page.locator(f"#{target['id'].lower()} .bb-criterion__text .bb-slot").first
    assert slot.text_content() == NEW_VALUE  # the criterion's text follows as one types
    page.evaluate(CATCH_CLIPBOARD)
    page.get_by_role("button", name="Copy as text").click()
    page.wait_for_function("() => window.copied !== null")
    text = page.evaluate("() => window.copied")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my selection (.docx)").click()
    path = tmp_path_factory.mktemp("selection") / download.value.suggested_filename
    download.value.save_as(path)
    assert tab.errors() == [], tab.errors()
    assert tab.foreign_requests() == [], tab.foreign_requests()
    return Made(
        page.url,
        path,
        [b["id"] for b in core if b["id"] != unticked],
        unticked,
        [b["id"] for b in boxes if b["ambition"] != "core"],
        f"parameter:{target['id']}:1",
        text,
        _core_download(built_site, page),
        out_of_level,
    )


def _core_download(built_site, page) -> Path:
    """The build's file of the page's core criteria, in the page's language."""
    link = page.locator("a.bb-download").nth(1)
    address = link.evaluate("a => a.href")
    assert address.endswith("-core.docx") and address.startswith(built_site.base_url)
    return built_site.site / address.removeprefix(built_site.base_url)


def test_the_word_file_holds_exactly_the_chosen_criteria_and_values(made):
    document = docx.Document(str(made.path))
    assert made.path.name.endswith("-selection.docx")
    assert criteria(document) == made.chosen
    assert made.unticked not in criteria(document)
    assert not set(made.comprehensive) & set(criteria(document))
    assert fields(document)[made.tag] == NEW_VALUE
    assert all(tag.split(":")[1] in made.chosen for tag in fields(document))
    # no section heading is left without criteria under it
    styles = [style for style, _ in paragraphs(document)]
    for index, style in enumerate(styles):
        if style == "Heading 1" and index + 1 < len(styles):
            assert styles[index + 1] != "Heading 1", paragraphs(document)[index]
    assert document.core_properties.title  # the build's document, properties included


def test_the_copied_address_restores_the_selection(made, tab: Tab):
    query = parse_qs(urlsplit(made.url).query)
    assert query["level"] == ["core"] and query["off"] == [made.unticked]
    tab.page.goto(made.url)
    page = tab.page
    page.get_by_role("heading", name="Make your own selection").wait_for()
    assert page.get_by_role("radio", name="Core criteria only").is_checked()
    assert not page.get_by_label(f"Include {made.unticked} in my selection").is_checked()
    criterion_id, number = made.tag.split(":")[1:]
    assert page.locator(f"#bb-value-{criterion_id.lower()}-{number}").input_value() == NEW_VALUE
    slot = page.locator(f"#{criterion_id.lower()} .bb-slot[data-slot='{number}']")
    assert slot.text_content() == NEW_VALUE
    summary = page.locator(".bb-selection__summary").text_content()
    assert summary.startswith(f"{len(made.chosen)} of ") and made.unticked not in summary
    assert tab.errors() == []


def test_copy_as_text_gives_the_criteria_and_values_of_the_word_file(made):
    document = docx.Document(str(made.path))
    headings = [t for style, t in paragraphs(document) if style == "Heading 2"]
    lines = made.text.splitlines()
    every = {*made.chosen, *made.comprehensive, made.unticked}
    copied = [line for line in lines if line.split(" ", 1)[0] in every]
    assert copied == headings  # the same criteria, in the same order, with the same titles
    for tag, value in fields(document).items():
        assert f"[{value}]" in made.text, tag
    assert made.unticked not in made.text.split("\n", 2)[2]


def test_copy_as_text_holds_what_the_word_file_holds_of_each_criterion(made):
    """Block by block, what each criterion's control in the Word file holds: its id and title,
    kind and level, its text with the values, each parameter with its suggested value, note
    and basis, why, how to verify, the review date and the sources."""
    document = docx.Document(str(made.path))
    lines = [" ".join(line.split()) for line in made.text.splitlines()]
    blocks = criterion_blocks(document)
    assert list(blocks) == made.chosen
    for criterion_id, word in blocks.items():
        start = next(i for i, line in enumerate(lines) if line.split(" ", 1)[0] == criterion_id)
        end = lines.index("", start) if "" in lines[start:] else len(lines)
        text = lines[start:end]
        assert len(text) == len(word), (criterion_id, text, word)
        for line, block in zip(text, word, strict=True):
            if "\t" in block:  # a parameter: its name, value, note and basis on one line
                assert line.startswith("·"), (line, block)
                for cell in filter(None, (" ".join(c.split()) for c in block.split("\t"))):
                    assert cell in line, (cell, line)
            else:  # a paragraph, or a list item with its mark
                assert re.sub(r"^(- |\d+\. )", "", line) == " ".join(block.split()) or (
                    line == " ".join(block.split())
                ), (line, block)
    assert any("Why." in line for line in lines) and any("How to verify." in line for line in lines)


def test_the_word_file_made_at_the_core_level_says_so_as_the_core_download_does(made):
    """The page sets the fact the build writes in its core file, in the same words."""
    made_facts = facts(docx.Document(str(made.path)))
    assert made_facts == facts(docx.Document(str(made.core_download)))
    levels = next(row for row in made_facts if row[1] == "Core criteria only")
    assert f"{levels[0]}: {levels[1]}" in made.text.splitlines()[:3]  # and so does the text


def test_a_criterion_outside_the_level_is_unticked_and_says_why(made):
    """At the core level a comprehensive criterion's box is off and disabled, and a visible
    note, which is also the box's description for screen readers, says why."""
    assert made.out_of_level == {
        "checked": False,
        "disabled": True,
        "description": "Not in your selection: you chose core criteria only.",
        "visible": True,
    }


def test_the_buyers_ticks_come_back_with_the_level(tab, built_site):
    tab.open(_template_page(built_site))
    page = tab.page
    page.get_by_role("heading", name="Make your own selection").wait_for()
    out = next(b["id"] for b in _boxes(page) if b["ambition"] != "core")
    box = page.get_by_label(f"Include {out} in my selection")
    page.get_by_role("radio", name="Core criteria only").check()
    assert not box.is_checked() and box.is_disabled()
    assert "off=" not in page.url  # left out by the level, not unticked
    page.get_by_role("radio", name="Core and comprehensive criteria").check()
    assert box.is_checked() and box.is_enabled()
    assert box.get_attribute("aria-describedby") is None
    assert not page.locator(f"#bb-pick-note-{out.lower()}").is_visible()
    assert tab.errors() == []


def test_the_word_file_the_page_made_validates(made, openxml_validator):
    """The page's edits (criteria and sections removed, values set, the XML written again by
    the browser) leave a file Word opens without offering a repair."""
    assert ooxml_errors(openxml_validator, made.path) == []


def test_libreoffice_opens_the_word_file_the_page_made(made, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice is missing: run `make test`, which installs it"
    shutil.copy(made.path, tmp_path / "selection.docx")
    done = subprocess.run(
        [office, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "selection.docx")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = tmp_path / "selection.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_a_page_with_criteria_left_out_meets_wcag_21_aa(made, tab: Tab, axe_script):
    """Criteria outside the selection look different (and their boxes are disabled at the
    core level): axe-core checks that state too, not only the page as it loads."""
    tab.page.goto(made.url)
    tab.page.get_by_role("heading", name="Make your own selection").wait_for()
    violations = axe_violations(tab, axe_script)
    assert not violations, "\n".join(violations)


def _tab_to(page, selector: str, backwards: bool = False, limit: int = 400) -> None:
    """Presses Tab (or Shift+Tab) until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    pytest.fail(f"the keyboard never reached {selector}")


def test_every_control_works_with_the_keyboard_alone(tab, built_site):
    tab.open(_template_page(built_site))
    page = tab.page
    page.get_by_role("heading", name="Make your own selection").wait_for()
    first = _boxes(page)[0]["id"]
    with_values = next(b["id"] for b in _boxes(page)[1:] if b["slots"] and b["ambition"] == "core")
    _tab_to(page, 'input[name="bb-level"]')
    page.keyboard.press("ArrowLeft")  # from "core and comprehensive" to "core only"
    assert page.get_by_role("radio", name="Core criteria only").is_checked()
    _tab_to(page, f'[data-criterion="{first}"]')
    page.keyboard.press("Space")
    assert not page.get_by_label(f"Include {first} in my selection").is_checked()
    _tab_to(page, f"#bb-value-{with_values.lower()}-1")
    page.keyboard.press("Control+A")
    page.keyboard.type("77")
    assert "=77" in page.url
    _tab_to(page, '[data-action="copy"]', backwards=True)
    page.evaluate(CATCH_CLIPBOARD)
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.copied !== null")
    assert "[77]" in page.evaluate("() => window.copied")
    _tab_to(page, '[data-action="docx"]', backwards=True)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith("-selection.docx")
    _tab_to(page, '[data-action="reset"]')
    page.keyboard.press("Enter")
    assert page.get_by_role("radio", name="Core and comprehensive criteria").is_checked()
    assert "level=" not in page.url and "off=" not in page.url
    assert tab.errors() == []


def test_the_selection_works_under_the_sites_own_headers(
    browser, built_site, strict_server, openxml_validator
):
    """Served with site/_headers (the strict Content-Security-Policy), the zip library loads
    and the Word file is made."""
    with _new_tab(browser, strict_server.base_url) as tab:
        tab.open(_template_page(built_site))
        page = tab.page
        first = _boxes(page)[0]["id"]
        page.get_by_label(f"Include {first} in my selection").uncheck()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download my selection (.docx)").click()
        path = Path(download.value.path())
        assert first not in criteria(docx.Document(str(path)))
        assert ooxml_errors(openxml_validator, path) == []  # every level, one criterion out
        assert tab.errors() == [], tab.errors()
        assert tab.foreign_requests() == []


def test_the_french_page_makes_its_selection_in_french(tab: Tab, built_site, openxml_validator):
    tab.open("fr/" + _template_page(built_site))
    page = tab.page
    page.get_by_role("heading", name="Composer votre sélection").wait_for()
    page.get_by_role("radio", name="Critères de base uniquement").check()
    summary = page.locator(".bb-selection__summary").text_content()
    assert "dans votre sélection" in summary
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger ma sélection (.docx)").click()
    document = docx.Document(download.value.path())
    assert ooxml_errors(openxml_validator, download.value.path()) == []
    assert document.core_properties.language == "fr"
    core = docx.Document(str(_core_download(built_site, page)))
    assert ("Niveaux d’ambition", "Critères de base uniquement") in facts(core)
    assert facts(document) == facts(core)
    assert tab.errors() == []
