"""Work on several processes: a worker that dies stops the build with a sentence, never a
wait without end (a system out of memory kills the largest process, often a worker)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from .conftest import ROOT

# Run in a process of its own: the test kills processes, and a build that waited forever
# must fail this test (by its timeout), not hang the test run.
KILLED_WORKER = textwrap.dedent("""
    import os, signal
    from generator import parallel
    from generator.errors import BuildFailed

    parallel.PER_PROCESS = 1  # other processes even for a few items
    parent = os.getpid()

    def work(item):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return item

    try:
        parallel.parallel_map(work, list(range(20)), 2)
    except BuildFailed as exc:
        print("stopped:", exc)
""")


def test_a_worker_killed_stops_the_work_with_a_message():
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WORKER],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("stopped: a process making the site stopped"), done.stdout
    assert "run the build again" in done.stdout


def test_work_on_several_processes_gives_every_result_in_order(monkeypatch):
    from generator import parallel

    monkeypatch.setattr(parallel, "PER_PROCESS", 1)
    items = list(range(37))
    assert parallel.parallel_map(lambda n: n * n, items, 3) == [n * n for n in items]
    made_meanwhile = []
    squares = parallel.parallel_map(
        lambda n: n * n, items, 2, meanwhile=lambda: made_meanwhile.append(True)
    )
    assert squares == [n * n for n in items] and made_meanwhile == [True]
