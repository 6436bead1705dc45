"""Machine-readable descriptions: schema.org JSON-LD for the record pages and the site, and
the DCAT-AP catalogue of the open data, which the EU open data portal harvests.

The JSON-LD goes into each page's head as `<script type="application/ld+json">`: browsers
do not run it, and the Content-Security-Policy counts only scripts that run (hosting.py).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from . import licences, paths
from .data_files import ALL, DataFile, Site
from .feeds import summary
from .i18n import LazyText, interface_table
from .knowledge_base import KnowledgeBase
from .model import Record

SCHEMA_ORG = "https://schema.org"

# Organisation types that are public authorities: schema.org's GovernmentOrganization.
GOVERNMENT_TYPES = frozenset(
    {
        "city",
        "district",
        "metropolitan-body",
        "regional-authority",
        "regional-agency",
        "national-agency",
        "central-purchasing-body",
        "health-body",
        "eu-body",
    }
)

# schema.org's type for the records of each kind; organisations depend on their type.
SCHEMA_TYPES = {
    "wave": "Event",
    "community": "Organization",
    "outcome": "CreativeWork",
    "statement": "CreativeWork",
    "template": "CreativeWork",
    "organisation": "Organization",
}

# The EU Publications Office's language and file-type authorities, for DCAT-AP.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority"
EU_LANGUAGES = {"en": "ENG", "fr": "FRA", "de": "DEU", "es": "SPA", "it": "ITA", "nl": "NLD"}
EU_DATA_THEME = f"{EU_AUTHORITY}/data-theme/GOVE"  # government and public sector

STRINGS = {
    "catalogue_title": LazyText("{site}: open data"),
    "catalogue_description": LazyText(
        "Structured data of the {site}: waves, groups, outcomes, joint statements, "
        "tender templates and organisations of the Big Buyers initiative, as JSON, CSV "
        "tables and Atom feeds."
    ),
    "dataset_all": LazyText("{site}: every record"),
    "dataset_all_description": LazyText("Every record of the knowledge base with its relations."),
    "dataset_kind": LazyText("{site}: {kind}"),
    "catalogue_file": LazyText(
        "The catalogue of these datasets and files in DCAT-AP, for open data portals "
        "such as data.europa.eu."
    ),
    "keywords": [
        LazyText("public procurement"),
        LazyText("innovation procurement"),
        LazyText("joint procurement"),
    ],
}


def strings(language: str) -> dict:
    """The strings above in `language` (the catalogue translates them)."""
    return interface_table(STRINGS, language)


# --- schema.org --------------------------------------------------------------------------
def _thing(record: Record, site: Site) -> str:
    """The record itself, as opposed to its page."""
    return site.url(record.url) + "#it"


def schema_type(record: Record) -> str:
    if record.kind.name == "organisation" and record.get("org_type") in GOVERNMENT_TYPES:
        return "GovernmentOrganization"
    return SCHEMA_TYPES.get(record.kind.name, "Thing")


def _node(record: Record, site: Site) -> dict:
    """A short mention of another record: its type, id and name."""
    return {"@type": schema_type(record), "@id": _thing(record, site), "name": record.title}


def _event(activity: dict, language: str) -> dict:
    event: dict[str, Any] = {"@type": "Event", "name": _text(activity["title"], language)}
    event["startDate"] = activity["date"].iso
    if activity.get("end_date"):
        event["endDate"] = activity["end_date"].iso
    place = activity.get("place")
    if place:
        online = place.strip().lower() == "online"
        event["location"] = {"@type": "VirtualLocation" if online else "Place", "name": place}
    if activity.get("summary"):
        event["description"] = _text(activity["summary"], language)
    return event


def _text(value, language: str) -> str:
    texts = dict(value.by_language)
    return texts.get(language, texts["en"])


def record_json_ld(
    kb: KnowledgeBase, record: Record, site: Site, language: str = paths.DEFAULT_LANGUAGE
) -> dict:
    """schema.org description of a record page's subject."""
    page = site.url(record.url)
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": schema_type(record),
        "@id": _thing(record, site),
        "name": record.title,
        "url": page,
        "mainEntityOfPage": page,
    }
    if record.get("short_name"):
        data["alternateName"] = record.short_name
    description = summary(record, language)
    if description:
        data["description"] = description

    def nodes(*field_names: str) -> list[dict]:
        return [_node(r, site) for name in field_names for r in kb.refs(record, name)]

    kind = record.kind.name
    if kind == "organisation":
        address = {"@type": "PostalAddress", "addressCountry": record.country}
        if record.get("city"):
            address["addressLocality"] = record.city
        data["address"] = address
        if record.get("website"):
            data["sameAs"] = record.website
        groups = kb.groups_of(record)
        if groups:
            data["memberOf"] = [_node(g, site) for g in groups]
    elif kind == "community":
        members = kb.participants(record)
        if members:
            data["member"] = [_node(m, site) for m in members]
        if record.get("start"):
            data["foundingDate"] = record.start.iso
        if record.get("activities"):
            data["event"] = [_event(a, language) for a in record.activities]
    elif kind == "wave":
        data["startDate"] = record.start.iso
        if record.get("end"):
            data["endDate"] = record.end.iso
        if nodes("run_by"):
            data["organizer"] = nodes("run_by")
        if nodes("funded_by"):
            data["funder"] = nodes("funded_by")
        if record.get("events"):
            data["subEvent"] = [_event(e, language) for e in record.events]
    else:  # outcomes, statements and templates are documents
        data["license"] = licences.CONTENT.url
        data["inLanguage"] = language
        data["citation"] = list(record.sources)
        parent = kb.parent(record)
        if parent:
            data["sourceOrganization"] = _node(parent, site)
        if kind == "statement":
            data["datePublished"] = record.date.iso
            data["creator"] = nodes("signatories")
        if kind == "template":
            data["dateModified"] = record.last_reviewed.iso
            if nodes("based_on"):
                data["isBasedOn"] = nodes("based_on")
        if record.kind.downloads:  # its first Word document (for templates, every criterion)
            data["encoding"] = {
                "@type": "MediaObject",
                "contentUrl": site.url(paths.download(record, next(iter(record.kind.downloads)))),
                "encodingFormat": "application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document",
            }
    return data


def website_json_ld(site: Site, language: str = paths.DEFAULT_LANGUAGE) -> dict:
    explore = site.url(paths.site_url(paths.EXPLORE_PAGE))
    data = {
        "@context": SCHEMA_ORG,
        "@type": "WebSite",
        "@id": site.address + "#website",
        "name": site.name,
        "url": site.address,
        "inLanguage": language,
        "license": licences.CONTENT.url,
        "potentialAction": {
            "@type": "SearchAction",
            "target": explore + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }
    if site.description:
        data["description"] = site.description
    return data


def script_text(data: dict) -> str:
    """JSON for a `<script type="application/ld+json">` element: nothing in it can end the
    element or be read as markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# --- DCAT-AP -------------------------------------------------------------------------------
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _ref(uri: str) -> dict:
    return {"@id": uri}


def _literal(text: str, language: str) -> dict:
    return {"@value": text, "@language": language}


def catalogue(
    kb: KnowledgeBase,
    files: list[DataFile],
    site: Site,
    changed: dict[str, datetime.date],
    language: str = paths.DEFAULT_LANGUAGE,
) -> bytes:
    """The DCAT-AP catalogue (JSON-LD) of the data files: a dataset of every record and one
    per kind, each with its files as distributions."""
    text = strings(language)
    path = paths.data_file("catalog.jsonld")
    data_page = site.url(paths.site_url(paths.data_page()))
    eu_language = _ref(f"{EU_AUTHORITY}/language/{EU_LANGUAGES.get(language, 'ENG')}")
    publisher = {"@id": site.address + "#publisher", "@type": "foaf:Agent", "foaf:name": site.name}
    datasets = [(ALL, text["dataset_all"].format(site=site.name), text["dataset_all_description"])]
    datasets += [
        (k.name, text["dataset_kind"].format(site=site.name, kind=k.label_plural), str(k.intro))
        for k in kb.kinds
    ]
    graph: list[dict] = []
    dataset_ids = []
    for key, title, description in datasets:
        dataset_id = f"{data_page}#dataset-{key}"
        dataset_ids.append(_ref(dataset_id))
        records = kb.records if key == ALL else kb.of_kind(key)
        dataset = {
            "@id": dataset_id,
            "@type": "dcat:Dataset",
            "dct:identifier": dataset_id,
            "dct:title": _literal(title, language),
            "dct:description": _literal(description, language),
            "dct:publisher": _ref(publisher["@id"]),
            "dct:language": eu_language,
            "dcat:theme": _ref(EU_DATA_THEME),
            "dcat:keyword": [_literal(k, language) for k in text["keywords"]],
            "dcat:landingPage": _ref(data_page),
            "dcat:distribution": [],
        }
        dates = [changed[r.source] for r in records if r.source in changed]
        if dates:
            dataset["dct:modified"] = {"@value": max(dates).isoformat(), "@type": "xsd:date"}
        for file in files:
            if file.dataset != key or file.media_type == "application/schema+json":
                continue
            url = site.url(file.path)
            dataset["dcat:distribution"].append(_ref(url))
            distribution = {
                "@id": url,
                "@type": "dcat:Distribution",
                "dct:title": _literal(file.title, language),
                "dct:description": _literal(file.description, language),
                "dcat:accessURL": _ref(data_page),
                "dcat:downloadURL": _ref(url),
                "dcat:mediaType": _ref(
                    f"https://www.iana.org/assignments/media-types/{file.media_type}"
                ),
                "dct:format": _ref(f"{EU_AUTHORITY}/file-type/{file.file_type}"),
                "dct:license": _ref(licences.CONTENT.eu_uri),
                "dcat:byteSize": {"@value": str(file.size), "@type": "xsd:nonNegativeInteger"},
            }
            if file.conforms_to:
                distribution["dct:conformsTo"] = _ref(site.url(file.conforms_to))
            graph.append(distribution)
        graph.append(dataset)
    graph.insert(
        0,
        {
            "@id": site.url(path),
            "@type": "dcat:Catalog",
            "dct:title": _literal(text["catalogue_title"].format(site=site.name), language),
            "dct:description": _literal(
                text["catalogue_description"].format(site=site.name), language
            ),
            "dct:publisher": _ref(publisher["@id"]),
            "dct:language": eu_language,
            "dct:license": _ref(licences.CONTENT.eu_uri),
            "foaf:homepage": _ref(site.address),
            "dcat:dataset": dataset_ids,
        },
    )
    graph.insert(1, publisher)
    document = {"@context": CONTEXT, "@graph": graph}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def catalogue_file(
    kb: KnowledgeBase,
    files: list[DataFile],
    site: Site,
    changed: dict[str, datetime.date],
    language: str = paths.DEFAULT_LANGUAGE,
) -> DataFile:
    text = strings(language)
    return DataFile(
        paths.data_file("catalog.jsonld"),
        catalogue(kb, files, site, changed, language),
        text["catalogue_title"].format(site=site.name) + " (DCAT-AP)",
        text["catalogue_file"],
        "application/ld+json",
        "JSON_LD",
        ALL,
    )
