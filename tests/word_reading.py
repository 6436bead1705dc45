"""Reading the Word downloads with python-docx. Their criteria and values are content controls
(w:sdt), whose paragraphs and text `document.paragraphs` and `paragraph.text` leave out."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def paragraphs(document) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph outside tables, inside content controls too."""
    found = []

    def walk(element):
        for child in element:
            if child.tag == qn("w:p"):
                found.append((Paragraph(child, document.part).style.name, text(child)))
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent")):
                walk(child)

    walk(document.element.body)
    return found


def text(element) -> str:
    """The text of a paragraph or control, fields included."""
    return "".join(
        node.text or "" if node.tag == qn("w:t") else "\t" if node.tag == qn("w:tab") else "\n"
        for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"))
    )


def criteria(document) -> list[str]:
    """The ids of the criteria, in order: each is a Heading 2 "<id> <title>"."""
    return [t.split(" ", 1)[0] for style, t in paragraphs(document) if style == "Heading 2"]


def fields(document) -> dict[str, str]:
    """The values to set: control tag ("parameter:<criterion id>:<n>") -> its text."""
    values = {}
    for control in document.element.body.iter(qn("w:sdt")):
        tag = control.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag is not None and tag.get(qn("w:val")).startswith("parameter:"):
            values[tag.get(qn("w:val"))] = text(control.find(qn("w:sdtContent")))
    return values


def cells(document) -> list[str]:
    """The text of every table cell, in tables inside content controls too."""
    return [text(cell) for cell in document.element.body.iter(qn("w:tc"))]


def facts(document) -> list[tuple[str, ...]]:
    """The rows of the document's first table, its facts (label, value), controls included."""
    table = next(document.element.body.iter(qn("w:tbl")))
    return [tuple(text(cell) for cell in row.iter(qn("w:tc"))) for row in table.iter(qn("w:tr"))]


def criterion_blocks(document) -> dict[str, list[str]]:
    """Criterion id -> the text of each paragraph of its content control, and of each row
    of its tables (but their heading rows) as its cells joined by tabs, in order."""
    found = {}
    for control in document.element.body.iter(qn("w:sdt")):
        tag = control.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag is None or not tag.get(qn("w:val")).startswith("criterion:"):
            continue
        blocks = []
        for element in control.find(qn("w:sdtContent")).iter(qn("w:p"), qn("w:tr")):
            if element.tag == qn("w:tr"):
                if element.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None:
                    continue
                blocks.append("\t".join(text(cell) for cell in element.iter(qn("w:tc"))))
            elif not any(a.tag == qn("w:tc") for a in element.iterancestors()):
                blocks.append(text(element))
        found[tag.get(qn("w:val")).split(":", 1)[1]] = blocks
    return found
