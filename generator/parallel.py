"""Work spread over the machine's cores, for builds of large knowledge bases.

Forked processes inherit everything the parent holds (the knowledge base, the templates), so
only the items' results travel back. Used by builds only: forking a process that runs
threads (the preview's server) is not safe, so the preview asks for one process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any

PER_PROCESS = 1000  # below this many items per process, starting processes costs more
_WORK: tuple[Callable[[Any], Any], Sequence] | None = None  # what forked workers run


def parallel_map(
    function: Callable[[Any], Any],
    items: Sequence,
    processes: int,
    weight: int = 1,
    meanwhile: Callable[[], None] = lambda: None,
    between: Callable[[], None] = lambda: None,
) -> list:
    """[function(item) for item in items], in order, on up to `processes` processes. An
    item of `weight` costs as much as that many ordinary ones: fewer make a process worth it.
    `meanwhile` runs in this process while the others work (after the items without them).
    `between` runs before each item made in this process: it may raise to stop the work
    (the preview stops when a new save comes)."""
    processes = min(processes, len(items) * weight // PER_PROCESS)
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for item in items:
            between()
            results.append(function(item))
        meanwhile()
        return results
    global _WORK
    _WORK = (function, items)
    try:
        size = -(-len(items) // (processes * 4))  # a few slices each, for balance
        slices = [(start, start + size) for start in range(0, len(items), size)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            pending = pool.map_async(_run_slice, slices)
            meanwhile()
            parts = pending.get()
    finally:
        _WORK = None
    return [result for part in parts for result in part]


def _run_slice(bounds: tuple[int, int]) -> list:
    function, items = _WORK
    return [function(item) for item in items[bounds[0] : bounds[1]]]
