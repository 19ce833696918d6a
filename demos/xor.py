"""Train a network on XOR live: change it, watch it learn, see why a perceptron cannot.

    python -m demos.xor                      # interactive; type help
    python -m demos.xor --script "train; show"
    echo "train; show" | python -m demos.xor

Reads commands from a terminal (with line editing and history) or from piped stdin, and
exits 0 at ``quit`` or at the end of input. The commands live in ``_xor_session``.
"""

import argparse
import os
import sys

from ._xor_session import (
    ACTIVATION_NAMES,
    CommandError,
    Settings,
    XorSession,
    parse_hidden,
    parse_lr,
    parse_seed,
)

PROMPT = "xor> "


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        """A bad flag: one line on stderr, exit status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _flag(parse):
    def convert(text):
        try:
            return parse(text)
        except CommandError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


def _activation(text):
    name = text.strip().lower().replace("-", "_")
    if name not in ACTIVATION_NAMES:
        raise argparse.ArgumentTypeError(
            f"activation must be one of: {', '.join(ACTIVATION_NAMES)}; got {text!r}"
        )
    return name


def build_parser():
    """The command-line flags."""
    parser = _Parser(
        prog="python -m demos.xor",
        description=(
            "Train an MLP on XOR interactively (type `help` at the prompt). Default: 2-4-1, "
            "tanh hidden, sigmoid output, BCE, SGD lr 0.5, uniform init, seed 0."
        ),
        epilog='Example: python -m demos.xor --script "train; show; perceptron"',
    )
    parser.add_argument(
        "--seed", type=_flag(parse_seed), default=0, help="initialisation seed (default 0)"
    )
    parser.add_argument(
        "--hidden", type=_flag(parse_hidden), default=(4,), metavar="N",
        help="hidden units (default 4), or layers as 4,3",
    )  # fmt: skip
    parser.add_argument(
        "--lr", type=_flag(parse_lr), default=0.5, help="learning rate (default 0.5)"
    )
    parser.add_argument(
        "--activation", type=_activation, default="tanh", metavar="NAME",
        help=f"hidden activation: {', '.join(ACTIVATION_NAMES)} (default tanh)",
    )  # fmt: skip
    parser.add_argument(
        "--script", metavar='"CMD; CMD"',
        help="run these commands (separated by ';'), then exit",
    )  # fmt: skip
    return parser


def _use_color(stream):
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def repl(session, stdin, interactive):
    """Read commands until quit or end of input."""
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass
    while not session.quit_requested:
        try:
            if interactive:
                line = input(PROMPT)
            else:
                line = stdin.readline()
                if not line:
                    break
                if line.strip():
                    session.print(PROMPT + line.strip())
        except EOFError:
            if interactive:
                session.print("")
            break
        except KeyboardInterrupt:
            session.print("\n(Ctrl-C: type quit or press Ctrl-D to leave)")
            continue
        session.run_command(line)


def main(argv=None):
    """Run the trainer; returns the exit status."""
    args = build_parser().parse_args(argv)
    out = sys.stdout
    tty = out.isatty()
    settings = Settings(hidden=args.hidden, activation=args.activation, lr=args.lr, seed=args.seed)
    session = XorSession(out, settings, color=_use_color(out), live=tty)
    try:
        session.banner()
        if args.script is not None:
            for command in args.script.split(";"):
                if command.strip() and not session.quit_requested:
                    session.print(PROMPT + command.strip())
                    session.run_command(command)
        else:
            repl(session, sys.stdin, interactive=sys.stdin.isatty() and tty)
    except KeyboardInterrupt:
        session.print("")
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
