"""One model of a tender template's criteria document, rendered to its page and to Word.

The page (templates/template.md.j2) and the Word download (word_export.py) both print this
model and its wording, so what a buyer reads on the site and in the file cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import (
    AMBITION_LEVELS,
    CRITERION_KIND_HEADINGS,
    CRITERION_KINDS,
    EDITORIAL,
    SUGGESTION,
    TEMPLATE,
)
from .knowledge_base import KnowledgeBase
from .model import Record
from .values import LocalText, PartialDate


@dataclass(frozen=True)
class Wording:
    """Every fixed phrase of the document, in one place."""

    notice_title: str = "A starting point, not a finished tender."
    notice: str = (
        "The wording below is our own drafting, built on what the buyers of Big Buyers "
        "committed to and practised. Adapt it to your national law, your market and your "
        "procedure before use, and check it with your legal service."
    )
    procedure: str = "Procedure"
    criteria: str = "Criteria"
    ambition: str = "{level} ambition"
    parameter_headings: tuple[str, ...] = (
        "Parameter",
        "Suggested value",
        "How to choose",
        "Basis",
    )
    suggestion: str = "Our suggestion"
    cpv_editorial: str = "our classification, not from a source"
    cpv_sourced: str = "as given by {url}"
    why: str = "Why."
    verify: str = "How to verify."
    reviewed: str = "Reviewed {date}"
    rests_on: str = "Rests on:"
    source_link: str = "source {number}"
    sources: str = "Sources"
    template_id: str = "Template id"
    builds_on_the_work_of: str = "Builds on the work of"
    download: str = "Download the criteria as a Word document (.docx)"
    download_core: str = "Core criteria only (.docx)"
    core_only: str = "Core criteria only"
    levels: str = "Ambition levels"


WORDING = Wording()


@dataclass(frozen=True)
class Parameter:
    name: str
    value: str
    note: LocalText | None
    basis: str  # SUGGESTION, or the address of a source that gives the value

    @property
    def suggested(self) -> bool:
        return self.basis == SUGGESTION


@dataclass(frozen=True)
class Criterion:
    id: str
    title: LocalText
    kind: str
    kind_label: str
    ambition: str
    ambition_label: str  # "Core ambition"
    text: LocalText
    parameters: tuple[Parameter, ...]
    rationale: LocalText
    verification: LocalText
    review_date: PartialDate
    sources: tuple[str, ...]

    @property
    def reviewed(self) -> str:
        return WORDING.reviewed.format(date=self.review_date)


@dataclass(frozen=True)
class Section:
    heading: str  # "Award criteria"
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class TenderDocument:
    record: Record
    title: str
    subject: LocalText
    facts: tuple[tuple[str, str], ...]  # for the document's own facts table
    procedure_notes: LocalText | None
    sections: tuple[Section, ...]
    sources: tuple[str, ...]
    wording: Wording


# The selections the site offers as ready-made downloads, for buyers without JavaScript:
# every criterion, and the core ones that any buyer can ask for.
SELECTIONS = {"all": None, "core": ("core",)}


def tender_document(
    kb: KnowledgeBase, record: Record, levels: tuple[str, ...] | None = None
) -> TenderDocument:
    """The document of a template; with `levels`, only the criteria of those ambitions."""
    facts = [(WORDING.template_id, record.id), (_label("last_reviewed"), record.last_reviewed.iso)]
    if levels == ("core",):
        facts.append((WORDING.levels, WORDING.core_only))
    if record.cpv_codes:
        facts.append((_label("cpv_codes"), cpv_codes_text(record)))
    community = kb.parent(record)
    if community:
        facts.append((WORDING.builds_on_the_work_of, community.title))
    sections = []
    for kind, heading in CRITERION_KIND_HEADINGS.items():
        criteria = tuple(
            _criterion(c)
            for c in record.criteria
            if c["kind"] == kind and (levels is None or c["ambition"] in levels)
        )
        if criteria:
            sections.append(Section(heading, criteria))
    return TenderDocument(
        record,
        record.title,
        record.subject,
        tuple(facts),
        record.procedure_notes,
        tuple(sections),
        tuple(record.sources),
        WORDING,
    )


def cpv_codes_text(record: Record) -> str:
    """The codes with their basis: our classification, or the source that gives them."""
    basis = record.get("cpv_basis")
    if basis in (None, EDITORIAL):
        said = WORDING.cpv_editorial
    else:
        said = WORDING.cpv_sourced.format(url=basis)
    return f"{', '.join(record.cpv_codes)} ({said})"


def _label(field_name: str) -> str:
    return TEMPLATE.field(field_name).label


def _criterion(data: dict) -> Criterion:
    parameters = tuple(
        Parameter(p["name"], p["value"], p.get("note"), p["basis"])
        for p in data.get("parameters") or []
    )
    return Criterion(
        id=data["id"],
        title=data["title"],
        kind=data["kind"],
        kind_label=CRITERION_KINDS[data["kind"]],
        ambition=data["ambition"],
        ambition_label=WORDING.ambition.format(level=AMBITION_LEVELS[data["ambition"]]),
        text=data["text"],
        parameters=parameters,
        rationale=data["rationale"],
        verification=data["verification"],
        review_date=data["review_date"],
        sources=tuple(data["sources"]),
    )
