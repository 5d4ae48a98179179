"""How far a long seed has got: one line redrawn in place on a terminal, a line per step in a log."""

import time


class Progress:
    def __init__(self, out, label: str, total: int, *, width: int = 30):
        self.out, self.label, self.total, self.width = out, label, total, width
        self.interactive = out.isatty()
        self.done = self.rows = 0
        self.started = time.monotonic()

    def advance(self, done: int, rows: int) -> None:
        """`done` more items (e.g. work orders) are written, which took `rows` rows in all."""
        self.done += done
        self.rows += rows
        if self.interactive:
            self.out.write("\r" + self.line(), ending="")
            self.out.flush()
        else:
            self.out.write(self.line())

    def finish(self) -> None:
        if self.interactive:
            self.out.write("")  # keep the last state and move to a new line

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        share = self.done / self.total if self.total else 1.0
        bar = "#" * round(share * self.width)
        return (
            f"{self.label:<12} [{bar:<{self.width}}] {self.done:>11,}/{self.total:,} {share:4.0%}"
            f"  {self.rows / elapsed:>9,.0f} rows/s  {elapsed:6.1f} s"
        )
