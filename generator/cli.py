"""The `bbkb` command: check, build, preview and scaffold knowledge-base records."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import report
from .errors import BuildFailed
from .kinds import KINDS
from .pipeline import Pipeline
from .project import SCHEMAS, Project
from .scaffold import ScaffoldRefused, create_record
from .schema import all_schema_files
from .serve import serve

CHECK_HELP = """\
Reads every record in content/ and checks it: YAML syntax, required fields, types, allowed
values, unknown fields, ids and file names, references between records, dates, web
addresses, country and CPV codes, and text that must not hold HTML.

Every problem is printed on one line, sorted by file:

  content/outcomes/circular-asphalt.yml:12:5: error: wave: no wave has the id 'wave-9' (...)

that is: file, line, column, severity, the field, what is wrong and, in brackets, how to
fix it. The exit status is 0 when no error was found and 1 otherwise. Nothing is written.
"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BuildFailed as exc:
        print(f"bbkb: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - editors get a sentence, never a traceback
        print(
            f"bbkb: internal error: {type(exc).__name__}: {exc}\n"
            "bbkb: this is a bug in the generator, not in your content; please report it.",
            file=sys.stderr,
        )
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bbkb", description="Big Buyers knowledge base: check and build the site."
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="project folder holding content/ and mkdocs.yml (default: the one the current "
        "folder is in)",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check_cmd = commands.add_parser(
        "check",
        help="check every record in content/ and list all problems",
        description=CHECK_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check_cmd.add_argument(
        "--strict", action="store_true", help="treat warnings (such as stale criteria) as errors"
    )
    check_cmd.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for tools",
    )
    check_cmd.set_defaults(run=_check)

    build_cmd = commands.add_parser(
        "build", help="check the content, then build site/ (left as it was on failure)"
    )
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.set_defaults(run=_build)

    serve_cmd = commands.add_parser(
        "serve", help="preview the site locally; pages follow edits to content/"
    )
    serve_cmd.add_argument(
        "--address",
        default="127.0.0.1:8000",
        help="host:port to serve on (default: 127.0.0.1:8000)",
    )
    serve_cmd.set_defaults(run=_serve)

    new_cmd = commands.add_parser(
        "new", help="write a new record with every field of its kind, ready to fill in"
    )
    new_cmd.add_argument("kind", choices=list(KINDS), help="the kind of record")
    new_cmd.add_argument("id", help="the new record's id: lower-case words joined by hyphens")
    new_cmd.set_defaults(run=_new)

    schemas_cmd = commands.add_parser(
        "schemas", help="rewrite the JSON Schemas in generator/schemas/ from the definitions"
    )
    schemas_cmd.set_defaults(run=_schemas)

    translations_cmd = commands.add_parser(
        "translations",
        help="extract the interface's strings into generator/locales/messages.pot and update "
        "each language's .po file from it",
    )
    translations_cmd.set_defaults(run=_translations)

    gen_cmd = commands.add_parser(
        "generate", help="check the content and write the Markdown pages into build/ only"
    )
    gen_cmd.set_defaults(run=_generate, strict=False)
    return parser


def _project(args) -> Project:
    return Project.at(args.root) if args.root else Project.around(Path.cwd())


def _pipeline(args) -> Pipeline:
    """The build pipeline, printing what the check finds as the options ask."""
    strict = getattr(args, "strict", False)
    fmt = getattr(args, "format", "text")
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    return Pipeline(
        _project(args),
        report=lambda problems: report.print_problems(
            problems, fmt=fmt, strict=strict, github=github
        ),
    )


def _translations(args) -> int:
    from . import mkdocs_engine
    from .catalogue import untranslated, update

    site = mkdocs_engine.site(_project(args))
    for path in update(list(site.languages)):
        print(f"bbkb translations: wrote {path}", file=sys.stderr)
    for language in site.languages[1:]:
        missing = untranslated(language)
        if missing:
            print(
                f"bbkb translations: {language}.po lacks {len(missing)} translation(s), "
                "shown in English until translated",
                file=sys.stderr,
            )
    return 0


def _check(args) -> int:
    return 0 if _pipeline(args).check(args.strict).ok else 1


def _generate(args) -> int:
    pipeline = _pipeline(args)
    checked = pipeline.check()
    if not checked.ok:
        return 1
    changed = pipeline.generate(checked.kb)
    print(
        f"bbkb: {len(changed)} page(s) written or removed in {pipeline.project.docs}",
        file=sys.stderr,
    )
    return 0


def _serve(args) -> int:
    return serve(_project(args), args.address)


def _new(args) -> int:
    project = _project(args)
    try:
        path = create_record(project.content, KINDS[args.kind], args.id)
    except ScaffoldRefused as exc:
        print(f"bbkb new: {exc}", file=sys.stderr)
        return 1
    shown = path.relative_to(project.root).as_posix()
    print(f"bbkb new: wrote {shown}; fill in every TODO, then run `bbkb check`", file=sys.stderr)
    return 0


def _schemas(args) -> int:
    SCHEMAS.mkdir(exist_ok=True)
    for name, data in all_schema_files().items():
        (SCHEMAS / name).write_bytes(data)
    print(f"bbkb schemas: wrote {len(all_schema_files())} schemas in {SCHEMAS}", file=sys.stderr)
    return 0


def _build(args) -> int:
    pipeline = _pipeline(args)
    if not pipeline.run(args.strict).ok:
        print("bbkb: site/ was not changed", file=sys.stderr)
        return 1
    print(f"bbkb: built {pipeline.project.site}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
