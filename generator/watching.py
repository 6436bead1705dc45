"""Notices saves in content/ for `bbkb serve`.

The operating system tells of each change (inotify on Linux, FSEvents on macOS,
ReadDirectoryChangesW on Windows, through watchdog): a save is seen at once, and an idle
preview reads nothing, where polling content/ stat'ed every file several times a second (a
fifth of a second each time at 10,000 records). Where the system gives no events (its table
of watches is full, a network drive), watchdog polls instead.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog import events
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

# What a save, a new file, a removal or a rename gives. Not "opened" nor "closed without
# writing": the preview reads the files it is told changed, and must not wake itself.
CHANGES = {
    events.EVENT_TYPE_ATTRIB,
    events.EVENT_TYPE_CLOSED,
    events.EVENT_TYPE_CREATED,
    events.EVENT_TYPE_DELETED,
    events.EVENT_TYPE_MODIFIED,
    events.EVENT_TYPE_MOVED,
}


class ContentWatcher(FileSystemEventHandler):
    """Counts the changes under a folder; the preview waits for one, then for quiet."""

    def __init__(self, folder: Path, poll_seconds: float = 0.5):
        self.folder = folder
        self.poll_seconds = poll_seconds  # only where the system gives no events
        self._changes = 0
        self._handled = 0  # the count the last settle() saw
        self._changed = threading.Condition()
        self._observer = None

    def __enter__(self) -> ContentWatcher:
        try:
            self._observer = self._start(Observer())
        except OSError:  # e.g. inotify's limit of watches reached
            self._observer = self._start(PollingObserver(timeout=self.poll_seconds))
        return self

    def _start(self, observer):
        observer.schedule(self, str(self.folder), recursive=True)
        observer.start()
        return observer

    def __exit__(self, *exc) -> None:
        self._observer.stop()
        self._observer.join()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES:
            with self._changed:
                self._changes += 1
                self._changed.notify_all()

    def wait_for_save(self) -> None:
        """Returns once something changed since the last settle() (at once if it did)."""
        with self._changed:
            while self._changes == self._handled:
                # A bounded wait, so that Ctrl+C is seen on every system.
                self._changed.wait(timeout=1)

    def settle(self, pause: float = 0.1, most: int = 20) -> None:
        """Waits until nothing changed for `pause` seconds. Editors often save by emptying
        the file and then writing it: reading between the two would show a spurious "the
        file is empty". Gives up after `most` pauses (a tool that never stops writing)."""
        with self._changed:
            seen = self._changes
        for _ in range(most):
            time.sleep(pause)
            with self._changed:
                if self._changes == seen:
                    break
                seen = self._changes
        self._handled = seen

    def saved_again(self) -> bool:
        """Whether something changed since the last settle()."""
        with self._changed:
            return self._changes != self._handled
