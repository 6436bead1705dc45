"""What stops a build with a sentence for the person running it, not a traceback."""

from __future__ import annotations


class BuildFailed(RuntimeError):
    """The build cannot go on; the message says why and, where it can, what to do."""
