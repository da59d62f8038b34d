"""Progress and timings on stderr, so stdout stays clean for summaries and scripts."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Stages:
    """Times each pipeline stage and says when it starts and ends."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.say(f"{name} ...")
        start = time.perf_counter()
        yield
        self.seconds[name] = time.perf_counter() - start
        self.say(f"{name} done in {self.seconds[name]:.1f}s")

    def say(self, message: str) -> None:
        if not self.quiet:
            print(f"[reconcile] {message}", file=sys.stderr, flush=True)
