"""The Explore page: every record in one list, narrowed by words and by the facets.

theme/assets/javascripts/bbkb-explore.js draws it from the search index; this gives the
script what the index does not hold: each facet's address parameter and heading, in the
order the kinds declare them, and the natural order of the values that have one.
"""

from __future__ import annotations

from .facets import all_facets, natural_order
from .knowledge_base import KnowledgeBase


def explore_settings(kb: KnowledgeBase) -> dict:
    return {
        "facets": [
            {
                "filter": facet.name,
                "param": facet.param,
                "heading": str(facet.heading),
                "order": natural_order(kb, facet),
            }
            for facet in all_facets(kb.kinds)
        ]
    }
