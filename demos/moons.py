"""micrograd's demo on gradtable: an MLP 2-16-16-1 separates two moons.

    python -m demos.moons                      # 100 steps, a couple of seconds
    python -m demos.moons --out moons.png      # and draw the decision boundary
    python -m demos.moons --no-tape            # build every step from Values, to compare

The workload is micrograd's demo.ipynb: 100 moons points (noise 0.1), ReLU hidden layers,
SVM hinge loss plus L2 regularisation 1e-4 * sum(p^2), full-batch SGD whose learning rate
decays from 1.0 to 0.1 (1.0 - 0.9 k / steps).
"""

import io
import sys
import time

import nn
from autograd.files import write_atomically
from autograd.render import format_number
from demos._cli import Parser, failed, output_file, run, whole_number
from demos._progress import Progress
from nn.floats import layer_outputs_over, output

PROG = "python -m demos.moons"  # how its errors begin

HIDDEN = [16, 16]
ALPHA = 1e-4  # L2 strength
# the largest whole numbers the flags take
MAX_STEPS = 100_000  # about two hours at 0.08 s a step
MAX_POINTS = 10_000  # a step's graph grows by about 650 nodes a point
MAX_SEED = 2**32 - 1  # as the XOR trainer's seeds


def build_parser(prog=PROG):
    """The command-line flags; a bad one is a one-line error with exit status 2."""
    parser = Parser(
        prog=prog,
        description=(
            "Train an MLP 2-16-16-1 (ReLU) on 100 two-moons points with hinge loss + 1e-4 L2 "
            "and SGD (lr 1.0 decaying to 0.1), as in micrograd's demo."
        ),
    )
    add = parser.add_argument
    add("--steps", type=whole_number(1, MAX_STEPS), default=100,
        help="training steps (default 100)")
    add("--seed", type=whole_number(0, MAX_SEED), default=0,
        help="seed of the data and initial weights (default 0)")
    add("--points", type=whole_number(2, MAX_POINTS), default=100,
        help="number of moons points (default 100)")
    add("--out", type=output_file(".png"), metavar="FILE.png",
        help="write the decision boundary and loss curve as a PNG")
    add("--no-tape", action="store_true",
        help="build every step's graph from Values instead of replaying a traced tape "
        "(the same numbers, several times slower: to compare the two)")
    return parser


def train(X, Y, steps, seed, on_step=None, tape=True):
    """Train micrograd's MLP on (X, Y) with Y in {-1, +1}; returns (model, losses, accuracies).

    ``on_step(k, loss, accuracy)``, if given, hears of each step k = 1 .. steps as it ends.
    With ``tape`` the step's graph is traced once and replayed; without, it is built from
    Values every step. The numbers are the same.
    """
    model = nn.MLP(2, HIDDEN + [1], activation="relu", output_activation="linear", seed=seed)
    params = model.parameters()
    optimizer = nn.SGD(params, lr=1.0)

    def build():
        scores = [model(x) for x in X]
        reg = ALPHA * sum((p * p for p in params[1:]), params[0] * params[0])
        return nn.hinge(scores, Y) + reg, scores

    objective = nn.Objective(build, tape=tape)
    losses, accuracies = [], []
    for k in range(steps):
        optimizer.lr = 1.0 - 0.9 * k / steps
        losses.append(objective.step(optimizer))
        # the scores of this step's forward pass, before its update, as the loss is
        right = sum((s > 0) == (y > 0) for s, y in zip(objective.outputs, Y))
        accuracies.append(right / len(Y))
        if on_step:
            on_step(k + 1, losses[-1], accuracies[-1])
    return model, losses, accuracies


def accuracy(model, X, Y):
    """The fraction of points whose score has the sign of their label."""
    return sum((output(model, x) > 0) == (y > 0) for x, y in zip(X, Y)) / len(Y)


def plot(model, X, Y, losses, accuracies, path, resolution=70):
    """Write a PNG: the decision boundary with the data, and loss and accuracy per step."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    xs0, xs1 = [x[0] for x in X], [x[1] for x in X]
    lo0, hi0 = min(xs0) - 0.5, max(xs0) + 0.5
    lo1, hi1 = min(xs1) - 0.5, max(xs1) + 0.5
    g0 = [lo0 + (hi0 - lo0) * i / (resolution - 1) for i in range(resolution)]
    g1 = [lo1 + (hi1 - lo1) * i / (resolution - 1) for i in range(resolution)]
    scores = layer_outputs_over(model, [[a, b] for b in g1 for a in g0])[-1][0]
    zs = [scores[row : row + resolution] for row in range(0, len(scores), resolution)]

    fig = Figure(figsize=(12, 5), layout="constrained")  # 1800 × 750 px: slide-ready
    left, right = fig.subplots(1, 2, width_ratios=[1.15, 1])
    left.contourf(g0, g1, [[1 if z > 0 else 0 for z in row] for row in zs], levels=[-0.5, 0.5, 1.5],
                  colors=["#f4c7b8", "#b8d3ec"])
    left.contour(g0, g1, zs, levels=[0], colors="black", linewidths=1)
    for label, colour in ((-1, "tab:red"), (1, "tab:blue")):
        pts = [x for x, y in zip(X, Y) if y == label]
        left.scatter([p[0] for p in pts], [p[1] for p in pts], s=18, c=colour, edgecolors="white",
                     linewidths=0.5, label=f"class {label:+d}")
    left.set_xlim(lo0, hi0)
    left.set_ylim(lo1, hi1)
    left.set_aspect("equal")
    left.legend(loc="lower left", fontsize=8)
    left.set_title(f"decision boundary, training accuracy {accuracy(model, X, Y):.0%}", fontsize=10)

    steps = range(1, len(losses) + 1)
    right.plot(steps, losses, color="black", label="loss")
    right.set_yscale("log")
    right.set_xlabel("step")
    right.set_ylabel("hinge + L2 loss")
    right.grid(alpha=0.3)
    twin = right.twinx()
    twin.plot(steps, accuracies, color="tab:green", label="accuracy")
    twin.set_ylim(0, 1.05)
    twin.set_ylabel("accuracy", color="tab:green")
    right.set_title("loss and accuracy per step", fontsize=10)
    fig.suptitle(repr(model), fontsize=10)

    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=150)
    write_atomically(path, png.getvalue())
    return path


def main(argv=None, prog=PROG):
    """Train, report, and draw when asked; the exit status (errors begin with ``prog``)."""
    parser = build_parser(prog)
    args = parser.parse_args(argv)

    X, labels = nn.moons(args.points, 0.1, seed=args.seed)
    Y = [2 * y - 1 for y in labels]  # hinge loss wants -1 / +1
    out = sys.stdout
    how = "rebuilt from Values every step" if args.no_tape else "traced once, replayed every step"
    out.write(
        f"{args.points} moons points, MLP 2-16-16-1 (ReLU), {args.steps} steps, seed {args.seed}\n"
        f"the graph of a step: {how}\n"
    )
    progress = Progress(args.steps, out)
    first_step_done = []

    def show(step, loss, accuracy):
        if step == 1:
            first_step_done.append(time.perf_counter())
        progress.update(step, f"loss {format_number(loss)}, accuracy {accuracy:.0%}")

    start = time.perf_counter()
    try:
        model, losses, accuracies = train(
            X, Y, args.steps, args.seed, on_step=show, tape=not args.no_tape
        )
    except KeyboardInterrupt:
        progress.finish()
        out.write("interrupted\n")
        return 130
    progress.finish()
    end = time.perf_counter()
    final = f"final loss {format_number(losses[-1])}, training accuracy {accuracy(model, X, Y):.0%}"
    first = first_step_done[0] - start
    rest = (end - first_step_done[0]) / max(args.steps - 1, 1)
    setup = "first step" if args.no_tape else "the trace and first step"
    out.write(
        f"{model!r}\n{final}\n"
        f"{args.steps} steps in {end - start:.1f} s: {setup} {first:.2f} s, "
        f"then {rest * 1000:.0f} ms per step\n"
    )
    if args.out is not None:
        try:
            plot(model, X, Y, losses, accuracies, args.out)
        except OSError as error:
            return failed(parser.prog, error)
        out.write(f"wrote {args.out}\n")
    return 0


if __name__ == "__main__":
    run(main, PROG)
