"""Benchmark (`make bench`): builds synthetic knowledge bases of 1,000 and 10,000 records
and prints, for each, the time of every build stage, the generator's share of the MkDocs
stage, a rebuild with nothing changed, the peak memory of the build, the time from saving a
record to the preview serving it, the size of the search bundle, the bytes a browser
downloads for search, the size and build cost of the open data (JSON and CSV exports,
feeds, catalogue), and the cost of each language after the first (the same content built
with the first language alone, and the search bytes of each language's index).

Targets at 10,000 records: at most 50 KB (gzipped) of search before the first query, at most
300 KB for a first query of one common word; check + render at most 15 % of the MkDocs
stage, and at most 5 % when nothing changed; peak memory at most 1 GB. At 1,000 records: a
saved record served by the preview within 1.5 s (median of 5 saves).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from measure import measure  # noqa: E402
from preview_latency import save_to_served  # noqa: E402
from synthetic_kb import COMMON_WORD, write_knowledge_base  # noqa: E402

from generator import paths  # noqa: E402
from generator.pipeline import Pipeline  # noqa: E402
from generator.project import Project  # noqa: E402

BEFORE_QUERY_TARGET = 50 * 1024
FIRST_QUERY_TARGET = 300 * 1024


def build(root: Path) -> Pipeline:
    """The stages of `bbkb build`, timed one by one, in this process."""
    pipeline = Pipeline(Project.at(root))
    result = pipeline.run()
    if not result.ok:
        raise SystemExit(
            "the synthetic content does not pass the check:\n"
            + "\n".join(p.text() for p in result.problems.items[:20])
        )
    return pipeline


def build_in_child(root: Path) -> dict:
    """A build in a process of its own, for its peak memory: the generator's process and the
    largest of the processes it starts (MkDocs, Pagefind), which run while it holds its own."""
    done = subprocess.run(
        [sys.executable, __file__, "--build-only", str(root)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def _build_only(root: Path) -> None:
    pipeline = build(root)
    print(json.dumps({
        "times": pipeline.timings,
        "cpu": pipeline.cpu_times,
        "generator_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))  # fmt: skip


GENERATOR_STAGES = ("fingerprint", "check", "render")


def generator_time(times: dict[str, float]) -> float:
    return sum(times.get(stage, 0.0) for stage in GENERATOR_STAGES)


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def open_data_size(site: Path) -> dict[str, tuple[int, int]]:
    """(bytes, files) of the open data by format, and of the export of every record."""
    files = [
        p
        for folder in (paths.DATA_FOLDER, paths.FEEDS_FOLDER)
        for p in (site / folder).rglob("*")
        if p.is_file() and p.suffix != ".html"
    ]
    sizes: dict[str, tuple[int, int]] = {}
    for p in files:
        total, count = sizes.get(p.suffix, (0, 0))
        sizes[p.suffix] = (total + p.stat().st_size, count + 1)
    sizes["all"] = (sum(p.stat().st_size for p in files), len(files))
    everything = site / paths.data_file("knowledge-base.json")
    sizes["everything"] = (everything.stat().st_size, 1)
    return sizes


def first_language_only(root: Path) -> Path:
    """A copy of the project published in its first language alone."""
    single = root.with_name(root.name + "-one-language")
    shutil.copytree(root / "content", single / "content")
    shutil.copytree(root / "theme", single / "theme")
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    languages = Pipeline(Project.at(root)).site.languages
    listed = f"languages: [{', '.join(languages)}]"
    if listed not in settings:
        raise SystemExit(f"mkdocs.yml does not list its languages as '{listed}'")
    settings = settings.replace(listed, f"languages: [{languages[0]}]")
    (single / "mkdocs.yml").write_text(settings, encoding="utf-8")
    return single


def search_bytes_by_language(bundle: Path, languages: tuple[str, ...]) -> dict[str, int]:
    """Bytes of each language's part of the search bundle (index, fragments, filters, meta
    and its word-stemming WebAssembly): Pagefind names every such file after its language."""
    sizes: dict[str, int] = {}
    for path in bundle.rglob("*"):
        if not path.is_file():
            continue
        name = path.name.removeprefix("pagefind.").removeprefix("wasm.")
        language = name.split("_", 1)[0].split(".", 1)[0]
        if language in languages:
            sizes[language] = sizes.get(language, 0) + path.stat().st_size
    return dict(sorted(sizes.items()))


def total_time(times: dict[str, float]) -> float:
    return sum(t for stage, t in times.items() if stage != "exports")  # exports: in render


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def kb(size: int) -> str:
    return f"{size / 1024:,.1f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the built projects")
    parser.add_argument(
        "--preview-sizes",
        type=int,
        nargs="*",
        default=[1000],
        help="sizes at which to time saving a record in the preview",
    )
    parser.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        _build_only(args.build_only)
        return 0

    rows = []
    generator_rows = []
    language_rows = []
    # Every project is removed at the end, none between two sizes: on a file system
    # without a journal (ext4 in some virtual machines), creating a file where thousands
    # were deleted in the last minutes costs the kernel a search past each of them, so a
    # clean-up would slow the next size's file-writing stages (render, MkDocs, Pagefind).
    made: list[Path] = []
    try:
        for records in args.sizes:
            root = Path(tempfile.mkdtemp(prefix=f"bbkb-bench-{records}-"))
            made.append(root)
            shutil.copytree(ROOT / "theme", root / "theme")
            shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
            kinds = write_knowledge_base(root / "content", records, args.seed)
            print(
                f"{records:,} records ({', '.join(f'{n} {k}' for k, n in kinds.items())})",
                file=sys.stderr,
                flush=True,
            )
            cold = build_in_child(root)
            times = cold["times"]
            started = time.perf_counter()
            again = build(root).timings  # nothing changed since
            again["total"] = time.perf_counter() - started
            latency = (
                save_to_served(root, sorted((root / "content/organisations").glob("*.yml"))[5])
                if records in args.preview_sizes
                else []
            )
            bundle, files = folder_size(root / "site" / "pagefind")
            print(
                f"  built in {sum(t for s, t in times.items() if s != 'exports'):.0f} s; "
                "measuring in Chromium",
                file=sys.stderr,
                flush=True,
            )
            data = open_data_size(root / "site")
            downloads = measure(root / "site", COMMON_WORD)
            single = first_language_only(root)
            made.append(single)
            alone = build_in_child(single)["times"]
            language_rows.append(
                (
                    records,
                    times,
                    alone,
                    search_bytes_by_language(
                        root / "site" / "pagefind", Pipeline(Project.at(root)).site.languages
                    ),
                )
            )
            rows.append((records, times, bundle, files, downloads, data))
            generator_rows.append((records, times, again, cold, latency))
    finally:
        for root in made:
            if args.keep:
                print(f"  kept {root}", file=sys.stderr)
            else:
                shutil.rmtree(root, ignore_errors=True)

    print()
    print(
        "| Records | check | render | mkdocs | pagefind | Search bundle (site/pagefind) "
        "| Home page, all files | Search before the first query | First query "
        f'("{COMMON_WORD}") | Explore page, first view |'
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for records, times, bundle, files, d, _ in rows:
        print(
            f"| {records:,} | {times['check']:.1f} s | {times['render']:.1f} s "
            f"| {times['mkdocs']:.1f} s | {times['pagefind']:.1f} s "
            f"| {bundle / 1024 / 1024:,.1f} MB in {files:,} files | {kb(d.page)} "
            f"| {kb(d.search_before_query)} | {kb(d.first_query)} in "
            f"{d.first_query_files} files | {kb(d.explore)} |"
        )
    print()
    print(
        "| Records | check + render | share of MkDocs | rebuild, nothing changed: check + "
        "render (share of MkDocs) | peak memory: generator + largest child | preview: save "
        "to served, median of 5 |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for records, times, again, cold, latency in generator_rows:
        mkdocs = times["mkdocs"]
        served = f"{statistics.median(latency):.2f} s" if latency else "not measured"
        print(
            f"| {records:,} | {generator_time(times):.1f} s "
            f"| {generator_time(times) / mkdocs:.0%} "
            f"| {generator_time(again):.2f} s ({generator_time(again) / again['mkdocs']:.1%}) "
            f"| {cold['generator_mb']:,.0f} MB + {cold['children_mb']:,.0f} MB "
            f"| {served} |"
        )
    print()
    print(
        "| Records | check + render: wall | CPU, user | CPU, system | mkdocs: wall "
        "| CPU, user | CPU, system |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for records, times, _, cold, _ in generator_rows:
        mine = [cold["cpu"].get(stage, (0.0, 0.0)) for stage in GENERATOR_STAGES]
        engine = cold["cpu"]["mkdocs"]
        print(
            f"| {records:,} | {generator_time(times):.1f} s | {sum(u for u, _ in mine):.1f} s "
            f"| {sum(s for _, s in mine):.1f} s | {times['mkdocs']:.1f} s "
            f"| {engine[0]:.1f} s | {engine[1]:.1f} s |"
        )
    print()
    print(
        "CPU: every process of the stage (render workers, MkDocs' processes), on all cores; "
        "system time is the kernel's part (for render, mostly creating the docs files)."
    )
    print()
    print(
        "Bytes are response bodies as served: text gzipped, Pagefind's index files as they "
        "are (already compressed)."
    )
    print()
    print(
        "| Records | Open data build (part of render) | Open data, all files "
        "| JSON exports | CSV tables | Atom feeds | Export of every record |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for records, times, _, _, _, data in rows:
        total, count = data["all"]
        json_size = data.get(".json", (0, 0))[0] + data.get(".jsonld", (0, 0))[0]
        print(
            f"| {records:,} | {times.get('exports', 0.0):.1f} s | {mb(total)} in {count} files "
            f"| {mb(json_size)} | {mb(data.get('.csv', (0, 0))[0])} "
            f"| {kb(data.get('.xml', (0, 0))[0])} | {mb(data['everything'][0])} |"
        )
    print()
    print(
        "JSON exports include the schema and the DCAT-AP catalogue; sizes as written, before "
        "any compression by the host."
    )
    print()
    print(
        "| Records | build, first language alone | build, every language | cost of the "
        "other languages | render | mkdocs | pagefind | search bytes per language |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for records, times, alone, by_language in language_rows:
        extra = total_time(times) - total_time(alone)
        stages = " | ".join(
            f"{times[stage] - alone[stage]:+.1f} s" for stage in ("render", "mkdocs", "pagefind")
        )
        sizes = ", ".join(f"{code} {mb(size)}" for code, size in by_language.items())
        print(
            f"| {records:,} | {total_time(alone):.1f} s | {total_time(times):.1f} s "
            f"| +{extra:.1f} s ({extra / total_time(alone):.0%}) | {stages} | {sizes} |"
        )
    print()
    print(
        "The other languages' stages run beside the first one's where they can (each "
        "language's MkDocs build is a process of its own); the synthetic records are in "
        "English only, so every other language shows them with the fallback notice."
    )
    failed = False
    for records, _, _, _, d, _ in rows:
        if records >= 10000:
            for name, value, target in (
                ("before the first query", d.search_before_query, BEFORE_QUERY_TARGET),
                ("first query", d.first_query, FIRST_QUERY_TARGET),
            ):
                verdict = "meets" if value <= target else "MISSES"
                failed |= value > target
                print(
                    f"{records:,} records, {name}: {kb(value)} {verdict} the target of {kb(target)}"
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
