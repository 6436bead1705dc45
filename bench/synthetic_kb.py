"""Writes a synthetic knowledge base of any size: valid records of every kind, from a seeded
random generator, so that two runs with the same size and seed write the same files.

The text follows a Zipf-like word distribution, as real text does: a few words are on
almost every page, most are rare. That is what makes an index large. The most frequent words
come in the order of the bundled content, where "procurement" is about 1 % of the words
(178 of 17,931): the common word the benchmark searches for.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from generator.kinds import AMBITION_LEVELS, CRITERION_KINDS, ORGANISATION_TYPES, THEMES

COMMON_WORD = "procurement"  # the first query the benchmark measures
# The most frequent words of the bundled content, in its order (URLs and YAML keys left out).
_HEAD = "the of and buyers construction for on in public a procurement community city to"
_DOMAIN = (
    "tender market criteria suppliers contract innovation "
    "sustainable emission construction machinery electric vehicles buses asphalt recycled "
    "circular materials health hospital digital data energy waste water transport city "
    "region agency dialogue award specification clause verification ambition carbon "
    "footprint lifecycle cost standard label certificate performance monitoring pilot "
    "demand statement commitment signatories threshold fossil free zero battery charging "
    "infrastructure timber concrete steel insulation renovation lighting heating cooling "
    "software interoperability privacy security training social inclusion employment fair "
    "wages accessibility services maintenance repair reuse refurbished furniture textiles "
    "food catering cleaning chemicals packaging plastics paper logistics delivery bicycles "
    "roads bridges tunnels schools housing offices depots fleets trucks vans cranes "
    "excavators generators solar wind heat pumps grid storage"
)
_SYLLABLES = (
    "ka ri to mu ne sa lo vi de ra po ti na me ru si ko la be fi go ha ju ve wo ze du ce pa ni"
)
_COUNTRIES = (
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK NO CH IS"
)
_CPV_CODES = (
    "45233000-9 45000000-7 34144900-7 34121000-1 09310000-5 33100000-1 48000000-8 "
    "72000000-5 90500000-2 39100000-3 15800000-6 44111000-1 31500000-1 60100000-9 "
    "71300000-1 79400000-8"
)
HEAD_WORDS, DOMAIN_WORDS, SYLLABLES, COUNTRIES, CPV_CODES = (
    text.split() for text in (_HEAD, _DOMAIN, _SYLLABLES, _COUNTRIES, _CPV_CODES)
)


class Words:
    def __init__(self, rng: random.Random, size: int = 6000):
        invented = {
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)
        }
        known = HEAD_WORDS + [w for w in DOMAIN_WORDS if w not in HEAD_WORDS]
        self.words = known + sorted(invented - set(known))
        # Zipf: the word of rank r is drawn with weight 1/r.
        self.weights = [1 / rank for rank in range(1, len(self.words) + 1)]
        self.rng = rng

    def text(self, count: int) -> str:
        words = self.rng.choices(self.words, weights=self.weights, k=count)
        sentences, at = [], 0
        while at < len(words):
            length = self.rng.randint(8, 16)
            sentence = " ".join(words[at : at + length])
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
            at += length
        return " ".join(sentences)

    def title(self) -> str:
        return " ".join(self.rng.choices(self.words[:400], k=3)).capitalize()


def write_knowledge_base(content: Path, records: int, seed: int = 1) -> dict[str, int]:
    """Writes about `records` records into `content`; returns how many of each kind."""
    rng = random.Random(seed)
    words = Words(rng)
    counts = {
        "wave": 3,
        "organisation": int(records * 0.35),
        "community": int(records * 0.05),
        "outcome": int(records * 0.25),
        "statement": int(records * 0.15),
    }
    counts["template"] = records - sum(counts.values())
    out: dict[str, list[dict]] = {kind: [] for kind in counts}

    orgs = [f"org-{i:05d}" for i in range(counts["organisation"])]
    for i, org in enumerate(orgs):
        out["organisation"].append(
            {
                "id": org,
                "name": f"{words.title()} {i}",
                "country": rng.choice(COUNTRIES),
                "org_type": rng.choice(list(ORGANISATION_TYPES)),
                "city": words.title()[:40],
                "sources": [f"https://example.org/{org}"],
            }
        )
    for number in (1, 2, 3):
        out["wave"].append(
            {
                "id": f"wave-{number}",
                "number": number,
                "name": f"Synthetic wave {number}",
                "short_name": f"SW{number}",
                "start": f"{2017 + 2 * number}-04",
                "status": "completed" if number < 3 else "running",
                "run_by": rng.sample(orgs, 2),
                "summary": words.text(40),
                "story": words.text(200),
                "sources": [f"https://example.org/wave-{number}"],
            }
        )
    communities = [f"community-{i:05d}" for i in range(counts["community"])]
    for i, community in enumerate(communities):
        out["community"].append(
            {
                "id": community,
                "name": f"{words.title()} group {i}",
                "group_type": rng.choice(["working-group", "community-of-practice"]),
                "wave": f"wave-{rng.randint(1, 3)}",
                "theme": rng.choice(list(THEMES)),
                "status": rng.choice(["completed", "active"]),
                "lead": rng.choice(orgs),
                "members": rng.sample(orgs, rng.randint(3, 15)),
                "focus": words.text(60),
                "activities": [
                    {
                        "date": f"20{rng.randint(19, 25)}-0{rng.randint(1, 9)}",
                        "type": "market-dialogue",
                        "title": words.title(),
                        "summary": words.text(30),
                    }
                    for _ in range(rng.randint(1, 4))
                ],
                "sources": [f"https://example.org/{community}"],
            }
        )
    for i in range(counts["outcome"]):
        out["outcome"].append(
            {
                "id": f"outcome-{i:05d}",
                "title": f"{words.title()} {i}",
                "community": rng.choice(communities),
                "theme": rng.choice(list(THEMES)),
                "summary": words.text(30),
                "need": words.text(80),
                "approach": words.text(120),
                "market_engagement": words.text(60),
                "procurement": words.text(80),
                "results": words.text(60),
                "lessons": [words.text(20) for _ in range(3)],
                "cpv_codes": rng.sample(CPV_CODES, rng.randint(1, 3)),
                "cpv_basis": "editorial",
                "sources": [f"https://example.org/outcome-{i}"],
            }
        )
    for i in range(counts["statement"]):
        out["statement"].append(
            {
                "id": f"statement-{i:05d}",
                "title": f"Statement on {words.title().lower()} {i}",
                "statement_type": "joint-statement-of-demand",
                "community": rng.choice(communities),
                "date": f"20{rng.randint(19, 25)}-11",
                "summary": words.text(40),
                "commitments": [
                    {
                        "year": rng.randint(2025, 2030),
                        "requirement": words.text(12),
                        "threshold": "at least 20 %",
                    }
                    for _ in range(3)
                ],
                "signatories": rng.sample(orgs, rng.randint(2, 12)),
                "sources": [f"https://example.org/statement-{i}"],
            }
        )
    for i in range(counts["template"]):
        criteria = [
            {
                "id": f"T{i}-C{j:02d}",
                "kind": rng.choice(list(CRITERION_KINDS)),
                "ambition": rng.choice(list(AMBITION_LEVELS)),
                "title": words.title(),
                "text": words.text(40),
                "rationale": words.text(40),
                "verification": words.text(20),
                "review_date": "2026-01-15",
                "sources": [f"https://example.org/criterion-{i}-{j}"],
            }
            for j in range(rng.randint(3, 7))
        ]
        out["template"].append(
            {
                "id": f"template-{i:05d}",
                "title": f"{words.title()} template {i}",
                "subject": words.text(30),
                "theme": rng.choice(list(THEMES)),
                "community": rng.choice(communities),
                "cpv_codes": rng.sample(CPV_CODES, rng.randint(1, 2)),
                "cpv_basis": "editorial",
                "last_reviewed": "2026-01-15",
                "criteria": criteria,
                "sources": [f"https://example.org/template-{i}"],
            }
        )

    folders = {
        "wave": "waves",
        "organisation": "organisations",
        "community": "communities",
        "outcome": "outcomes",
        "statement": "statements",
        "template": "templates",
    }
    for kind, items in out.items():
        folder = content / folders[kind]
        folder.mkdir(parents=True, exist_ok=True)
        for item in items:
            text = yaml.safe_dump(item, sort_keys=False, allow_unicode=True, width=100)
            (folder / f"{item['id']}.yml").write_text(text, encoding="utf-8")
    pages = content / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for name in ("about", "accessibility", "legal-notice"):
        (pages / f"{name}.md").write_text(
            f"# {name.replace('-', ' ').capitalize()}\n\n{words.text(80)}\n", encoding="utf-8"
        )
    return {kind: len(items) for kind, items in out.items()}
