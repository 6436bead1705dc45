"""Tender templates as Word documents: buyers adapt criteria in the editor they use.

The files are rebuilt byte for byte from the record (fixed dates inside and in the
archive), so a build stays reproducible.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from docx import Document
from docx.shared import Pt

from .kinds import AMBITION_LEVELS, CRITERION_KIND_HEADINGS, CRITERION_KINDS
from .knowledge_base import KnowledgeBase
from .loader import Record

NOTICE = ("A starting point, not a finished tender. The wording is drafted from what the "
          "buyers of Big Buyers committed to and practised. Adapt it to your national law, "
          "your market and your procedure before use, and check it with your legal service.")


def download_path(record: Record) -> str:
    """Where the document of a template lives in the site, next to the other downloads."""
    return f"downloads/{record.id}.docx"


def template_document(kb: KnowledgeBase, record: Record) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(record.title, level=0)
    doc.add_paragraph(NOTICE).runs[0].italic = True
    doc.add_paragraph(str(record.subject))
    facts = [("Template id", record.id), ("Last reviewed", record.last_reviewed.iso)]
    if record.cpv_codes:
        facts.append(("CPV codes", ", ".join(record.cpv_codes)))
    community = kb.community_of(record)
    if community:
        facts.append(("Builds on the work of", community.title))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    if record.procedure_notes:
        doc.add_heading("Procedure", level=1)
        doc.add_paragraph(str(record.procedure_notes))
    for kind, heading in CRITERION_KIND_HEADINGS.items():
        criteria = [c for c in record.criteria if c["kind"] == kind]
        if criteria:
            doc.add_heading(heading, level=1)
        for criterion in criteria:
            _add_criterion(doc, criterion, kind)
    doc.add_heading("Sources", level=1)
    for url in record.sources:
        doc.add_paragraph(url, style="List Bullet")
    return _reproducible(doc, record)


def _add_criterion(doc, criterion: dict, kind: str) -> None:
    doc.add_heading(f"{criterion['id']} {criterion['title']}", level=2)
    doc.add_paragraph(f"{CRITERION_KINDS[kind]} · {AMBITION_LEVELS[criterion['ambition']]} "
                      "ambition")
    doc.add_paragraph(str(criterion["text"]))
    if criterion.get("parameters"):
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, title in zip(table.rows[0].cells, ("Parameter", "Suggested value",
                                                     "How to choose"), strict=True):
            cell.text = title
        for parameter in criterion["parameters"]:
            cells = table.add_row().cells
            cells[0].text = parameter["name"]
            cells[1].text = parameter["value"]
            cells[2].text = str(parameter.get("note") or "")
    for label, key in (("Why", "rationale"), ("How to verify", "verification")):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}. ").bold = True
        paragraph.add_run(str(criterion[key]))
    doc.add_paragraph(f"Last reviewed {criterion['review_date'].iso}. Sources: "
                      + ", ".join(criterion["sources"]))


def _reproducible(doc, record: Record) -> bytes:
    reviewed = record.last_reviewed
    stamp = datetime.datetime(reviewed.year, reviewed.month or 1, reviewed.day or 1)
    props = doc.core_properties
    props.author = "Big Buyers knowledge base"
    props.last_modified_by = "Big Buyers knowledge base"
    props.title = record.title
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
