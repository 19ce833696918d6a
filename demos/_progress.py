"""One progress line for every demo that trains.

On a terminal the line is redrawn in place, at most ten times a second and never wider
than the terminal; otherwise a plain line is printed every tenth of the run, and at least
twice a second when steps are slow. The caller passes plain numbers and text, never its
model or session.
"""

import shutil
import time

REDRAW_INTERVAL = 0.1  # seconds between redraws on a terminal
LINE_INTERVAL = 0.5  # the most seconds between plain progress lines


def bar(fraction, width=24):
    """A text bar ``[#####.......]`` filled to ``fraction`` (clamped to 0..1)."""
    done = min(max(int(round(fraction * width)), 0), width)
    return "[" + "#" * done + "." * (width - done) + "]"


def fit(line, width):
    """``line`` cut to ``width`` columns, so a terminal never wraps it."""
    return line if len(line) <= width else line[: max(width - 1, 0)] + "…"


class Pacer:
    """When a plain progress line is due: every ``every`` steps, and LINE_INTERVAL seconds
    after the last line at the latest."""

    def __init__(self, every):
        self.every, self.last = every, time.monotonic()

    def due(self, done):
        now = time.monotonic()
        if done % self.every == 0 or now - self.last >= LINE_INTERVAL:
            self.last = now
            return True
        return False


class Progress:
    """``update(done, status)`` as work goes on, ``finish()`` at the end."""

    def __init__(self, total, stream, noun="step"):
        self.total, self.stream, self.noun = total, stream, noun
        self.tty = stream.isatty()
        self.lines = Pacer(max(1, total // 10))
        self.started = time.monotonic()
        self.last_draw = -REDRAW_INTERVAL
        self.drawn = False

    def line(self, done, status):
        """The progress line for ``done`` of ``total``: count, bar, status, elapsed time."""
        elapsed = time.monotonic() - self.started
        count = f"{self.noun} {done:>{len(str(self.total))}}/{self.total}"
        return f"{count} {bar(done / self.total)} {status}  {elapsed:.1f} s".rstrip()

    def update(self, done, status=""):
        """Report that ``done`` of ``total`` are done; ``status`` is a short plain text."""
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw >= REDRAW_INTERVAL or done == self.total:
                self.last_draw = now
                width = shutil.get_terminal_size().columns - 1
                self.stream.write("\r\x1b[2K" + fit(self.line(done, status), width))
                self.drawn = True
        elif self.lines.due(done) or done in (1, self.total):
            self.stream.write(f"{self.noun} {done}/{self.total}: {status}\n")
        self.stream.flush()

    def finish(self):
        """End the line on a terminal, so what follows starts on a line of its own."""
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False
