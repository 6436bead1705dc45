"""The record kinds of the knowledge base, each defined once.

Validation, the JSON Schemas, `bbkb new` scaffolds, the pages, their labels, the search
facets, the relations between records and the index tables all read these definitions;
change a field here and everything else follows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .cpv import division_label
from .facets import Facet
from .fields import (
    ChoiceField,
    CountryField,
    CpvField,
    DateField,
    Field,
    IntegerField,
    ListField,
    ObjectField,
    RefField,
    Relation,
    StringField,
    TextField,
    UrlField,
    id_field,
)
from .i18n import LazyText
from .listing import AncestorColumn, FieldColumn, GroupsColumn, Listing, PeriodColumn

THEMES = {
    "programme": "The programme as a whole",
    "zero-emission-construction": "Zero-emission construction sites",
    "circular-construction": "Circular construction and materials",
    "heavy-duty-vehicles": "Clean heavy-duty vehicles",
    "zero-emission-buses": "Zero-emission buses and mobility",
    "digital-health": "Digital health and healthcare",
    "digital-ict": "Digital and ICT procurement",
    "social-procurement": "Socially responsible procurement",
}

ORGANISATION_TYPES = {
    "city": "City",
    "district": "District administration",
    "metropolitan-body": "Metropolitan authority",
    "regional-authority": "Regional authority",
    "regional-agency": "Regional agency",
    "national-agency": "National agency or ministry",
    "central-purchasing-body": "Central purchasing body",
    "health-body": "Hospital or health body",
    "public-company": "Public company",
    "university": "Public university",
    "eu-body": "EU institution or agency",
    "network": "Network or NGO",
    "association": "Association",
    "project": "Research or innovation project",
}

ORGANISATION_SCOPES = {
    "eu-wide": "EU-wide",
    "international": "International",
}

ACTIVITY_TYPES = {
    "meeting": "Meeting",
    "kick-off": "Kick-off",
    "market-dialogue": "Market dialogue",
    "study-visit": "Study visit",
    "webinar": "Webinar",
    "workshop": "Workshop",
    "training": "Training",
    "pilot": "Pilot project",
    "event": "Event",
    "survey": "Survey",
}

DOCUMENT_TYPES = {
    "report": "Report",
    "statement": "Joint statement",
    "factsheet": "Factsheet",
    "criteria": "Criteria",
    "list": "List or mapping",
    "press-release": "Press release",
    "toolkit": "Toolkit",
    "other": "Document",
}

CRITERION_KINDS = {
    "selection": "Selection criterion",
    "technical-specification": "Technical specification",
    "award": "Award criterion",
    "contract-performance-clause": "Contract performance clause",
}
CRITERION_KIND_HEADINGS = {
    "selection": LazyText("Selection criteria"),
    "technical-specification": LazyText("Technical specifications"),
    "award": LazyText("Award criteria"),
    "contract-performance-clause": LazyText("Contract performance clauses"),
}

EMAIL_PATTERN = r"^[^@\s:<>()\[\]]+@[^@\s:<>()\[\]]+\.[A-Za-z]{2,}$"

# CPV codes are our classification unless a listed source gives them.
EDITORIAL = "editorial"
CPV_BASIS_PATTERN = r"^(editorial|https?://\S+)$"

# A parameter's value is either our own suggestion or taken from a listed source.
SUGGESTION = "suggestion"
BASIS_PATTERN = r"^(suggestion|https?://\S+)$"

AMBITION_LEVELS = {
    "core": "Core",
    "comprehensive": "Comprehensive",
}

# Search facets, in the order the Explore page shows them (after the record type).
WAVE_FACET = Facet(
    "wave", "wave", "Wave", position=10, inherited=True, spread=True, natural_order=True
)
COMMUNITY_FACET = Facet(
    "community", "community", "Community", position=20, inherited=True, spread=True
)
THEME_FACET = Facet("theme", "theme", "Theme", position=30, inherited=True)
COUNTRY_FACET = Facet("country", "country", "Country", position=40, inherited=True, gathered=True)
ORGANISATION_TYPE_FACET = Facet("organisation type", "org_type", "Organisation type", position=50)
CPV_FACET = Facet("CPV", "cpv", "CPV code", position=60, label=division_label)
AMBITION_FACET = Facet("ambition", "ambition", "Ambition level of criteria", position=70)


def _sources() -> Field:
    return ListField(
        "sources",
        "public web addresses the facts of this record come from",
        item=UrlField(
            "source", "a public web address", "https://public-buyers-community.ec.europa.eu/"
        ),
        min_items=1,
        unique=True,
    )


def _caveats() -> Field:
    return ListField(
        "caveats",
        "what the sources leave uncertain or disagree on; on the page",
        item=TextField(
            "caveat",
            "one uncertainty, in a sentence",
            "The sources do not give the year of this meeting.",
        ),
        required=False,
    )


def _activity() -> ObjectField:
    return ObjectField(
        "activity",
        "a dated activity",
        fields=[
            DateField("date", "when it happened (YYYY-MM-DD, or YYYY-MM)", "2021-12-01"),
            DateField(
                "end_date", "last day, for events over several days", "2021-12-02", required=False
            ),
            ChoiceField("type", "what kind of activity", "market-dialogue", choices=ACTIVITY_TYPES),
            TextField("title", "a short title", "Market dialogue with machinery suppliers"),
            StringField("place", "city, or 'online'", "Oslo", required=False, max_length=100),
            TextField(
                "summary",
                "what happened and what came out of it (Markdown)",
                "Suppliers presented electric excavators.",
                markdown=True,
                required=False,
            ),
        ],
    )


def _document() -> ObjectField:
    return ObjectField(
        "document",
        "a document the group produced",
        fields=[
            TextField("title", "the document's title", "Lessons-learnt report"),
            ChoiceField("type", "what kind of document", "report", choices=DOCUMENT_TYPES),
            UrlField(
                "url", "where to read or download it", "https://bigbuyers.eu/", required=False
            ),
            TextField(
                "summary",
                "one or two sentences on what is in it",
                "What the group learnt.",
                markdown=True,
                required=False,
            ),
        ],
    )


def _figures() -> Field:
    return ListField(
        "figures",
        "key figures with what they count",
        required=False,
        item=ObjectField(
            "figure",
            "a key figure",
            fields=[
                TextField("value", "the number as the source gives it", "61", max_length=40),
                TextField("label", "what it counts", "companies engaged"),
            ],
        ),
    )


def _organisations(
    name, help, example, *, label="", item_name="organisation", relation=None, min_items=0
) -> ListField:
    """A list of organisation ids; the item's name labels one entry (a member's role)."""
    item = RefField(
        item_name,
        "id of an organisation record",
        example,
        kinds=("organisation",),
        relation=relation,
    )
    return ListField(
        name, help, label=label, required=min_items > 0, unique=True, min_items=min_items, item=item
    )


def _cpv_codes(help: str) -> ListField:
    item = CpvField("cpv", "a CPV code", "45233000-9", facet=CPV_FACET)
    return ListField("cpv_codes", help, label="CPV codes", required=False, unique=True, item=item)


def _cpv_basis() -> Field:
    return StringField(
        "cpv_basis",
        "where the CPV codes come from: 'editorial' when we chose them, or the web address of "
        "a listed source that gives them; required with cpv_codes",
        EDITORIAL,
        required=False,
        max_length=1000,
        pattern=CPV_BASIS_PATTERN,
        pattern_hint="is not a CPV basis (write 'editorial', or the web address of the source "
        "that gives the codes)",
    )


def _theme() -> Field:
    return ChoiceField(
        "theme", "the subject area", "circular-construction", choices=THEMES, facet=THEME_FACET
    )


@dataclass(frozen=True)
class Kind:
    name: str  # singular, as in `bbkb new outcome`
    folder: str  # content/<folder>/ and the URL segment of its pages
    label: str
    label_plural: str
    nav_title: str  # short, for the navigation tabs
    title_field: str
    intro: str  # shown on the kind's index page
    fields: tuple[Field, ...]
    listing: Listing  # the table of its index page
    # Where its pages live in the site; differs from `folder` only where a plain name would
    # clash with a folder static-site engines reserve (MkDocs skips docs/templates/).
    site_folder: str = ""
    facet: Facet | None = None  # each record of the kind is a value of this facet
    # The Word documents each record's page offers, by the name in their file names: the
    # ambition levels of the criteria each holds, None for every criterion
    # (tender_document.py writes them, from the same model as the page).
    downloads: dict[str, tuple[str, ...] | None] = field(
        default_factory=dict, hash=False, compare=False
    )

    def __post_init__(self):
        # What readers see is printed in the language being written (the catalogue).
        for name in ("label", "label_plural", "nav_title", "intro"):
            object.__setattr__(self, name, LazyText(str(getattr(self, name))))

    @property
    def pages_folder(self) -> str:
        return self.site_folder or self.folder

    @functools.cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> Field:
        return self._by_name[name]

    def __reduce__(self):
        # A record sent between processes names its kind instead of copying it: every
        # process has the same kinds, and code compares kinds (and their facets) by identity.
        return _kind_named, (self.name,)


def _kind_named(name: str) -> Kind:
    return KINDS[name]


def _kind(
    name,
    label,
    label_plural,
    nav_title,
    title_field,
    intro,
    *fields,
    listing,
    folder=None,
    site_folder="",
    facet=None,
    downloads=None,
) -> Kind:
    id_ = id_field(
        "id", f"unique id of this {label.lower()}; the file name without .yml", f"my-{name}"
    )
    return Kind(
        name,
        folder or f"{name}s",
        label,
        label_plural,
        nav_title,
        title_field,
        intro,
        (id_, *fields, _sources(), _caveats()),
        listing,
        site_folder,
        facet,
        downloads or {},
    )


WAVE = _kind(
    "wave",
    "Wave",
    "Waves of the programme",
    "Waves",
    "name",
    "Big Buyers has run in three waves since 2019. Each wave brought buyers together in groups "
    "on one subject.",
    IntegerField("number", "the wave's number; 1 for the first", 1, minimum=1, maximum=20),
    TextField("name", "the wave's full name", "Big Buyers for Climate and Environment"),
    StringField("short_name", "the abbreviation used in sources", "BBCE", max_length=20),
    DateField("start", "when the wave started", "2021-04"),
    DateField("end", "when the wave ended or is planned to end", "2022-11", required=False),
    ChoiceField(
        "status",
        "whether the wave is over",
        "completed",
        choices={"completed": "Completed", "running": "Running", "planned": "Planned"},
    ),
    _organisations("run_by", "organisations that ran the wave", "eurocities", label="Run by"),
    _organisations(
        "funded_by",
        "organisations that funded or commissioned the wave",
        "dg-grow",
        label="Funded by",
    ),
    TextField(
        "summary",
        "what the wave was about, in two or three sentences (Markdown)",
        "Four working groups of buyers.",
        markdown=True,
    ),
    TextField(
        "story",
        "the longer story: how it started, how it worked (Markdown)",
        "The wave began with a survey.",
        markdown=True,
        required=False,
    ),
    _figures(),
    ListField("events", "dated events of the wave as a whole", required=False, item=_activity()),
    UrlField(
        "join_url",
        "where buyers can take part in this wave, if it is open",
        "https://public-buyers-community.ec.europa.eu/",
        required=False,
        label="Take part",
    ),
    ListField(
        "communities_announced",
        "every group announced for the wave, in order, with its record where the site has one; "
        "the page lists them all",
        required=False,
        label="The groups announced",
        item=ObjectField(
            "announced",
            "one group announced for the wave",
            fields=[
                TextField(
                    "name",
                    "its name as announced, or what it is about",
                    "Zero Emission Construction Sites",
                ),
                RefField(
                    "community",
                    "id of its community record, when the site has one",
                    "zero-emission-construction-sites-cop",
                    kinds=("community",),
                    required=False,
                ),
                TextField(
                    "note",
                    "what is known about it, e.g. why it is not yet identified (Markdown)",
                    "No source names it yet.",
                    markdown=True,
                    required=False,
                ),
            ],
        ),
    ),
    listing=Listing("Wave", (PeriodColumn(), FieldColumn("status"))),
    facet=WAVE_FACET,
)

COMMUNITY = _kind(
    "community",
    "Community",
    "Working groups and communities",
    "Groups",
    "name",
    "Groups of public buyers who worked on one subject together: the working groups of waves 1 "
    "and 2 and the communities of practice of wave 3.",
    TextField("name", "the group's name", "Zero Emission Construction Sites"),
    StringField(
        "short_name", "abbreviation used in sources", "ZECS", max_length=20, required=False
    ),
    ChoiceField(
        "group_type",
        "working group (waves 1-2) or community of practice (wave 3)",
        "working-group",
        label="Type",
        choices={
            "working-group": "Working group",
            "community-of-practice": "Community of practice",
        },
    ),
    RefField(
        "wave",
        "id of the wave the group belongs to",
        "wave-2",
        kinds=("wave",),
        relation=Relation.PARENT,
    ),
    _theme(),
    ChoiceField(
        "status",
        "whether the group still works",
        "completed",
        choices={"completed": "Completed", "active": "Active", "planned": "Planned"},
    ),
    DateField("start", "when the group started", "2021-04", required=False),
    DateField("end", "when the group finished", "2022-11", required=False),
    RefField(
        "lead",
        "id of the organisation that leads the group",
        "city-of-oslo",
        kinds=("organisation",),
        required=False,
        relation=Relation.MEMBER,
    ),
    RefField(
        "coordinator",
        "id of the organisation that coordinates the group",
        "eurocities",
        kinds=("organisation",),
        required=False,
        relation=Relation.MEMBER,
    ),
    _organisations(
        "members",
        "ids of member organisations (not the lead)",
        "city-of-helsinki",
        item_name="member",
        relation=Relation.MEMBER,
    ),
    _organisations(
        "pilots",
        "ids of organisations the sources name as running a pilot project of the group, "
        "when they are not named as members",
        "city-of-berlin",
        label="Pilot projects by",
    ),
    TextField(
        "reported_size",
        "the group's size as sources report it, when not every member is named",
        "11 members from 8 countries",
        required=False,
        max_length=120,
    ),
    TextField(
        "focus",
        "what the group works on and why (Markdown)",
        "Replacing diesel machinery on public building sites.",
        markdown=True,
    ),
    ListField(
        "activities",
        "dated activities: meetings, market dialogues, visits",
        required=False,
        item=_activity(),
    ),
    ListField("outputs", "documents the group produced", required=False, item=_document()),
    RefField(
        "predecessor",
        "id of the group of an earlier wave this one continues",
        "zero-emission-construction-sites-wave-1",
        kinds=("community",),
        required=False,
        label="Continues",
    ),
    UrlField(
        "join_url",
        "the group's public page, where a buyer can ask to join",
        "https://public-buyers-community.ec.europa.eu/",
        required=False,
        label="Join or contact",
    ),
    ObjectField(
        "contact",
        "how a buyer joins or contacts the group, as a source gives it; shown in a 'Join or "
        "contact' box",
        required=False,
        fields=[
            StringField(
                "email",
                "an address to write to, without mailto:",
                "big.buyers@eurocities.eu",
                required=False,
                max_length=200,
                pattern=EMAIL_PATTERN,
                pattern_hint="is not an e-mail address (write it as name@example.org, without "
                "mailto:)",
            ),
            UrlField(
                "url",
                "a page where a buyer asks to join, when it is not the join_url",
                "https://public-buyers-community.ec.europa.eu/",
                required=False,
            ),
            TextField(
                "how",
                "how to join, in a sentence or two (Markdown)",
                "Write to the secretariat to join.",
                markdown=True,
                required=False,
            ),
            UrlField(
                "source",
                "the page that gives this way to join or contact; one of the record's sources",
                "https://public-buyers-community.ec.europa.eu/",
            ),
        ],
    ),
    listing=Listing("Group", (AncestorColumn("wave"), FieldColumn("theme"), FieldColumn("status"))),
    folder="communities",
    facet=COMMUNITY_FACET,
)

OUTCOME = _kind(
    "outcome",
    "Outcome",
    "Outcomes of past waves",
    "Outcomes",
    "title",
    "What groups of past waves needed, did, achieved and learnt: good practice to build on.",
    TextField("title", "the outcome's title", "Circular asphalt"),
    RefField(
        "community",
        "id of the group this outcome comes from",
        "circular-construction-wave-2",
        kinds=("community",),
        label="Group",
        relation=Relation.PARENT,
    ),
    _theme(),
    TextField(
        "summary",
        "the outcome in two or three sentences (Markdown)",
        "Buyers agreed a joint declaration.",
        markdown=True,
    ),
    TextField(
        "need",
        "the need or problem the buyers started from (Markdown)",
        "Asphalt needs bitumen and energy.",
        markdown=True,
    ),
    TextField(
        "approach", "what the buyers did together (Markdown)", "They met producers.", markdown=True
    ),
    TextField(
        "market_engagement",
        "how they engaged the market (Markdown)",
        "A study visit and market dialogue.",
        markdown=True,
        required=False,
    ),
    TextField(
        "procurement",
        "procurement approach and criteria used (Markdown)",
        "Performance indicators in the award.",
        markdown=True,
        required=False,
    ),
    TextField(
        "results",
        "what came out, with figures (Markdown)",
        "A declaration with 13 signatories.",
        markdown=True,
        required=False,
    ),
    _figures(),
    ListField(
        "lessons",
        "lessons learnt, one per entry",
        required=False,
        item=TextField(
            "lesson", "one lesson (Markdown)", "Producers need predictable volumes.", markdown=True
        ),
    ),
    ListField("documents", "documents to read", required=False, item=_document()),
    _cpv_codes("CPV codes of what was bought"),
    _cpv_basis(),
    listing=Listing("Title", (AncestorColumn("wave"), FieldColumn("theme"))),
)

STATEMENT = _kind(
    "statement",
    "Joint statement",
    "Joint statements",
    "Statements",
    "title",
    "Public signals from groups of buyers to the market: joint statements of demand and "
    "declarations of intent, with who signed and what they committed to.",
    TextField("title", "the statement's title", "Joint Statement of Demand"),
    ChoiceField(
        "statement_type",
        "the kind of statement",
        "joint-statement-of-demand",
        label="Type",
        choices={
            "joint-statement-of-demand": "Joint statement of demand",
            "joint-declaration-of-intent": "Joint declaration of intent",
        },
    ),
    RefField(
        "community",
        "id of the group that drafted it",
        "zero-emission-construction-sites-wave-2",
        kinds=("community",),
        label="Group",
        relation=Relation.PARENT,
    ),
    DateField("date", "when it was published or presented", "2022-11"),
    TextField(
        "summary",
        "what it says, in plain words (Markdown)",
        "Signatories will require fossil-free machinery.",
        markdown=True,
    ),
    ListField(
        "commitments",
        "what the signatories commit to",
        required=False,
        item=ObjectField(
            "commitment",
            "one commitment",
            fields=[
                IntegerField(
                    "year",
                    "from which year it applies",
                    2025,
                    minimum=2000,
                    maximum=2100,
                    required=False,
                ),
                TextField(
                    "requirement",
                    "what signatories will do",
                    "Require fossil-free machinery in their own projects",
                ),
                TextField(
                    "threshold",
                    "the measurable threshold",
                    "at least 20 % emission-free machinery",
                    required=False,
                    max_length=1000,
                ),
            ],
        ),
    ),
    _organisations(
        "signatories",
        "ids of the organisations that signed",
        "city-of-oslo",
        item_name="signatory",
        relation=Relation.SIGNATORY,
        min_items=1,
    ),
    UrlField(
        "document_url",
        "where to read the full statement",
        "https://public-buyers-community.ec.europa.eu/resources/",
        required=False,
        label="Full text",
    ),
    listing=Listing("Statement", (FieldColumn("date"), FieldColumn("signatories"))),
)

CRITERION = ObjectField(
    "criterion",
    "one tender criterion or clause",
    fields=[
        StringField(
            "id",
            "stable id, never reused: TEMPLATE-KIND-NN",
            "ASPH-AW-01",
            max_length=30,
            pattern=r"^[A-Z0-9]+(-[A-Z0-9]+)*$",
            pattern_hint="is not a criterion id: use upper-case letters, digits and "
            "hyphens, e.g. 'ASPH-AW-01'",
        ),
        ChoiceField(
            "kind", "where the criterion goes in the tender", "award", choices=CRITERION_KINDS
        ),
        ChoiceField(
            "ambition",
            "core (any buyer) or comprehensive (front-runners)",
            "core",
            choices=AMBITION_LEVELS,
            facet=AMBITION_FACET,
        ),
        TextField("title", "a short title", "Share of reclaimed asphalt"),
        TextField(
            "text",
            "the wording to put in the tender, with [parameters] (Markdown)",
            "The mix contains at least [30] % reclaimed asphalt.",
            markdown=True,
        ),
        ListField(
            "parameters",
            "values a buyer sets: one for each value in brackets in the text, named like the "
            "bracket or with a value that starts like it",
            required=False,
            item=ObjectField(
                "parameter",
                "a value the buyer chooses",
                fields=[
                    TextField(
                        "name",
                        "the parameter as it appears in the text",
                        "minimum share",
                        max_length=80,
                    ),
                    TextField("value", "the suggested value", "30 %", max_length=80),
                    TextField(
                        "note",
                        "how to choose it",
                        "Raise it when local plants can.",
                        required=False,
                    ),
                    StringField(
                        "basis",
                        "where the value comes from: a web address from the criterion's "
                        "sources that gives it, or 'suggestion' when it is our own",
                        SUGGESTION,
                        max_length=1000,
                        pattern=BASIS_PATTERN,
                        pattern_hint="is not a basis (write 'suggestion', or the web address "
                        "of the source that gives the value)",
                    ),
                ],
            ),
        ),
        TextField(
            "rationale",
            "why this criterion, and what it rests on (Markdown)",
            "Producers asked for predictable reclaimed-material shares.",
            markdown=True,
        ),
        TextField(
            "verification",
            "how the buyer checks compliance (Markdown)",
            "Mix design and plant records.",
            markdown=True,
        ),
        DateField("review_date", "when the wording was last reviewed", "2026-11-01"),
        ListField(
            "sources",
            "public web addresses the criterion rests on",
            min_items=1,
            unique=True,
            item=UrlField("source", "a public web address", "https://bigbuyers.eu/"),
        ),
    ],
)

TEMPLATE = _kind(
    "template",
    "Tender template",
    "Tender templates",
    "Templates",
    "title",
    "Criteria and clauses to start a tender from, each with a stable id, an ambition level, "
    "its rationale and how to verify it. Adapt the wording to your national law.",
    TextField("title", "the template's title", "Circular asphalt for road works"),
    TextField("subject", "what is bought (Markdown)", "Road resurfacing works.", markdown=True),
    _theme(),
    RefField(
        "community",
        "id of the group whose work it builds on",
        "circular-construction-wave-2",
        kinds=("community",),
        required=False,
        label="Group",
        relation=Relation.PARENT,
    ),
    ListField(
        "based_on",
        "ids of statements or outcomes the criteria build on",
        required=False,
        unique=True,
        label="Builds on",
        item=RefField(
            "record",
            "id of a statement or outcome",
            "circular-asphalt-declaration",
            kinds=("statement", "outcome"),
        ),
    ),
    _cpv_codes("CPV codes of the subject"),
    _cpv_basis(),
    TextField(
        "procedure_notes",
        "advice on the procedure (Markdown)",
        "Hold a market dialogue first.",
        markdown=True,
        required=False,
    ),
    DateField("last_reviewed", "when the template as a whole was last reviewed", "2026-11-01"),
    ListField("criteria", "the criteria and clauses", min_items=1, unique_by="id", item=CRITERION),
    listing=Listing(
        "Template", (FieldColumn("theme"), FieldColumn("criteria"), FieldColumn("last_reviewed"))
    ),
    site_folder="tender-templates",
    # Ready-made downloads for buyers without JavaScript: every criterion, and the core ones
    # that any buyer can ask for (with JavaScript, the page makes a buyer's own selection).
    downloads={"all": None, "core": ("core",)},
)

ORGANISATION = _kind(
    "organisation",
    "Organisation",
    "Organisations",
    "Organisations",
    "name",
    "Public buyers and partners that took part in Big Buyers, with their country, the groups "
    "they joined and the statements they signed.",
    TextField(
        "name",
        "the organisation's name in English, or as officially written",
        "City of Oslo",
        proper_name=True,
    ),
    StringField(
        "short_name",
        "a short or local name",
        "Oslo kommune",
        required=False,
        max_length=80,
        label="Short or local name",
    ),
    CountryField(
        "country",
        "ISO 3166 two-letter code of the country of its seat",
        "NO",
        facet=COUNTRY_FACET,
    ),
    ChoiceField(
        "scope",
        "where it works, for bodies that work beyond the country of their seat (EU "
        "institutions, European networks, international projects)",
        "eu-wide",
        label="Works",
        choices=ORGANISATION_SCOPES,
        required=False,
    ),
    ChoiceField(
        "org_type",
        "what kind of organisation",
        "city",
        choices=ORGANISATION_TYPES,
        label="Type",
        facet=ORGANISATION_TYPE_FACET,
    ),
    StringField("city", "the city it is based in", "Oslo", required=False, max_length=80),
    UrlField("website", "its public website", "https://www.oslo.kommune.no/", required=False),
    listing=Listing(
        "Organisation", (FieldColumn("country"), FieldColumn("org_type"), GroupsColumn())
    ),
)

KINDS: dict[str, Kind] = {
    k.name: k for k in (WAVE, COMMUNITY, OUTCOME, STATEMENT, TEMPLATE, ORGANISATION)
}
KINDS_BY_FOLDER: dict[str, Kind] = {k.folder: k for k in KINDS.values()}
