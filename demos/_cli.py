"""What every demo's command line shares: one-line errors, argument types, a clean exit.

A bad flag or value prints one line on stderr and exits with status 2, never a usage
block or a traceback. ``run(main)`` exits quietly on Ctrl-C (status 130) and when the
reader of a pipe goes away (``... | head``, status 0).
"""

import argparse
import difflib
import math
import os
import sys


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``prog: error: ... (see --help)`` and status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def number(text):
    """argparse type: a finite float."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def whole_number(low, high):
    """argparse type: an int from ``low`` to ``high``, written in ASCII digits."""

    def parse(text):
        stripped = text.strip()
        digits = stripped[1:] if stripped[:1] in "+-" else stripped
        # isdigit() alone admits '²', and int() of 5000 digits is refused: check both first
        short = len(digits) <= len(str(max(abs(low), abs(high))))
        if not (digits.isascii() and digits.isdigit() and short and low <= int(stripped) <= high):
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {low} to {high}, got {text!r}"
            )
        return int(stripped)

    return parse


def closest(word, names, cutoff=0.6):
    """The name in ``names`` that ``word`` most looks like a typo of, or None."""
    close = difflib.get_close_matches(word, list(names), n=1, cutoff=cutoff)
    return close[0] if close else None


def run(main):
    """Call ``main()`` (which returns an exit status) and exit with that status."""
    try:
        status = main()
        sys.stdout.flush()
    except KeyboardInterrupt:
        print()
        status = 130
    except BrokenPipeError:
        # the reader left; point stdout at /dev/null so the flush at exit is silent too
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    sys.exit(status)
