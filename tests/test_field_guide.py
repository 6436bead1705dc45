"""The field guide lists every field of every kind with what an editor needs to fill it in."""

from __future__ import annotations

import html
import re

from generator.countries import country_name
from generator.fields import ChoiceField, ListField, ObjectField
from generator.kinds import KINDS


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page.replace("<br>", " "))).split())


def every_field(fields, prefix=""):
    for definition in fields:
        yield prefix + definition.name, definition
        inner = definition.item if isinstance(definition, ListField) else definition
        if isinstance(inner, ObjectField):
            yield from every_field(inner.fields, f"{prefix}{definition.name} › ")


def test_the_field_guide_lists_every_field_of_every_kind(built_fixture):
    page = (built_fixture / "site/field-guide/index.html").read_text(encoding="utf-8")
    text = _text(page)
    for kind in KINDS.values():
        section = re.search(rf'<h2 id="kind-{kind.name}">(.*?)(?=<h2 |\Z)', page, re.S)
        assert section, f"no section for {kind.name}"
        rows = {
            html.unescape(re.search(r"<code>(.*?)</code>", cells[0]).group(1)): cells
            for cells in (
                re.findall(r"<td>(.*?)</td>", row, re.S)
                for row in re.findall(r"<tr>(.*?)</tr>", section.group(1), re.S)
            )
            if cells
        }
        for name, definition in every_field(kind.fields):
            row = rows.get(name)
            assert row, f"{kind.name}: {name} is not in the field guide"
            required, meaning, allowed, _example = (_text(c).strip() for c in row[1:])
            assert required == ("Yes" if definition.required else "No"), name
            assert meaning.lower().startswith(definition.help[:30].lower()), name
            if isinstance(definition, ChoiceField):
                for value, label in definition.choices.items():
                    assert f"{value} ({label})" in allowed, f"{name}: {value}"
    assert f"NO ({country_name('NO')})" in text
    assert "criteria › parameters › basis" in text


def test_the_admin_page_leads_to_the_field_guide(built_fixture):
    admin = (built_fixture / "site/admin/index.html").read_text(encoding="utf-8")
    assert 'href="../field-guide/"' in admin
