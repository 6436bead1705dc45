"""How much of the content is translated: per language and kind, the texts that have a
translation out of the texts that need one (proper names, right as written, do not)."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Record, local_texts

Coverage = dict[str, dict[str, tuple[int, int]]]  # language -> kind -> (translated, texts)


def translation_coverage(records: Iterable[Record], languages: Iterable[str]) -> Coverage:
    others = [language for language in languages if language != "en"]
    coverage: Coverage = {language: {} for language in others}
    for record in records:
        texts = [text for text in local_texts(record.data) if not text.as_written]
        for language in others:
            done, total = coverage[language].get(record.kind.name, (0, 0))
            translated = sum(text.has(language) for text in texts)
            coverage[language][record.kind.name] = (done + translated, total + len(texts))
    return coverage


def coverage_lines(coverage: Coverage) -> list[str]:
    """'fr: 1,043 of 1,052 texts translated (wave 81/81, community 134/134, ...)'."""
    lines = []
    for language, kinds in coverage.items():
        done = sum(d for d, _ in kinds.values())
        total = sum(t for _, t in kinds.values())
        parts = ", ".join(f"{kind} {d}/{t}" for kind, (d, t) in sorted(kinds.items()))
        lines.append(f"{language}: {done:,} of {total:,} texts translated ({parts})")
    return lines


def coverage_json(coverage: Coverage) -> dict:
    return {
        language: {kind: {"translated": d, "texts": t} for kind, (d, t) in sorted(kinds.items())}
        for language, kinds in coverage.items()
    }
