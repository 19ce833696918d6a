"""The ``gradtable`` command: one name for every demo.

    gradtable xor          # the interactive XOR trainer (python -m demos.xor)
    gradtable step         # step through backprop      (python -m demos.step_through)
    gradtable render       # draw a graph to SVG        (python -m demos.render_graph)
    gradtable moons        # micrograd's moons demo     (python -m demos.moons)
    gradtable playground   # the browser playground     (python -m demos.playground)

A subcommand takes exactly the flags of its ``python -m`` form; ``gradtable NAME --help``
lists them. A demo is imported only when it is asked for, so ``gradtable --help`` is quick.
"""

import argparse
import importlib
import sys
from importlib import metadata

from demos._cli import Parser, closest, run

COMMANDS = {
    "xor": ("demos.xor.cli", "train an MLP on XOR interactively (type help at its prompt)"),
    "step": ("demos.step_through.cli", "step through backprop on f = xy + max(z, w), or any f"),
    "render": ("demos.render_graph", "draw a computation graph, with its gradients, to SVG"),
    "moons": ("demos.moons", "train micrograd's two-moons MLP, and plot it with --out"),
    "playground": ("demos.playground.cli", "serve the browser playground, gradients shown"),
}
"""Each subcommand: the module whose ``main(argv, prog)`` runs it, and what it does."""

PROG = "gradtable"


def version():
    """The installed distribution's version, or a plain note when it is not installed."""
    try:
        return metadata.version("gradtable")
    except metadata.PackageNotFoundError:
        return "(not installed: run pip install -e .)"


def build_parser():
    """The top-level flags; a command's own flags belong to its module's parser."""
    listing = "\n".join(f"  {name:<11} {about}" for name, (_, about) in COMMANDS.items())
    parser = Parser(
        prog=PROG,
        usage=f"{PROG} [--version] COMMAND [FLAGS...]",
        description="Backprop you can watch: the grad_table engine's demos.",
        epilog=f"commands:\n{listing}\n\n`{PROG} COMMAND --help` lists a command's flags; "
        "they are the same as\nthe command's `python -m demos...` form.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {version()}")
    parser.add_argument("command", metavar="COMMAND", help="one of: " + ", ".join(COMMANDS))
    return parser


def main(argv=None):
    """Run ``gradtable COMMAND FLAGS...``; exits with the command's status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in COMMANDS:
        module = importlib.import_module(COMMANDS[argv[0]][0])
        prog = f"{PROG} {argv[0]}"
        run(lambda: module.main(argv[1:], prog=prog), prog)
    parser = build_parser()
    if argv[:1] in (["-h"], ["--help"], ["--version"]):
        parser.parse_args(argv[:1])  # prints the help or the version, and exits 0
    if not argv:
        parser.error("which command? one of: " + ", ".join(COMMANDS))
    if argv[0].startswith("-"):
        parser.error(f"flags go after the command, as in `{PROG} xor --seed 3`")
    guess = closest(argv[0], COMMANDS)
    hint = f"; did you mean `{PROG} {guess}`?" if guess else "; use one of: " + ", ".join(COMMANDS)
    parser.error(f"unknown command {argv[0]!r}{hint}")
