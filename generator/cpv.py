"""CPV divisions: the first two digits of a CPV code, used to group codes in filters."""

from __future__ import annotations

from .i18n import LazyText

_DIVISION_NAMES = {
    "03": "Agricultural, farming, fishing and forestry products",
    "09": "Petroleum products, fuel, electricity and other energy",
    "14": "Mining, basic metals and related products",
    "15": "Food, beverages, tobacco and related products",
    "16": "Agricultural machinery",
    "18": "Clothing, footwear, luggage and accessories",
    "19": "Leather, textile, plastic and rubber materials",
    "22": "Printed matter and related products",
    "24": "Chemical products",
    "30": "Office and computing machinery and supplies",
    "31": "Electrical machinery, apparatus and lighting",
    "32": "Radio, television and telecommunication equipment",
    "33": "Medical equipment, pharmaceuticals and personal care",
    "34": "Transport equipment and auxiliary products",
    "35": "Security, fire-fighting, police and defence equipment",
    "37": "Musical instruments, sport goods, games and toys",
    "38": "Laboratory, optical and precision equipment",
    "39": "Furniture, furnishings, domestic appliances and cleaning products",
    "41": "Collected and purified water",
    "42": "Industrial machinery",
    "43": "Machinery for mining, quarrying and construction",
    "44": "Construction structures and materials",
    "45": "Construction work",
    "48": "Software packages and information systems",
    "50": "Repair and maintenance services",
    "51": "Installation services",
    "55": "Hotel, restaurant and retail trade services",
    "60": "Transport services (excluding waste transport)",
    "63": "Supporting transport services; travel agencies",
    "64": "Postal and telecommunications services",
    "65": "Public utilities",
    "66": "Financial and insurance services",
    "70": "Real estate services",
    "71": "Architectural, construction, engineering and inspection services",
    "72": "IT services",
    "73": "Research and development services",
    "75": "Administration, defence and social security services",
    "76": "Services related to the oil and gas industry",
    "77": "Agricultural, forestry and horticultural services",
    "79": "Business services",
    "80": "Education and training services",
    "85": "Health and social work services",
    "90": "Sewage, refuse, cleaning and environmental services",
    "92": "Recreational, cultural and sporting services",
    "98": "Other community, social and personal services",
}
# Names in the language being written (the catalogue translates them).
DIVISIONS = {code: LazyText(name) for code, name in _DIVISION_NAMES.items()}
OTHER = LazyText("Other")


def division_label(code: str) -> str:
    """'45233000-9' -> '45 Construction work'."""
    division = code[:2]
    return f"{division} {DIVISIONS.get(division, OTHER)}"
