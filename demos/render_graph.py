"""Draw a computation graph, with data and gradients on every node, to an SVG file.

    python -m demos.render_graph --out seed.svg                  # f = xy + max(z, w)
    python -m demos.render_graph --expr "x*x + exp(y)" --set x=2 --set y=0.5 --out g.svg
    python -m demos.render_graph --neuron 3 --index --out neuron.svg
"""

import random
import sys

from autograd import Value, topological_order
from autograd.render import MAX_NODES, RenderError, format_number, render_svg
from demos._cli import Parser, failed, output_file, run, whole_number
from demos.examples import SEED
from demos.expr import ALLOWED, ExpressionError, build, parse_assignments

PROG = "python -m demos.render_graph"  # how its errors begin

# the largest whole numbers the flags take
MAX_INPUTS = 1000  # --neuron: 4002 nodes, far past what a slide can show
MAX_SEED = 2**32 - 1  # --seed, as for the XOR trainer
MAX_MAX_NODES = 10**6  # --max-nodes


def neuron_nodes(n):
    """The nodes of ``neuron(n)``: 2n + 1 leaves, n products, n sums and a tanh."""
    return 4 * n + 2


def neuron(n, rng):
    """One tanh neuron with ``n`` inputs, built from Values: tanh(w1*x1 + ... + wn*xn + b)."""
    xs = [Value(round(rng.uniform(-1, 1), 2), label=f"x{i}") for i in range(1, n + 1)]
    ws = [Value(round(rng.uniform(-1, 1), 2), label=f"w{i}") for i in range(1, n + 1)]
    b = Value(round(rng.uniform(-1, 1), 2), label="b")
    total = ws[0] * xs[0]
    for w, x in zip(ws[1:], xs[1:]):
        total = total + w * x
    total = total + b
    total.label = "n"
    out = total.tanh()
    out.label = "o"
    return out


def make_parser(prog=PROG):
    """The command-line flags; a bad one is a one-line error with exit status 2."""
    at = ", ".join(f"{name}={format_number(value)}" for name, value in SEED.values.items())
    parser = Parser(
        prog=prog,
        description="Draw a computation graph with data and gradients to an SVG file. "
        f"With no --expr or --neuron it draws the lecture's example f = {SEED.expression} "
        f"at {at}.",
    )
    parser.add_argument("--out", type=output_file(".svg"), default="graph.svg", metavar="FILE.svg",
                        help="where to write the SVG (default: graph.svg)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--expr", metavar="TEXT",
                      help="an expression over named variables, e.g. 'x*y + max(z, w)'; "
                      f"it may use {ALLOWED}")
    what.add_argument("--neuron", type=whole_number(1, MAX_INPUTS), metavar="N",
                      help="draw one tanh neuron with N inputs (random weights, see --seed)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="give a variable a value (repeat for each); for the default "
                        "example it changes x, y, z or w")
    parser.add_argument("--seed", type=whole_number(0, MAX_SEED), default=0,
                        help="random seed for --neuron (default 0)")
    parser.add_argument("--index", action="store_true",
                        help="show each node's topological index u_i")
    parser.add_argument("--no-grad", action="store_true", help="hide the gradients")
    parser.add_argument("--rankdir", choices=["auto", "LR", "TB"], default="auto",
                        help="layout: LR left to right, TB top to bottom, or auto (the "
                        "default): LR unless that is much wider than a slide")
    parser.add_argument("--max-nodes", type=whole_number(1, MAX_MAX_NODES), default=MAX_NODES,
                        metavar="N",
                        help=f"refuse graphs with more than N nodes (default {MAX_NODES})")
    return parser


def build_graph(args, parser):
    """The output Value that the arguments ask for (errors go to ``parser.error``)."""
    if args.neuron is not None:
        if args.set:
            parser.error("--set does not apply to --neuron (its weights come from --seed)")
        _check_size(parser, neuron_nodes(args.neuron), args.max_nodes)  # before building it
        return neuron(args.neuron, random.Random(args.seed))
    try:
        values = parse_assignments(args.set)
    except ExpressionError as error:
        parser.error(f"--set: {error}")
    if args.expr is None:
        unknown = sorted(set(values) - set(SEED.values))
        if unknown:
            parser.error(
                f"the default example has only {', '.join(SEED.values)}; "
                f"cannot --set {', '.join(unknown)} (use --expr to draw your own expression)"
            )
        text, values = SEED.expression, {**SEED.values, **values}
    else:
        text = args.expr
    try:
        f, leaves = build(text, values)
    except ExpressionError as error:
        hint = "" if values else " (give each variable a value with --set NAME=VALUE)"
        parser.error(f"--expr: {error}{hint}")
    except (ValueError, ArithmeticError) as error:
        parser.error(f"cannot evaluate {text!r}: {error}")
    unused = sorted(set(values) - set(leaves))
    if unused:
        print(f"note: not in the expression, ignored: {', '.join(unused)}", file=sys.stderr)
    return f


def main(argv=None, prog=PROG):
    """Draw what the flags ask for; returns the exit status (1 when no renderer is found).

    Errors begin with ``prog``.
    """
    parser = make_parser(prog)
    args = parser.parse_args(argv)
    f = build_graph(args, parser)
    _check_size(parser, len(topological_order(f)), args.max_nodes)  # before backward and drawing
    f.backward()
    try:
        path = render_svg(
            f, args.out, show_index=args.index, show_grad=not args.no_grad,
            rankdir=args.rankdir, max_nodes=args.max_nodes,
        )  # fmt: skip
    except (OSError, RenderError) as error:
        return failed(parser.prog, error)
    print(path)
    return 0


def _check_size(parser, nodes, max_nodes):
    if nodes > max_nodes:
        parser.error(
            f"the graph has {nodes} nodes, more than --max-nodes {max_nodes}; "
            f"draw something smaller, or pass --max-nodes {nodes}"
        )


if __name__ == "__main__":
    run(main, PROG)
