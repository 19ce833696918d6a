"""What every demo's command line shares: one-line errors, argument types, a clean exit.

A bad flag or value prints one line on stderr and exits with status 2, never a usage
block or a traceback. ``run(main, prog)`` exits quietly on Ctrl-C (status 130) and when
the reader of a pipe goes away (``... | head``, status 0), and turns an error of the engine
(a log of 0, an overflow, an infinite derivative) into one line and status 1. Any other
error is a bug: one line asking for a report, status 1; ``GRADTABLE_DEBUG=1`` shows where.
"""

import argparse
import difflib
import math
import os
import sys

from autograd.files import check_writable


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``prog: error: ... (see --help)`` and status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")

    def parse_known_args(self, args=None, namespace=None):
        args = sys.argv[1:] if args is None else list(args)
        return super().parse_known_args(self._attach_values(args), namespace)

    def _attach_values(self, args):
        """``--expr -x*y`` read as ``--expr=-x*y``. argparse takes a word that starts with
        '-' for a flag, so a value with a leading minus would be refused as missing; a word
        that is one of this parser's flags stays a flag."""
        takes_one = {flag for action in self._actions if action.nargs is None
                     for flag in action.option_strings}  # fmt: skip
        attached, words = [], iter(args)
        for word in words:
            value = next(words, None) if word in takes_one else None
            if value is None:
                attached.append(word)
            elif value.startswith("-") and value not in self._option_string_actions and value != "--":
                attached.append(f"{word}={value}")
            else:
                attached += [word, value]
        return attached


def decimal(text):
    """``text`` as a float, written as Python writes one in ASCII (``0.5``, ``-3``, ``1e-3``,
    ``inf``); a ValueError for anything else. Python's ``float`` also reads other scripts'
    digits (``float("５")`` is 5.0); the demos read every number, whole or not, one way."""
    if not text.isascii():
        raise ValueError(f"{text!r} is not a number written in ASCII digits")
    return float(text)


def number(text):
    """argparse type: a finite float."""
    try:
        value = decimal(text)
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


def target_problem(path, suffixes=()):
    """Why no file ending in one of ``suffixes`` can be written at ``path``, or None.

    A new name or a regular file, in a folder that exists: a FIFO, a device or a folder is
    never replaced, and a symlink is written through to the file it names.
    """
    if suffixes and not path.lower().endswith(tuple(suffixes)):
        return f"the file name must end in {' or '.join(suffixes)}, got {path!r}"
    try:
        check_writable(path)
    except (OSError, ValueError) as error:
        return f"cannot write {path!r}: {getattr(error, 'strerror', None) or error}"
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        return f"cannot write {path!r}: the folder {directory!r} does not exist"
    return None


def output_file(*suffixes):
    """argparse type: a path where a file ending in one of ``suffixes`` can be written."""

    def parse(text):
        problem = target_problem(text, suffixes)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return text

    return parse


def output_folder(text):
    """argparse type: a folder to write files into; it is made if it is missing."""
    if os.path.exists(text) and not os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"{text!r} is a file, not a folder; choose a folder")
    return text


def write_problem(error):
    """An OSError from writing a file, as one line: which file, and the plain reason."""
    return f"cannot write {error.filename or 'the file'}: {error.strerror or error}"


def failed(prog, error):
    """Say on stderr, in one line beginning ``prog``, why a file was not written (an
    OSError) or a drawing not made; returns 1, the exit status for it."""
    reason = write_problem(error) if isinstance(error, OSError) else str(error)
    print(f"{prog}: {reason}", file=sys.stderr)
    return 1


def run(main, prog):
    """Call ``main()`` (which returns an exit status) and exit with that status; ``prog`` is
    how error lines begin, as the demo's parser names it."""
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
    except (ValueError, ArithmeticError) as error:  # the engine's: the input was out of range
        print(f"{prog}: {error}", file=sys.stderr)
        status = 1
    except Exception as error:
        if os.environ.get("GRADTABLE_DEBUG"):
            raise
        print(
            f"{prog}: unexpected {type(error).__name__}: {error}. Please report this; "
            "GRADTABLE_DEBUG=1 shows where it happened.",
            file=sys.stderr,
        )
        status = 1
    sys.exit(status)
