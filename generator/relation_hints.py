"""Where a relation is written, for editors who look for it on the other side.

Each relation is written once, on one side (a community lists its members; an organisation
does not list its communities). An editor who writes it on the other side gets, instead of
"not a known field", the place to write it, found from the reference fields of the kinds.
"""

from __future__ import annotations

from .fields import ref_fields
from .kinds import KINDS, Kind


def written_elsewhere(kind: Kind, key: str, record_id: str) -> str | None:
    """A hint when `key` on a `kind` record names a relation written on another kind."""
    wanted = key.strip().lower().replace("-", "_")
    for other in KINDS.values():
        refs = [(d.name, ref.name) for d, ref in ref_fields(other.fields) if kind.name in ref.kinds]
        fields = [name for name, _ in refs]
        names = {other.name, other.folder, *(n for pair in refs for n in (*pair, f"{pair[1]}_of"))}
        if other is kind or not fields or wanted not in names:
            continue
        where = " or ".join(f"'{name}:'" for name in fields)
        return (
            f"this link is written on the {other.label.lower()}, not here: remove it and add "
            f"'{record_id}' under {where} in content/{other.folder}/<{other.name} id>.yml"
        )
    return None
