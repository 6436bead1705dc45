"""Tender template downloads work without JavaScript: all criteria, or the core ones."""

from __future__ import annotations

import docx

from ..word_reading import cells, criteria
from ..word_validation import ooxml_errors


def test_both_word_downloads_work_without_javascript(browser, built_site, server, tmp_path):
    template = built_site.record_ids("template")[0]
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(server + f"{built_site.record_page('template', template).path}")
        for controls in (".bb-selection", ".bb-pick", ".bb-values"):  # they need the script
            assert page.locator(controls).count() and not page.locator(controls).first.is_visible()
        files = {}
        for name in ("Download the criteria as a Word document (.docx)",
                     "Core criteria only (.docx)"):  # fmt: skip
            with page.expect_download() as download:
                page.get_by_role("link", name=name).click()
            files[name] = tmp_path / download.value.suggested_filename
            download.value.save_as(files[name])
    finally:
        context.close()
    every = docx.Document(str(files["Download the criteria as a Word document (.docx)"]))
    core = docx.Document(str(files["Core criteria only (.docx)"]))

    assert set(criteria(core)) < set(criteria(every))
    assert "Core criteria only" in cells(core)
    assert "Core and comprehensive criteria" in cells(every)


def test_every_word_download_the_build_writes_validates(built_site, openxml_validator):
    """Both files of every template, in every language (English at the root, French below
    fr/), against the OOXML schema: none makes Word offer a repair."""
    expected = {
        f"{'' if language == built_site.languages[0] else language + '/'}downloads/"
        f"{template}{suffix}.docx"
        for language in built_site.languages
        for template in built_site.content_ids("template")
        for suffix in ("", "-core")
    }
    written = {p.relative_to(built_site.site).as_posix() for p in built_site.site.rglob("*.docx")}
    assert written == expected
    for path in sorted(written):
        assert ooxml_errors(openxml_validator, built_site.site / path) == [], path
