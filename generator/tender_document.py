"""One model of a tender template's criteria document, rendered to its page and to Word.

The page (templates/template.md.j2) and the Word download (word_export.py) both print this
model and its wording, so what a buyer reads on the site and in the file cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from .i18n import LazyText, _
from .kinds import (
    AMBITION_LEVELS,
    CRITERION_KIND_HEADINGS,
    CRITERION_KINDS,
    EDITORIAL,
    SUGGESTION,
    TEMPLATE,
)
from .knowledge_base import KnowledgeBase
from .markdown_blocks import blocks
from .model import Record
from .values import LocalText, PartialDate


@dataclass(frozen=True)
class Wording:
    """Every fixed phrase of the document, in one place, in English; `in_language()` gives
    them in the language being written (the catalogue translates them)."""

    notice_title: LazyText = LazyText("A starting point, not a finished tender.")
    notice: LazyText = LazyText(
        "The wording below is our own drafting, built on what the buyers of Big Buyers "
        "committed to and practised. Adapt it to your national law, your market and your "
        "procedure before use, and check it with your legal service."
    )
    procedure: LazyText = LazyText("Procedure")
    criteria: LazyText = LazyText("Criteria")
    ambition: LazyText = LazyText("{level} ambition")
    parameter_headings: tuple[LazyText, ...] = (
        LazyText("Parameter"),
        LazyText("Suggested value"),
        LazyText("How to choose"),
        LazyText("Basis"),
    )
    suggestion: LazyText = LazyText("Our suggestion")
    cpv_editorial: LazyText = LazyText("our classification, not from a source")
    cpv_sourced: LazyText = LazyText("as given by {url}")
    why: LazyText = LazyText("Why.")
    verify: LazyText = LazyText("How to verify.")
    reviewed: LazyText = LazyText("Reviewed {date}")
    rests_on: LazyText = LazyText("Rests on:")
    source_link: LazyText = LazyText("source {number}")
    sources: LazyText = LazyText("Sources")
    template_id: LazyText = LazyText("Template id")
    builds_on_the_work_of: LazyText = LazyText("Builds on the work of")
    download: LazyText = LazyText("Download the criteria as a Word document (.docx)")
    download_core: LazyText = LazyText("Core criteria only (.docx)")
    core_only: LazyText = LazyText("Core criteria only")
    all_levels: LazyText = LazyText("Core and comprehensive criteria")
    levels: LazyText = LazyText("Ambition levels")
    value: LazyText = LazyText("Value {number}")

    def in_language(self) -> Wording:
        def now(value):
            return tuple(str(v) for v in value) if isinstance(value, tuple) else str(value)

        return Wording(**{f.name: now(getattr(self, f.name)) for f in fields(self)})


WORDING = Wording()


@dataclass(frozen=True)
class Parameter:
    name: LocalText
    value: LocalText
    note: LocalText | None
    basis: str  # SUGGESTION, or the address of a source that gives the value

    @property
    def suggested(self) -> bool:
        return self.basis == SUGGESTION


# A value to set in a criterion's text, written in brackets: "at least [30] %". Not a link
# ("[text](address)"): the page and the Word file count the same brackets, in the same order.
SLOT = re.compile(r"\[([^\[\]]+)\](?![(\[])")


@dataclass(frozen=True)
class Slot:
    """The n-th bracketed value of a criterion's text, which a buyer sets on the page (and
    in Word, where it is a content control tagged `parameter:<criterion id>:<n>`)."""

    number: int
    default: str
    parameter: Parameter | None  # the parameter whose value it is, when one matches

    @property
    def label(self) -> str:
        if self.parameter:
            return str(self.parameter.name)
        return WORDING.value.format(number=self.number)


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
    slots: tuple[Slot, ...] = ()

    @property
    def reviewed(self) -> str:
        return WORDING.reviewed.format(date=self.review_date)


@dataclass(frozen=True)
class Section:
    kind: str  # "award"
    heading: str  # "Award criteria"
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class TenderDocument:
    record: Record
    title: str
    subject: LocalText
    # The document's own facts table: (label, value, tag), where a tag makes the value a
    # content control that a buyer's own selection sets (LEVELS).
    facts: tuple[tuple[str, str, str | None], ...]
    procedure_notes: LocalText | None
    sections: tuple[Section, ...]
    sources: tuple[str, ...]
    wording: Wording

    def only(self, levels: tuple[str, ...]) -> TenderDocument:
        """The same document with the criteria of those ambition levels only, saying so."""
        sections = []
        for section in self.sections:
            kept = tuple(c for c in section.criteria if c.ambition in levels)
            if kept:
                sections.append(Section(section.kind, section.heading, kept))
        held = _levels_held(levels)
        facts = tuple(
            (label, held if tag == LEVELS else value, tag) for label, value, tag in self.facts
        )
        return replace(self, facts=facts, sections=tuple(sections))


# The tag of the fact that says which ambition levels the document holds: the page sets it
# when a buyer makes their own selection, from the same wording (template.md.j2).
LEVELS = "levels"


def _levels_held(levels: tuple[str, ...] | None) -> str:
    """What a document says it holds: every level, the core ones, or the labels of others."""
    if levels is None or set(levels) >= set(AMBITION_LEVELS):
        return str(WORDING.all_levels)
    if tuple(levels) == ("core",):
        return str(WORDING.core_only)
    (ambition,) = (f for f in TEMPLATE.field("criteria").item.fields if f.name == "ambition")
    return ", ".join(str(ambition.value_label(level)) for level in levels)


def tender_document(
    kb: KnowledgeBase, record: Record, levels: tuple[str, ...] | None = None
) -> TenderDocument:
    """The document of a template; with `levels`, only the criteria of those ambitions."""
    whole = _whole_document(kb, record)
    return whole if levels is None else whole.only(levels)


def _whole_document(kb: KnowledgeBase, record: Record) -> TenderDocument:
    facts = [
        (str(WORDING.template_id), record.id, None),
        (_label("last_reviewed"), str(record.last_reviewed), None),
        (str(WORDING.levels), _levels_held(None), LEVELS),
    ]
    if record.cpv_codes:
        facts.append((_label("cpv_codes"), cpv_codes_text(record), None))
    community = kb.parent(record)
    if community:
        facts.append((str(WORDING.builds_on_the_work_of), community.title, None))
    sections = []
    for kind, heading in CRITERION_KIND_HEADINGS.items():
        criteria = tuple(_criterion(c) for c in record.criteria if c["kind"] == kind)
        if criteria:
            sections.append(Section(kind, str(heading), criteria))
    return TenderDocument(
        record,
        record.title,
        record.subject,
        tuple(facts),
        record.procedure_notes,
        tuple(sections),
        tuple(record.sources),
        WORDING.in_language(),
    )


def cpv_codes_text(record: Record) -> str:
    """The codes with their basis: our classification, or the source that gives them."""
    basis = record.get("cpv_basis")
    if basis in (None, EDITORIAL):
        said = str(WORDING.cpv_editorial)
    else:
        said = WORDING.cpv_sourced.format(url=basis)
    return f"{', '.join(record.cpv_codes)} ({said})"


def _label(field_name: str) -> str:
    return str(TEMPLATE.field(field_name).label)


def _criterion(data: dict) -> Criterion:
    parameters = tuple(
        Parameter(p["name"], p["value"], p.get("note"), p["basis"])
        for p in data.get("parameters") or []
    )
    return Criterion(
        id=data["id"],
        title=data["title"],
        kind=data["kind"],
        kind_label=_(CRITERION_KINDS[data["kind"]]),
        ambition=data["ambition"],
        ambition_label=WORDING.ambition.format(level=_(AMBITION_LEVELS[data["ambition"]])),
        text=data["text"],
        parameters=parameters,
        rationale=data["rationale"],
        verification=data["verification"],
        review_date=data["review_date"],
        sources=tuple(data["sources"]),
        slots=slots(data["text"], parameters),
    )


def slots(text, parameters: tuple[Parameter, ...]) -> tuple[Slot, ...]:
    """The bracketed values of a text, each with the parameter it sets when one matches: the
    parameter named like the bracket ("[product category rules]"), or else one whose value
    starts the same way ("[30] %" and "30 %"); each parameter is used once."""
    found = SLOT.findall(" ".join(block.text for block in blocks(str(text))))
    free = list(parameters)
    slots = []
    for number, value in enumerate(found, 1):
        default = " ".join(value.split())
        key = default.casefold()
        named = (p for p in free if str(p.name).casefold() == key)
        valued = (p for p in free if _same_start(key, str(p.value).casefold()))
        match = next(named, None) or next(valued, None)
        if match:
            free.remove(match)
        slots.append(Slot(number, default, match))
    return tuple(slots)


def _same_start(one: str, other: str) -> bool:
    return one.startswith(other) or other.startswith(one)
