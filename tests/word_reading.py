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
