"""Work spread over the machine's cores, for builds of large knowledge bases.

Forked processes inherit everything the parent holds (the knowledge base, the templates), so
only the items' results travel back. Used by builds only: forking a process that runs
threads (the preview's server) is not safe, so the preview asks for one process.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .errors import BuildFailed

PER_PROCESS = 1000  # below this many items per process, starting processes costs more
SLICES_PER_PROCESS = 16
_WORK: tuple[Callable[[Any], Any], Sequence] | None = None  # what forked workers run


def parallel_map(
    function: Callable[[Any], Any],
    items: Sequence,
    processes: int,
    weight: int = 1,
    meanwhile: Callable[[], None] | None = None,
    between: Callable[[], None] = lambda: None,
) -> list:
    """[function(item) for item in items], in order, on up to `processes` processes. An
    item of `weight` costs as much as that many ordinary ones: fewer make a process worth it.
    `meanwhile` runs in this process while the others work (after the items without them);
    without it, this process takes its share of the items. `between` runs before each item
    made in this process: it may raise to stop the work (the preview stops when a new save
    comes)."""
    processes = min(processes, len(items) * weight // PER_PROCESS)
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for item in items:
            between()
            results.append(function(item))
        if meanwhile:
            meanwhile()
        return results
    global _WORK
    _WORK = (function, items)
    # Many slices each, so that the processes end close together: with four each, at
    # 10,000 records one process still had a slice of a few seconds left when the other
    # ended.
    size = -(-len(items) // (processes * SLICES_PER_PROCESS))
    slices = [(start, start + size) for start in range(0, len(items), size)]
    # Without anything else to do, this process takes every n-th slice: items of a kind
    # come together, and some kinds cost more than others.
    own = set() if meanwhile else set(range(processes - 1, len(slices), processes))
    theirs = [bounds for i, bounds in enumerate(slices) if i not in own]
    workers = processes if meanwhile else processes - 1
    # An executor, not a multiprocessing Pool: a worker that dies (the system kills it when
    # memory runs out) breaks it, where a Pool would wait for that worker's results forever.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        pending = [pool.submit(_run_slice, bounds) for bounds in theirs]
        if meanwhile:
            meanwhile()
        made = {}
        for i in sorted(own):
            made[i] = []
            for item in items[slices[i][0] : slices[i][1]]:
                between()
                made[i].append(function(item))
        others = (pickle.loads(part.result()) for part in pending)
        parts = [made[i] if i in own else next(others) for i in range(len(slices))]
    except BrokenProcessPool as exc:
        raise BuildFailed(
            "a process making the site stopped before it finished, perhaps for want of "
            f"memory ({exc}); nothing was published: run the build again"
        ) from exc
    finally:
        pool.shutdown(cancel_futures=True)
        _WORK = None
    return [result for part in parts for result in part]


def _run_slice(bounds: tuple[int, int]) -> bytes:
    function, items = _WORK
    # Pickled here and unpickled by the caller: a result that cannot be rebuilt fails the
    # caller with its own error.
    results = [function(item) for item in items[bounds[0] : bounds[1]]]
    return pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
