"""A one-line progress bar on stderr, redrawn in place: no dependency."""

import sys
import time


class ProgressBar:
    def __init__(self, total: int, enabled: bool = True, width: int = 24):
        self.total = max(1, total)
        self.enabled = enabled
        self.width = width
        self.started = time.monotonic()
        self.validation = None

    def update(self, done: int, step: int, loss: float) -> None:
        if not self.enabled:
            return
        filled = self.width * done // self.total
        rate = done / max(1e-9, time.monotonic() - self.started)
        left = (self.total - done) / rate if rate > 0 else 0
        val = f" val {self.validation:.4f}" if self.validation is not None else ""
        bar = "#" * filled + "." * (self.width - filled)
        sys.stderr.write(
            f"\r[{bar}] {done}/{self.total} step {step} loss {loss:.4f}{val} {rate:.1f} steps/s, {left:.0f} s left "
        )
        sys.stderr.flush()

    def note(self, line: str) -> None:
        """A line of its own (a validation result), above the bar."""
        if self.enabled:
            sys.stderr.write("\r" + line + " " * 20 + "\n")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
