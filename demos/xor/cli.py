"""The command line: flags, then commands from ``--script``, a terminal or piped stdin.

Reads commands from a terminal (with line editing and history) or from piped stdin, and
exits 0 at ``quit`` or at the end of input. The flags parse with the rows of the
settings table, so a flag takes exactly what ``set`` takes.
"""

import argparse
import os
import sys

from demos._cli import Parser

from .commands import readable, run_command
from .console import Console
from .settings import ACTIVATION_NAMES, KEYS, CommandError, Settings

PROG = "python -m demos.xor"  # how its errors begin

PROMPT = "xor> "


def _flag(key):
    """An argparse type that parses like the settings key ``key``."""

    def parse(text):
        try:
            return KEYS[key].parse(text)
        except CommandError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse


def build_parser(prog=PROG):
    """The command-line flags."""
    parser = Parser(
        prog=prog,
        description=(
            "Train an MLP on XOR interactively (type `help` at the prompt). Default: 2-4-1, "
            "tanh hidden, sigmoid output, BCE, SGD lr 0.5, uniform init, seed 0."
        ),
        epilog=f'Example: {prog} --script "train; show; perceptron"',
    )
    add = parser.add_argument
    add("--seed", type=_flag("seed"), default=0, help="initialisation seed (default 0)")
    add("--hidden", type=_flag("hidden"), default=(4,), metavar="N",
        help="hidden units (default 4), or layers as 4,3")  # fmt: skip
    add("--lr", type=_flag("lr"), default=0.5, help="learning rate (default 0.5)")
    add("--activation", type=_flag("activation"), default="tanh", metavar="NAME",
        help=f"hidden activation: {', '.join(ACTIVATION_NAMES)} (default tanh)")  # fmt: skip
    add("--script", metavar='"CMD; CMD"', help="run these commands (separated by ';'), then exit")
    add("--no-tape", action="store_true",
        help="build each epoch's graph from Values instead of replaying a traced tape "
        "(the same numbers, slower; `set tape on|off` switches at the prompt)")  # fmt: skip
    return parser


def use_color(stream):
    """Colour only on a terminal, and not when NO_COLOR is set or TERM is dumb."""
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def read_commands(console, stdin, interactive):
    """Run commands from ``stdin`` until quit or the end of input."""
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass
    while not console.quit_requested:
        try:
            if interactive:
                line = input(PROMPT)
            else:
                line = stdin.readline()
                if not line:
                    break
                if line.strip():
                    console.print(PROMPT + readable(line.strip()))
        except EOFError:
            if interactive:
                console.print("")
            break
        except KeyboardInterrupt:
            console.print("\n(Ctrl-C: type quit or press Ctrl-D to leave)")
            continue
        run_command(console, line)


def main(argv=None, prog=PROG):
    """Run the trainer; returns the exit status (flag errors begin with ``prog``)."""
    args = build_parser(prog).parse_args(argv)
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="surrogateescape")  # a stray byte is a bad line, not a crash
    out = sys.stdout
    settings = Settings(hidden=args.hidden, activation=args.activation, lr=args.lr, seed=args.seed)
    console = Console(
        out, settings, color=use_color(out), live=out.isatty(), tape=not args.no_tape
    )
    console.banner()
    if args.script is not None:
        for command in args.script.split(";"):
            if command.strip() and not console.quit_requested:
                console.print(PROMPT + readable(command.strip()))
                run_command(console, command)
    else:
        read_commands(console, sys.stdin, interactive=sys.stdin.isatty() and out.isatty())
    return 0
