"""Instructions the generator's stages cost per record, counted by Valgrind's callgrind
(`make instructions`): for comparing two versions of the code.

On a shared machine the same render can take a third longer from one run to the next, more
than most changes save; the number of instructions a run executes stays within a fraction
of a per cent. So an A/B of the generator's code is best read here, and its times in
`make bench`. (Instructions are not time: a change that saves instructions but touches more
memory can still be slower. Confirm a large change with `make bench`.)

Each figure is the difference of two runs of this script under callgrind, at the same time
on two cores: one that reads the content and warms up (imports, templates, caches), and one
that does the same and then the stage for every record of a synthetic knowledge base.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from synthetic_kb import write_knowledge_base  # noqa: E402

# What each stage does for every record (a record's pages and downloads in every language).
STAGES = {
    "read": "read and check its file (the check's part per file, on one process)",
    "page": "its page in every language",
    "word": "its Word downloads in every language (templates only)",
    "open data": "the open data of every language, divided by the number of records",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=300, help="synthetic records (300)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_stage(args.child[0], Path(args.child[1]))
        return 0
    if not shutil.which("valgrind"):
        print("valgrind is not installed: run `make instructions`, which installs it")
        return 1
    root = Path(tempfile.mkdtemp(prefix="bbkb-instructions-"))
    try:
        shutil.copytree(ROOT / "theme", root / "theme")
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        kinds = write_knowledge_base(root / "content", args.records, args.seed)
        counts = _count_all(root, ["setup", *STAGES])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    templates = kinds.get("template", 0)
    print(f"{args.records:,} synthetic records ({', '.join(f'{n} {k}' for k, n in kinds.items())})")
    print()
    print("| Stage | Instructions per record | What it does for each record |")
    print("|---|---:|---|")
    for stage, what in STAGES.items():
        records = templates if stage == "word" else args.records
        per_record = (counts[stage] - counts["setup"]) / max(records, 1)
        print(f"| {stage} | {per_record / 1e6:,.2f} million | {what} |")
    return 0


def _count_all(root: Path, stages: list[str]) -> dict[str, int]:
    """Instructions of a run of each stage (setup included), two runs at a time."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        counted = pool.map(lambda stage: _count(stage, root), stages)
        return dict(zip(stages, counted, strict=True))


# Without address-space randomisation: objects hashed by address (in sets, in dicts) then
# come in the same order on every run. With it, two runs of the same code differed by 3 %.
_FIXED_ADDRESSES = ["setarch", platform.machine(), "-R"] if shutil.which("setarch") else []


def _count(stage: str, root: Path) -> int:
    print(f"  counting: {stage}", file=sys.stderr, flush=True)
    done = subprocess.run(
        [
            *_FIXED_ADDRESSES,
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            stage,
            str(root),
        ],
        capture_output=True,
        text=True,
        # Set-ordering and hashing may vary the count between runs otherwise.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if done.returncode or not found:
        raise SystemExit(f"the {stage!r} run failed:\n{done.stdout}{done.stderr[-3000:]}")
    return int(found.group(1))


def _run_stage(stage: str, root: Path) -> None:
    """Setup (read the content, warm up), then `stage` for every record unless "setup"."""
    from generator.loader import _read_file
    from generator.open_data import open_data_files
    from generator.pipeline import Pipeline, _word_file
    from generator.project import Project
    from generator.values import writing_in

    pipeline = Pipeline(Project.at(root), processes=1)
    kb = pipeline.check().kb
    renderers = pipeline._renderers(kb)
    records = kb.records
    for record in {record.kind.name: record for record in records}.values():  # one per kind
        pipeline._record_files(kb, renderers, record)  # its page and downloads, every language
    if stage == "read":
        for record in records:
            _read_file((root / record.source, record.kind), root)
    elif stage == "page":
        for record in records:
            for language, renderer in renderers.items():
                with writing_in(language):
                    renderer.record_page(record)
    elif stage == "word":
        for record in records:
            for language in renderers:
                with writing_in(language):
                    for name in record.kind.downloads:
                        _word_file(kb, record, name)
    elif stage == "open data":
        shared: dict[str, str] = {}
        for language, renderer in renderers.items():
            with writing_in(language):
                open_data_files(kb, renderer.site, pipeline.history, language, shared)
    elif stage != "setup":
        raise SystemExit(f"unknown stage {stage!r}")


if __name__ == "__main__":
    raise SystemExit(main())
