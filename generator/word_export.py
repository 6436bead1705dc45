"""Tender templates as Word documents: buyers adapt criteria in the editor they use.

The document prints the same model as the template's page (tender_document.py). python-docx
builds the package once per build (Word's own styles, numbering, theme); each template then
needs only its own body and properties, written as WordprocessingML and zipped after the
package's parts, which are zipped once (zip_archive.py), so thousands of templates cost
seconds, not minutes. Dates inside and in the archive are fixed, so a build stays
reproducible.

Each section heading, each criterion and each bracketed value of a criterion's text is a Word
content control with a tag (`section:<kind>`, `criterion:<id>`, `parameter:<id>:<n>`), and
so is the fact saying which ambition levels the file holds (`levels`): the values stay
fillable fields in Word, and the template page makes a buyer's own selection from this file
by removing the criteria they left out and setting the values and the levels
(theme/assets/javascripts/bbkb-selection.js), so the document is written here only.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import zipfile
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt

from .markdown_blocks import blocks
from .tender_document import SLOT, Criterion, TenderDocument
from .values import output_language
from .zip_archive import SharedParts

AUTHOR = "Big Buyers knowledge base"
BODY = "word/document.xml"
PROPERTIES = "docProps/core.xml"
# Text width of python-docx's default page (US Letter, 1.25-inch margins), in twentieths of
# a point: table columns share it.
TEXT_WIDTH = 8640
STYLES = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2", "bullet": "List Bullet",
          "number": "List Number", "table": "Table Grid"}  # fmt: skip
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Word 2010's copy of the styles, in python-docx's default package: it lacks four styles of
# styles.xml and has other document defaults, a mismatch Word may report as unreadable
# content. Word 2013 and later no longer write it and build it again when they need it.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# The default package says it was written by "Microsoft Macintosh Word", with the counts of an
# empty page: ours names the product and claims no counts (Word computes them when it saves).
APPLICATION = "docProps/app.xml"
APPLICATION_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    f'extended-properties"><Application>{AUTHOR}</Application><DocSecurity>0</DocSecurity>'
    "</Properties>"
)


@functools.cache
def _package() -> tuple[SharedParts, str, dict[str, str]]:
    """The package without body and properties (zipped once), the body's frame, style ids."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    style_ids = {key: doc.styles[name].style_id for key, name in STYLES.items()}
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            doc.part.drop_rel(rel_id)
    # The default package's picture of a blank page, which file browsers would show as ours.
    for rel_id, rel in list(doc.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            doc.part.package.rels.pop(rel_id)
    raw = io.BytesIO()
    doc.save(raw)
    with zipfile.ZipFile(raw) as source:
        shared = [
            (name, source.read(name))
            for name in source.namelist()
            if name not in (BODY, PROPERTIES, APPLICATION)
        ]
        frame = source.read(BODY).decode("utf-8")
    return SharedParts([*shared, (APPLICATION, APPLICATION_PROPERTIES)]), frame, style_ids


def word_document(document: TenderDocument, language: str | None = None) -> bytes:
    language = language or output_language()
    package, frame, style_ids = _package()
    body = _Body(style_ids)
    _fill(body, document)
    before, after = frame.split("<w:body>", 1)
    xml = f"{before}<w:body>{''.join(body.parts)}{after}"
    return package.with_parts([(BODY, xml), (PROPERTIES, _properties(document, language))])


def _fill(body: _Body, document: TenderDocument) -> None:
    wording = document.wording
    body.paragraph(document.title, style="title")
    body.runs([(f"{wording.notice_title} ", "b"), (wording.notice, "i")])
    body.markdown(document.subject)
    body.table([(label, (value, tag) if tag else value) for label, value, tag in document.facts])
    if document.procedure_notes:
        body.paragraph(wording.procedure, style="h1")
        body.markdown(document.procedure_notes)
    for section in document.sections:
        with body.control(f"section:{section.kind}", section.heading):
            body.paragraph(section.heading, style="h1")
        for criterion in section.criteria:
            with body.control(f"criterion:{criterion.id}", criterion.id):
                _criterion(body, criterion, document)
    body.paragraph(wording.sources, style="h1")
    for url in document.sources:
        body.paragraph(url, style="bullet")


def _criterion(body: _Body, criterion: Criterion, document: TenderDocument) -> None:
    wording = document.wording
    body.paragraph(f"{criterion.id} {criterion.title}", style="h2")
    body.paragraph(f"{criterion.kind_label} · {criterion.ambition_label}")
    body.markdown(criterion.text, slots=criterion)
    if criterion.parameters:
        rows = [
            (
                str(p.name),
                str(p.value),
                str(p.note or ""),
                wording.suggestion if p.suggested else p.basis,
            )
            for p in criterion.parameters
        ]
        body.table(rows, header=wording.parameter_headings)
    for label, text in (
        (wording.why, criterion.rationale),
        (wording.verify, criterion.verification),
    ):
        body.markdown(text, lead=label)
    body.paragraph(f"{criterion.reviewed} · {wording.rests_on} " + ", ".join(criterion.sources))


class _Body:
    """WordprocessingML paragraphs and tables, as python-docx would write them."""

    def __init__(self, style_ids: dict[str, str]):
        self.style_ids = style_ids
        self.parts: list[str] = []

    def paragraph(self, text: str, style: str | None = None) -> None:
        self.runs([(text, "")], style)

    def markdown(self, text, lead: str | None = None, slots: Criterion | None = None) -> None:
        """Record Markdown as paragraphs and list items; `lead` opens the first in bold; with
        `slots`, each bracketed value of the criterion is a plain-text content control."""
        count = iter(slots.slots if slots else ())
        for index, block in enumerate(blocks(str(text))):
            runs = block.runs
            if lead and index == 0:
                runs = [(f"{lead} ", "b"), *runs]
            xml = [_slot_runs(piece, look, slots, count) for piece, look in runs]
            self.parts.append(_paragraph_xml("".join(xml), self._style(block.kind)))

    def _style(self, kind: str) -> str | None:
        return None if kind == "paragraph" else self.style_ids[kind]

    def runs(self, runs: list[tuple[str, str]], style: str | None = None) -> None:
        self.parts.append(_paragraph(runs, self.style_ids[style] if style else None))

    @contextlib.contextmanager
    def control(self, tag: str, alias: str):
        """A block content control around what is written inside the `with`."""
        self.parts.append(f"<w:sdt>{_control_properties(tag, alias)}<w:sdtContent>")
        yield
        self.parts.append("</w:sdtContent></w:sdt>")

    def table(self, rows, header: tuple[str, ...] | None = None) -> None:
        columns = len(header or rows[0])
        width = TEXT_WIDTH // columns
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
        xml = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style_ids["table"]}"/>'
            '<w:tblW w:type="auto" w:w="0"/><w:tblLook w:firstColumn="1" w:firstRow="1" '
            'w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        ]
        for index, row in enumerate([header, *rows] if header else rows):
            repeat = "<w:trPr><w:tblHeader/></w:trPr>" if header and index == 0 else ""
            cells = "".join(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
                f"{_cell(cell, row[0], 'b' if repeat else '')}</w:tc>"
                for cell in row
            )
            xml.append(f"<w:tr>{repeat}{cells}</w:tr>")
        xml.append("</w:tbl>")
        self.parts.append("".join(xml))


def _cell(cell: str | tuple[str, str], label: str, look: str) -> str:
    """A table cell's paragraph; a (text, tag) cell holds its text in a tagged content
    control, named after the row's label."""
    if not isinstance(cell, tuple):
        return _paragraph([(cell, look)])
    text, tag = cell
    control = (
        f"<w:sdt>{_control_properties(tag, label)}<w:sdtContent>{_run(text, look)}"
        "</w:sdtContent></w:sdt>"
    )
    return _paragraph_xml(control)


def _slot_runs(text: str, look: str, criterion: Criterion | None, count) -> str:
    """A run, with each bracketed value of a criterion's text as a field (brackets outside)."""
    if not criterion:
        return _run(text, look) if text else ""
    xml = []
    for index, piece in enumerate(SLOT.split(text)):
        if index % 2 == 0:
            xml.append(_run(piece, look) if piece else "")
        else:
            slot = next(count)
            field = _field(criterion.id, slot.number, slot.label, piece, look)
            xml.append(f"{_run('[', look)}{field}{_run(']', look)}")
    return "".join(xml)


def _paragraph(runs: list[tuple[str, str]], style_id: str | None = None) -> str:
    return _paragraph_xml("".join(_run(text, look) for text, look in runs if text), style_id)


def _paragraph_xml(content: str, style_id: str | None = None) -> str:
    style = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>' if style_id else ""
    return f"<w:p>{style}{content}</w:p>"


def _control_properties(tag: str, alias: str, plain_text: bool = False) -> str:
    alias = escape(_NOT_XML.sub("", alias), {'"': "&quot;"})
    kind = "<w:text/>" if plain_text else ""
    return f'<w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{escape(tag)}"/>{kind}</w:sdtPr>'


def _field(criterion_id: str, number: int, label: str, value: str, look: str) -> str:
    """A value to set, as a plain-text content control: a fillable field in Word."""
    tag = f"parameter:{criterion_id}:{number}"
    value = " ".join(value.split())
    return (
        f"<w:sdt>{_control_properties(tag, label, plain_text=True)}"
        f"<w:sdtContent>{_run(value, look)}</w:sdtContent></w:sdt>"
    )


_RUN_PROPERTIES = {
    "b": "<w:rPr><w:b/></w:rPr>",
    "i": "<w:rPr><w:i/></w:rPr>",
    "bi": "<w:rPr><w:b/><w:i/></w:rPr>",
}


def _run(text: str, look: str) -> str:
    """A run of text; line breaks and tabs become Word's, as python-docx writes them."""
    properties = _RUN_PROPERTIES.get(look, "")
    text = _NOT_XML.sub("", text)
    if "\n" not in text and "\t" not in text:  # most runs: one piece of text or none
        if not text:
            return f"<w:r>{properties}</w:r>"
        if "&" in text or "<" in text or ">" in text:  # what escape() replaces
            text = escape(text)
        return f'<w:r>{properties}<w:t xml:space="preserve">{text}</w:t></w:r>'
    pieces = []
    for index, line in enumerate(text.split("\n")):
        if index:
            pieces.append("<w:br/>")
        for number, chunk in enumerate(line.split("\t")):
            if number:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{properties}{''.join(pieces)}</w:r>"


def _properties(document: TenderDocument, language: str) -> str:
    reviewed = document.record.last_reviewed
    stamp = f"{reviewed.year:04d}-{reviewed.month or 1:02d}-{reviewed.day or 1:02d}T00:00:00Z"
    title = escape(_NOT_XML.sub("", document.title))
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{AUTHOR}</dc:creator>"
        f"<dc:language>{escape(language)}</dc:language>"
        f"<cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
