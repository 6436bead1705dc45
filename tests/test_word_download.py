"""The Word downloads of the bundled templates: documents a buyer can work in."""

from __future__ import annotations

import io
import re
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
from .word_reading import criteria, facts, fields, paragraphs
from .word_validation import ooxml_errors


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


def test_word_files_validate_against_the_ooxml_schema(documents, openxml_validator, tmp_path):
    for name, data in documents.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
        assert ooxml_errors(openxml_validator, tmp_path / f"{name}.docx") == [], name


def _rewritten(data: bytes, change) -> bytes:
    """The Word file with its body passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            part = source.read(name)
            if name == "word/document.xml":
                part = change(part.decode()).encode()
            target.writestr(name, part)
    return out.getvalue()


@pytest.mark.parametrize(
    "change, wrong",
    [
        # bold after italic: w:rPr is a sequence, and Word wants its elements in order
        (lambda xml: xml.replace("<w:rPr><w:b/></w:rPr>", "<w:rPr><w:i/><w:b/></w:rPr>", 1),
         "'b'"),
        # the paragraph's properties after its text
        (lambda xml: re.sub(r"<w:p><w:pPr>(.*?)</w:pPr>(<w:r>.*?</w:r>)",
                            r"<w:p>\2<w:pPr>\1</w:pPr>", xml, count=1), "'pPr'"),
        # a content control with two contents
        (lambda xml: xml.replace("<w:sdtContent>", "<w:sdtContent/><w:sdtContent>", 1),
         "'sdtContent'"),
        # an element content control properties cannot hold
        (lambda xml: xml.replace("<w:tag ", "<w:caption/><w:tag ", 1), "'caption'"),
    ],
    ids=["run-properties-order", "paragraph-properties-last", "two-contents", "unknown-property"],
)  # fmt: skip
def test_the_validation_finds_a_broken_word_file(documents, openxml_validator, tmp_path,
                                                 change, wrong):  # fmt: skip
    """The schema test above cannot pass by validating nothing: the same file, broken the way
    a slip in word_export.py or the page's script would break it, fails."""
    data = next(iter(documents.values()))
    broken = _rewritten(data, change)
    assert broken != data
    (tmp_path / "broken.docx").write_bytes(broken)
    errors = ooxml_errors(openxml_validator, tmp_path / "broken.docx")
    assert any("/word/document.xml" in e and wrong in e for e in errors), errors


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


def test_each_file_says_which_ambition_levels_it_holds_in_a_tagged_control():
    """The page sets that control when a buyer makes their own selection (bbkb-selection.js),
    in the words of the level they chose, which are these."""
    kb = Pipeline(Project.at(ROOT)).check().kb
    template = next(iter(kb.of_kind("template")))
    for levels, said in (
        (None, "Core and comprehensive criteria"),
        (("core",), "Core criteria only"),
    ):
        data = word_document(tender_document(kb, template, levels))
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert ("Ambition levels", said) in facts(docx.Document(io.BytesIO(data)))
        assert (
            f'<w:tag w:val="levels"/></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve">{said}<'
            in body
        )


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


def test_each_word_file_is_the_archive_zipfile_writes_for_its_parts(documents):
    """The Word files are assembled from parts zipped once (zip_archive.py): each must be,
    byte for byte, the archive Python's zipfile writes for the same parts, so that every
    reader opens it as it opens any zip."""
    for data in documents.values():
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = [(info.filename, source.read(info)) for info in source.infolist()]
        again = io.BytesIO()
        with zipfile.ZipFile(again, "w") as target:
            for name, part in parts:
                entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(entry, part)
        assert data == again.getvalue()
