"""Loads every record in content/ and checks it, collecting all problems in one pass."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .fields import ID_PATTERN, LANGUAGE_PATTERN, ref_fields
from .kinds import EDITORIAL, KINDS, KINDS_BY_FOLDER, SUGGESTION, Kind
from .model import Page, Record
from .parallel import parallel_map
from .problems import Position, ProblemList, display_path
from .reading import INVALID, ReadContext, RefUse, read_mapping
from .relation_hints import written_elsewhere
from .tender_document import Parameter, slots
from .values import writing_in
from .yaml_source import LoadError, decode, parse

PAGES_FOLDER = "pages"


@dataclass
class LoadResult:
    records: list[Record] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    problems: ProblemList = field(default_factory=ProblemList)


STALE_AFTER_YEARS = 3


# What reading one record file gave: its record (None when it did not read), its problems
# and the references it makes, checked once every record is read.
FileRead = tuple[Record | None, list, list[RefUse]]
# path -> ((modification time, size), what reading the file gave): lets the preview re-read
# only the files that changed since its last check.
ReadCache = dict[Path, tuple[tuple[int, int], FileRead]]


def load_content(
    content_dir: Path,
    root: Path,
    today: datetime.date | None = None,
    cache: ReadCache | None = None,
    processes: int = 1,
) -> LoadResult:
    """Every record and page of `content_dir`, and the problems found. The record files are
    read on up to `processes` processes (many files make it worth it); with a `cache`, in
    this one, re-reading only the files that changed."""
    result = LoadResult()
    problems = result.problems
    if not content_dir.is_dir():
        problems.error(
            Position(display_path(content_dir, root)),
            "",
            "the content folder does not exist",
            "run from the project root",
        )
        return result
    refs: list[RefUse] = []
    positions: dict[str, Position] = {}
    unreadable: set[tuple[str, str]] = set()  # (kind, id) of record files that did not read
    entries = [e for e in sorted(content_dir.iterdir()) if not e.name.startswith(".")]
    # Each kind's files once, in name order (comparing Path objects is slow).
    record_files = {
        entry: sorted(entry.iterdir(), key=lambda path: path.name)
        for entry in entries
        if entry.is_dir() and entry.name in KINDS_BY_FOLDER
    }
    files = [
        (path, KINDS_BY_FOLDER[entry.name])
        for entry, kind_files in record_files.items()
        for path in kind_files
    ]
    reads = iter(_read_files(files, root, cache, processes))
    for entry in entries:
        shown = display_path(entry, root)
        if entry.is_dir() and entry.name == PAGES_FOLDER:
            result.pages.extend(_load_pages(entry, root, problems))
        elif entry in record_files:
            kind = KINDS_BY_FOLDER[entry.name]
            for path in record_files[entry]:
                record, items, file_refs = next(reads)
                problems.items.extend(items)
                refs.extend(file_refs)
                if record is None and path.suffix == ".yml":
                    unreadable.add((kind.name, path.stem))  # its own problem says why
                if record is not None:
                    if record.id in positions:
                        problems.error(
                            Position(record.source, 1, 1),
                            "id",
                            f"{record.id!r} is already used by {positions[record.id]}",
                            "ids must be unique across all records",
                        )
                        continue
                    positions[record.id] = Position(record.source)
                    result.records.append(record)
        else:
            close = difflib.get_close_matches(entry.name, [*KINDS_BY_FOLDER, PAGES_FOLDER], n=1)
            problems.error(
                Position(shown),
                "",
                "is not a known content folder",
                f"did you mean content/{close[0]}/?"
                if close
                else "folders are: " + ", ".join([*KINDS_BY_FOLDER, PAGES_FOLDER]),
            )
    _check_references(result.records, refs, problems, unreadable)
    _check_criterion_ids(result)
    _check_parameter_basis(result)
    _warn_values_without_parameter(result, root)
    _check_cpv_basis(result)
    _check_contacts(result)
    _check_announced_communities(result)
    _warn_stale_criteria(result, today or datetime.date.today())
    if not problems.errors:  # one mistake at a time: likely slips once the rest reads
        _warn_implausible(result, refs)
    return result


def _read_files(
    files: list[tuple[Path, Kind]], root: Path, cache: ReadCache | None, processes: int
) -> list[FileRead]:
    """What reading each file gave, in order. Without a cache, on up to `processes`
    processes: at 10,000 records, reading took the one core of a two-core machine 6 s."""
    if cache is None:
        return parallel_map(partial(_read_file, root=root), files, processes)
    reads = []
    for path, kind in files:
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = None
        if key is None or path not in cache or cache[path][0] != key:
            cache[path] = (key, _read_file((path, kind), root))
        reads.append(cache[path][1])
    return reads


def _read_file(file: tuple[Path, Kind], root: Path) -> FileRead:
    path, kind = file
    problems, refs = ProblemList(), []
    record = _load_file(path, kind, root, problems, refs)
    return record, problems.items, refs


def _load_file(
    path: Path, kind: Kind, root: Path, problems: ProblemList, refs: list[RefUse]
) -> Record | None:
    shown = display_path(path, root)
    if path.name.startswith("."):
        return None
    if path.is_dir() or path.suffix != ".yml":
        hint = (
            "rename it to end in .yml"
            if path.suffix == ".yaml"
            else f"only <id>.yml records belong in content/{kind.folder}/"
        )
        problems.error(Position(shown), "", "is not a record file", hint)
        return None
    try:
        node = parse(decode(path.read_bytes()))
    except LoadError as exc:
        problems.error(Position(shown, exc.line, exc.column), "", exc.message, exc.hint)
        return None
    except OSError as exc:
        problems.error(Position(shown), "", f"cannot be read: {exc.strerror}")
        return None
    if node is None:
        problems.error(
            Position(shown),
            "",
            "the file is empty",
            f"run `bbkb new {kind.name} {path.stem}` for a filled-in skeleton",
        )
        return None
    ctx = ReadContext(shown, problems)
    data = read_mapping(
        node, list(kind.fields), ctx,
        unknown_hint=lambda key: written_elsewhere(kind, key, path.stem),
    )  # fmt: skip
    if data is INVALID:
        return None
    refs.extend(ctx.refs)
    record_id = data.get("id")
    if record_id is None:
        return None
    if record_id != path.stem:
        id_node = next((k for k, _ in node.value if k.value == "id"), node)
        problems.error(
            ctx.position(id_node),
            "id",
            f"{record_id!r} does not match the file name {path.name!r}",
            f"rename the file to {record_id}.yml or change the id to {path.stem!r}",
        )
        return None
    return Record(kind, record_id, data, shown)


def _load_pages(folder: Path, root: Path, problems: ProblemList) -> list[Page]:
    """The pages in English (`about.md`), each with its translations (`about.fr.md`)."""
    pages: dict[str, Page] = {}
    translations: list[tuple[str, str, Page]] = []
    for path in sorted(folder.iterdir()):
        shown = display_path(path, root)
        if path.name.startswith("."):
            continue
        name, _, language = path.stem.partition(".")
        if (
            path.suffix != ".md"
            or not re.match(ID_PATTERN, name)
            or (language and not re.match(LANGUAGE_PATTERN, language))
        ):
            problems.error(
                Position(shown),
                "",
                "is not a page file",
                "pages are lower-case-name.md files; a translation adds its language "
                "code: lower-case-name.fr.md",
            )
            continue
        try:
            text = decode(path.read_bytes())
        except LoadError as exc:
            problems.error(Position(shown, exc.line, exc.column), "", exc.message, exc.hint)
            continue
        page = Page(name, text, shown)
        if language:
            translations.append((name, language, page))
        else:
            pages[name] = page
    for name, language, page in translations:
        if name not in pages:
            problems.error(
                Position(page.source),
                "",
                f"translates a page that does not exist ({name}.md)",
                f"write {name}.md in English first, or rename this file",
            )
        else:
            pages[name].translations[language] = page
    return list(pages.values())


def _check_references(
    records: list[Record], refs: list[RefUse], problems: ProblemList, unreadable: set
) -> None:
    by_id = {r.id: r for r in records}
    for ref in refs:
        target = by_id.get(ref.target)
        wanted = " or ".join(ref.kinds)
        if target is None and any((kind, ref.target) in unreadable for kind in ref.kinds):
            continue  # the record exists; the problem is in its own file, reported there
        if target is None:
            candidates = [r.id for r in records if r.kind.name in ref.kinds]
            close = difflib.get_close_matches(ref.target, candidates, n=1)
            problems.error(
                ref.position,
                ref.field_path,
                f"no {wanted} has the id {ref.target!r}",
                f"did you mean {close[0]!r}?"
                if close
                else f"create content/{KINDS[ref.kinds[0]].folder}/{ref.target}.yml or fix the id",
            )
        elif target.kind.name not in ref.kinds:
            problems.error(
                ref.position,
                ref.field_path,
                f"{ref.target!r} is {_a(target.kind.name)}, not {_a(wanted)}",
                f"give the id of {_a(wanted)}",
            )


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _warn_stale_criteria(result: LoadResult, today: datetime.date) -> None:
    """Criteria cite markets and laws that move; old wording needs a fresh look."""
    limit = today.replace(year=today.year - STALE_AFTER_YEARS, day=min(today.day, 28))
    for record in result.records:
        for index, criterion in enumerate(record.data.get("criteria", []), start=1):
            reviewed = criterion.get("review_date")
            if reviewed is None:
                continue
            last_day = datetime.date(
                reviewed.year,
                reviewed.month or 12,
                reviewed.day or (31 if not reviewed.month else 28),
            )
            if last_day < limit:
                result.problems.warning(
                    criterion.positions.get("review_date", Position(record.source)),
                    f"criteria[{index}].review_date",
                    f"criterion {criterion.get('id')} was last reviewed on {reviewed.iso}, "
                    f"more than {STALE_AFTER_YEARS} years ago",
                    "check the wording against today's market and law, then update the date",
                )


def _warn_implausible(result: LoadResult, refs: list[RefUse]) -> None:
    """What checks as valid but is most likely a slip: dates in the wrong order, a lead who
    is also listed as a member, an activity after its wave ended, a record nothing names."""
    warn = result.problems.warning
    by_id = {r.id: r for r in result.records}
    named = {ref.target for ref in refs}
    for record in result.records:
        data = record.data
        for prefix, dated, start, end in _dated(data):
            if dated.get(start) and dated.get(end) and dated[end] < dated[start]:
                warn(dated.positions.get(end, Position(record.source)), prefix + end,
                     f"ends ({dated[end].iso}) before it starts ({dated[start].iso})",
                     "check both dates against the source")  # fmt: skip
        if data.get("lead") and data.get("lead") in (data.get("members") or []):
            warn(data.positions.get("members", Position(record.source)), "members",
                 f"{data['lead']!r} is the lead and is listed as a member too",
                 "leave the lead out of members")  # fmt: skip
        wave = by_id.get(data.get("wave") or "")
        wave_end = wave.data.get("end") if wave is not None else None
        for index, activity in enumerate(data.get("activities") or [], start=1):
            # Follow-up events come in the months after a wave; a year later is most
            # likely a mistyped year.
            if wave_end and activity.get("date") and activity["date"].year > wave_end.year + 1:
                warn(activity.positions.get("date", Position(record.source)),
                     f"activities[{index}].date",
                     f"is more than a year after the end of {wave.id} ({wave_end.iso})",
                     "check the year, or whether the group belongs to a later wave")  # fmt: skip
        # Kinds that name no other kind (organisations) are reached only through the
        # records that name them: one nothing names is linked from its index page alone.
        if record.id not in named and not ref_fields(record.kind.fields):
            warn(Position(record.source), "id",
                 f"no other record names this {record.kind.label.lower()}",
                 "name it where it took part (for example a community's members), "
                 "or remove the record")  # fmt: skip


def _dated(data) -> list[tuple[str, dict, str, str]]:
    """(field path prefix, values, start field, end field) for the record and its activities."""
    found = [("", data, "start", "end")]
    for name in ("activities", "events"):
        for index, activity in enumerate(data.get(name) or [], start=1):
            found.append((f"{name}[{index}].", activity, "date", "end_date"))
    return found


def _check_criterion_ids(result: LoadResult) -> None:
    """Criterion ids are cited in tenders, so one id means one criterion everywhere."""
    first_use: dict[str, str] = {}
    for record in result.records:
        for index, criterion in enumerate(record.data.get("criteria", []), start=1):
            cid = criterion.get("id")
            if cid is None:
                continue
            if cid in first_use and first_use[cid] != record.source:
                result.problems.error(
                    criterion.positions.get("id", Position(record.source)),
                    f"criteria[{index}].id",
                    f"{cid!r} is also used in {first_use[cid]}",
                    "criterion ids must be unique across all templates",
                )
            first_use.setdefault(cid, record.source)


def _check_parameter_basis(result: LoadResult) -> None:
    """A value that looks sourced must be in a source the page lists; else it is ours."""
    for record in result.records:
        listed = set(record.data.get("sources") or [])
        for index, criterion in enumerate(record.data.get("criteria", []), start=1):
            cited = listed | set(criterion.get("sources") or [])
            for number, parameter in enumerate(criterion.get("parameters") or [], start=1):
                basis = parameter.get("basis")
                if basis is None or basis == SUGGESTION or basis in cited:
                    continue
                result.problems.error(
                    parameter.positions.get("basis", Position(record.source)),
                    f"criteria[{index}].parameters[{number}].basis",
                    f"{basis!r} is not among the sources of criterion {criterion.get('id')}",
                    "add that address to the criterion's sources if it gives the value, "
                    "or write 'suggestion'",
                )


def _warn_values_without_parameter(result: LoadResult, root: Path) -> None:
    """A value in brackets is one a buyer sets, so it needs a parameter (with its basis) to
    say what it is and where it comes from: the parameter named like the bracket, or one
    whose value starts like it, matched as the page and the Word file match them."""
    for record in result.records:
        for index, criterion in enumerate(record.data.get("criteria", []), start=1):
            text = criterion.get("text")
            if text is None or any(
                p.get("name") is None or p.get("value") is None
                for p in criterion.get("parameters") or []
            ):
                continue  # its own problem says what is missing
            parameters = tuple(
                Parameter(p["name"], p["value"], None, SUGGESTION)
                for p in criterion.get("parameters") or []
            )
            field_name = f"criteria[{index}].text"
            where = criterion.positions.get("text", Position(record.source))
            for language, _ in text.by_language:
                with writing_in(language):
                    unmatched = [s.default for s in slots(text, parameters) if not s.parameter]
                translated = len(text.by_language) > 1
                for value in unmatched:
                    result.problems.warning(
                        _key_position(root, where, language) if translated else where,
                        f"{field_name}.{language}" if translated else field_name,
                        f"the value in brackets [{value}] matches no parameter of criterion "
                        f"{criterion.get('id')}",
                        "add a parameter with its basis, named like the bracket or with a "
                        "value that starts like it; or write the bracket as the name or the "
                        "value of the parameter it sets",
                    )


def _key_position(root: Path, mapping: Position, key: str) -> Position:
    """Where `key:` is written in the mapping that starts at `mapping` (the `fr:` of a
    text), found in the file; the mapping's start when it cannot be read."""
    try:
        lines = (root / mapping.path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return mapping
    indent = mapping.column - 1
    for number in range(mapping.line - 1, len(lines)):
        line = lines[number]
        if line.strip() and len(line) - len(line.lstrip(" ")) < indent:
            break  # past the mapping
        if line[:indent].strip() == "" and line[indent:].startswith(f"{key}:"):
            return Position(mapping.path, number + 1, mapping.column)
    return mapping


def _check_cpv_basis(result: LoadResult) -> None:
    """CPV codes are shown as sourced or as our classification, never unmarked."""
    for record in result.records:
        data = record.data
        basis = data.get("cpv_basis")
        if data.get("cpv_codes") and basis is None:
            result.problems.error(
                data.positions.get("cpv_codes", Position(record.source)),
                "cpv_basis",
                "the CPV codes have no basis",
                "add 'cpv_basis: editorial' when we chose the codes, or the web address of "
                "a listed source that gives them",
            )
        elif basis not in (None, EDITORIAL) and basis not in (data.get("sources") or []):
            result.problems.error(
                data.positions.get("cpv_basis", Position(record.source)),
                "cpv_basis",
                f"{basis!r} is not among the record's sources",
                "add it to the sources if it gives the codes, or write 'editorial'",
            )


def _check_contacts(result: LoadResult) -> None:
    """A way to join needs an address to use and a listed source that gives it."""
    for record in result.records:
        contact = record.data.get("contact")
        if not contact:
            continue
        where = record.data.positions.get("contact", Position(record.source))
        already = any(
            p.position.path == record.source and p.field in ("contact.email", "contact.url")
            for p in result.problems.items
        )
        if not contact.get("email") and not contact.get("url") and not already:
            result.problems.error(
                where,
                "contact",
                "gives neither an e-mail address nor a page",
                "add 'email:' or 'url:' as the source gives it",
            )
        source = contact.get("source")
        if source is not None and source not in (record.data.get("sources") or []):
            result.problems.error(
                contact.positions.get("source", where),
                "contact.source",
                f"{source!r} is not among the record's sources",
                "add it to the sources, or name a listed source that gives the contact",
            )


def _check_announced_communities(result: LoadResult) -> None:
    """A wave lists its own groups: a record named there must belong to that wave."""
    by_id = {r.id: r for r in result.records}
    for wave in result.records:
        for index, announced in enumerate(wave.data.get("communities_announced") or [], start=1):
            community = by_id.get(announced.get("community"))
            if community is None or community.kind.name != "community":
                continue  # a missing or wrong record is reported with the references
            if community.data.get("wave") != wave.id:
                result.problems.error(
                    announced.positions.get("community", Position(wave.source)),
                    f"communities_announced[{index}].community",
                    f"{community.id!r} belongs to {community.data.get('wave')!r}, not to "
                    f"{wave.id!r}",
                    "name a community of this wave, or leave the id out",
                )
