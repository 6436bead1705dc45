"""Tender templates as Word documents: buyers adapt criteria in the editor they use.

The document prints the same model as the template's page (tender_document.py). The files
are rebuilt byte for byte from the record (fixed dates inside and in the archive), so a
build stays reproducible.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from docx import Document
from docx.shared import Pt

from .tender_document import Criterion, TenderDocument


def word_document(document: TenderDocument) -> bytes:
    wording = document.wording
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(document.title, level=0)
    notice = doc.add_paragraph()
    notice.add_run(f"{wording.notice_title} ").bold = True
    notice.add_run(wording.notice).italic = True
    doc.add_paragraph(str(document.subject))
    _add_table(doc, document.facts)
    if document.procedure_notes:
        doc.add_heading(wording.procedure, level=1)
        doc.add_paragraph(str(document.procedure_notes))
    for section in document.sections:
        doc.add_heading(section.heading, level=1)
        for criterion in section.criteria:
            _add_criterion(doc, criterion, document)
    doc.add_heading(wording.sources, level=1)
    for url in document.sources:
        doc.add_paragraph(url, style="List Bullet")
    return _reproducible(doc, document)


def _add_table(doc, rows, header: tuple[str, ...] | None = None) -> None:
    table = doc.add_table(rows=0, cols=len(header or rows[0]))
    table.style = "Table Grid"
    for row in [header, *rows] if header else rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _add_criterion(doc, criterion: Criterion, document: TenderDocument) -> None:
    wording = document.wording
    doc.add_heading(f"{criterion.id} {criterion.title}", level=2)
    doc.add_paragraph(f"{criterion.kind_label} · {criterion.ambition_label}")
    doc.add_paragraph(str(criterion.text))
    if criterion.parameters:
        rows = [(p.name, p.value, str(p.note or "")) for p in criterion.parameters]
        _add_table(doc, rows, header=wording.parameter_headings)
    for label, text in (
        (wording.why, criterion.rationale),
        (wording.verify, criterion.verification),
    ):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label} ").bold = True
        paragraph.add_run(str(text))
    doc.add_paragraph(f"{criterion.reviewed} · {wording.rests_on} " + ", ".join(criterion.sources))


def _reproducible(doc, document: TenderDocument) -> bytes:
    reviewed = document.record.last_reviewed
    stamp = datetime.datetime(reviewed.year, reviewed.month or 1, reviewed.day or 1)
    props = doc.core_properties
    props.author = "Big Buyers knowledge base"
    props.last_modified_by = "Big Buyers knowledge base"
    props.title = document.title
    props.created = props.modified = stamp
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return fixed.getvalue()
