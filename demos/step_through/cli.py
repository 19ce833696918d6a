"""The step-through's command line: its flags, and stepping through the frames on a terminal.

On a terminal, Enter goes to the next step, b goes back and q quits. When stdin is not a
terminal, or with --no-pause, the whole walk is printed and the program exits 0.
"""

import sys
import textwrap

from autograd import topological_order
from autograd.render import MAX_NODES, RenderError, format_number
from demos._cli import Parser, failed, number, output_file, output_folder, whole_number
from demos.examples import EXAMPLES, SEED
from demos.expr import ALLOWED, ExpressionError, build, parse_assignments

from . import pager
from .frames import DIGITS, Walk
from .pictures import write_html, write_svg_frames

PROG = "python -m demos.step_through"  # how its errors begin

WIDTH = 80  # columns: a standard terminal, as every demo keeps to
MAX_STEPPED = 200  # nodes: a walk a lecture can follow; each is two steps


def main(argv=None, prog=PROG):
    """Run the step-through; returns the exit status (1 when a file cannot be written).

    A bad flag or value exits with status 2 and one line on stderr, which begins ``prog``.
    """
    parser = _parser(prog)
    args = parser.parse_args(argv)
    title, text, values, output = _choose(parser, args)
    try:
        f, leaves = build(text, values, output)
    except (ExpressionError, ValueError, ArithmeticError, TypeError) as error:
        parser.error(str(error))
    nodes = len(topological_order(f))
    if nodes > args.max_nodes:  # before a single step is worked out
        parser.error(
            f"the graph has {nodes} nodes, more than --max-nodes {args.max_nodes}: too long a "
            f"walk to follow; step through a smaller expression, or pass --max-nodes {nodes}"
        )
    walk = Walk(f, {name: leaves.get(name) for name in values}, constants=args.constants)
    if sys.stdout.encoding and sys.stdout.encoding.lower().replace("-", "") != "utf8":
        sys.stdout.reconfigure(errors="replace")  # ∂ and × on a non-UTF-8 terminal

    if args.svg_dir is not None or args.html is not None:
        status = _draw(parser, args, walk, title)
        if status:
            return status

    interactive = not args.no_pause and _on_a_terminal()
    print(textwrap.fill(f"Step through backprop on {title}", WIDTH, subsequent_indent="  "))
    assigned = ", ".join(f"{name} = {format_number(v, DIGITS)}" for name, v in values.items())
    n, shown = len(walk.order), len(walk.shown)
    skipped = n - shown
    constants = {0: "", 1: " (1 constant takes none)"}.get(skipped, f" ({skipped} constants take none)")
    counts = f"{n} nodes u_1..u_{n}, {2 * shown} steps{constants}"
    print(textwrap.fill(f"at {assigned}: {counts}" if assigned else counts, WIDTH, subsequent_indent="  "))
    if interactive:
        print(pager.KEYS)
        return pager.page(walk, pager.keys())
    for frame in walk.frames_one_by_one():  # printed as they are made
        pager.show(frame, walk.out)
    pager.finish(walk)
    return 0


def _on_a_terminal():
    # a prompt written into a redirected stdout would wait for keys no one knows to press
    return sys.stdin.isatty() and sys.stdout.isatty()


def _draw(parser, args, walk, title):
    """Write the SVG frames and/or the page; 0 when done, 1 when a file cannot be written."""
    if len(walk.order) > MAX_NODES:
        parser.error(
            f"the graph has {len(walk.order)} nodes, too many to draw (at most {MAX_NODES}); "
            "step through it without --svg-dir and --html"
        )
    try:
        if args.svg_dir is not None:
            count = write_svg_frames(walk, args.svg_dir)
            print(f"wrote {count} SVG frames to {args.svg_dir}")
        if args.html is not None:
            write_html(walk, args.html, title)
            print(f"wrote {args.html}: open it in a browser, step with ← and →")
    except (OSError, RenderError) as error:
        return failed(parser.prog, error)
    return 0


def _parser(prog=PROG):
    parser = Parser(
        prog=prog,
        description="Step through forward and backward propagation (the grad_table dynamic "
        f"program) on {SEED.title}, or on any expression.",
        epilog="On a terminal: → Enter Space = next, ← b = back, q = quit. "
        f"Expressions may use {ALLOWED}.",
    )
    for name, default in SEED.values.items():
        parser.add_argument(
            f"--{name}",
            type=number,
            metavar="NUMBER",
            help=f"value of {name} (default {format_number(default, DIGITS)})",
        )
    parser.add_argument(
        "--expr", metavar="TEXT", help='step through this expression, e.g. "x*x + y"'
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="give a variable of --expr a value (repeat the flag for each variable)",
    )
    parser.add_argument(
        "--example",
        choices=list(EXAMPLES),
        help="seed: xy + max(z, w) (the default); goodfellow: J = ½(xy - 3)² at x=1, y=2",
    )
    parser.add_argument("--no-pause", action="store_true", help="print every step without waiting")
    parser.add_argument(
        "--constants", action="store_true",
        help="give constants (the plain numbers of an expression) steps of their own",
    )
    parser.add_argument(
        "--max-nodes", type=whole_number(1, 100_000), default=MAX_STEPPED, metavar="N",
        help=f"refuse graphs of more than N nodes (default {MAX_STEPPED})",
    )
    parser.add_argument(
        "--svg-dir", metavar="DIR", type=output_folder,
        help="write one SVG picture per step into DIR (made if missing; the frames of an "
        "earlier run there are replaced)",
    )  # fmt: skip
    parser.add_argument(
        "--html", metavar="FILE.html", type=output_file(".html", ".htm"),
        help="write an offline page that steps through the pictures"
    )
    return parser


def _choose(parser, args):
    """(title, expression text, {name: value}, output's name) from the flags.

    Bad combinations exit 2.
    """
    given = {name: getattr(args, name) for name in SEED.values if getattr(args, name) is not None}
    if args.expr is not None and args.example is not None:
        parser.error("use either --expr or --example, not both")
    if args.set and args.expr is None:
        parser.error("--set gives values to the names of --expr; add --expr TEXT")
    if args.expr is None:
        example = EXAMPLES[args.example or SEED.name]
        extra = sorted(set(given) - set(example.values))
        if extra:
            names = " and ".join(example.values)
            parser.error(f"--example {example.name} has only {names}; drop --{extra[0]}")
        return example.title, example.expression, {**example.values, **given}, example.output
    try:
        values = parse_assignments(args.set)
    except ExpressionError as error:
        parser.error(str(error))
    for name, value in given.items():
        if name in values:
            parser.error(f"{name} is given by both --{name} and --set; give it once")
        values[name] = value
    return f"f = {args.expr.strip()}", args.expr, values, "f"
