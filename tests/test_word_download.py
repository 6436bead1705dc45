"""The Word downloads of the bundled templates: documents a buyer can work in."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import docx
import pytest

from generator.pipeline import Pipeline
from generator.project import Project
from generator.tender_document import tender_document
from generator.word_export import word_document

from .conftest import ROOT
from .word_reading import criteria, fields, paragraphs


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    kb = Pipeline(Project.at(ROOT)).check().kb
    return {t.id: word_document(tender_document(kb, t)) for t in kb.of_kind("template")}


def test_word_shows_the_text_not_its_markdown(documents):
    for name, data in documents.items():
        document = docx.Document(io.BytesIO(data))
        for _, text in paragraphs(document):
            assert "**" not in text, (name, text)
            assert "](" not in text, (name, text)
            assert not text.startswith("- "), (name, text)
        styles = {style for style, _ in paragraphs(document)}
        assert {"Title", "Heading 1", "Heading 2", "List Bullet"} <= styles, name


def test_word_files_have_their_properties_and_header_rows(documents):
    for name, data in documents.items():
        document = docx.Document(io.BytesIO(data))
        assert document.core_properties.title
        assert document.core_properties.language == "en"
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert "<w:tblHeader/>" in body, name  # parameter tables repeat their headings


def test_libreoffice_converts_every_word_file_without_error(documents, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice is missing: run `make test`, which installs it"
    for name, data in documents.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
    done = subprocess.run(
        [office, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), *sorted(tmp_path.glob("*.docx"))],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    for name in documents:
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), name
        assert pdf.stat().st_size > 10_000, name


def test_the_core_download_holds_exactly_the_core_criteria():
    kb = Pipeline(Project.at(ROOT)).check().kb
    for template in kb.of_kind("template"):
        core = docx.Document(io.BytesIO(word_document(tender_document(kb, template, ("core",)))))
        expected = {c["id"] for c in template.criteria if c["ambition"] == "core"}
        assert set(criteria(core)) == expected, template.id


def test_criteria_and_their_values_are_tagged_content_controls(documents):
    """The page makes a buyer's selection from these tags (bbkb-selection.js)."""
    kb = Pipeline(Project.at(ROOT)).check().kb
    for template in kb.of_kind("template"):
        data = documents[template.id]
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        document = docx.Document(io.BytesIO(data))
        for section in tender_document(kb, template).sections:
            assert f'<w:tag w:val="section:{section.kind}"/>' in body
            for criterion in section.criteria:
                assert f'<w:tag w:val="criterion:{criterion.id}"/>' in body
                for slot in criterion.slots:
                    tag = f"parameter:{criterion.id}:{slot.number}"
                    assert fields(document)[tag] == slot.default, tag
        # a value is a plain-text field, so that Word lets the buyer change it
        assert body.count("<w:text/>") == len(fields(document))
        assert "[30] %" not in body  # the brackets stay outside the field
