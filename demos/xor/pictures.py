"""The trainer's pictures: ``graph`` draws one point's loss graph to SVG, ``plot`` the loss
curve and the decision boundary to PNG. Each checks its target before any drawing work."""

from autograd import grad_table, render_svg, topological_order
from autograd.render import MAX_NODES

from . import files, views
from .plot import write as write_plot
from .settings import CommandError

PLOT_RESOLUTION = 81  # points across and up in the picture's boundary


def graph(console, args):
    """`graph FILE.svg [X1 X2] [all]`: one point's loss graph, every node with its gradient."""
    words = list(args)
    draw_all = bool(words) and words[-1].lower() == "all"
    if draw_all:
        words.pop()
    if len(words) not in (1, 3):
        raise CommandError(f"usage: graph FILE.svg [X1 X2] [all], e.g. graph xor.svg 0 1{files.QUOTE_HINT}")
    path = words[0]
    files.check_target(path, ".svg")
    x = (1, 1)
    if len(words) == 3:
        if words[1] not in ("0", "1") or words[2] not in ("0", "1"):
            raise CommandError(
                "X1 and X2 must each be 0 or 1 (one of the XOR points); "
                f"got {words[1]} {words[2]}"
            )
        x = (int(words[1]), int(words[2]))
    label_parameters(console.session.model)
    loss, target = console.session.sample_loss(x)
    nodes = len(topological_order(loss))
    if nodes > MAX_NODES and not draw_all:  # checked before any drawing work
        raise CommandError(
            f"the graph has {nodes} nodes, more than {MAX_NODES}: too many to read in one "
            f"picture. Draw a smaller net (set hidden 2), or draw it anyway with "
            f"`graph {path} {x[0]} {x[1]} all`"
        )
    try:
        render_svg(loss, path, grads=grad_table(loss), max_nodes=None, rankdir="auto")
    except (OSError, ValueError, RuntimeError) as error:
        raise CommandError(f"could not write {path!r}: {error}") from None
    console.print(
        f"wrote {path}:",
        f"  the loss on the point x = {x} (target {target}), {nodes} nodes, "
        "each with its gradient",
    )


def label_parameters(model):
    """Name each weight and bias for drawings, as ``weights`` names the neurons: w1→h2, b y."""
    for i, layer in enumerate(model.layers):
        for j, neuron in enumerate(layer.neurons):
            name = views.neuron_name(i, j, len(model.layers))
            for k, w in enumerate(neuron.w):
                w.label = w.label or f"w{k + 1}→{name}"
            neuron.b.label = neuron.b.label or f"b {name}"


def plot(console, args):
    """`plot FILE.png`: the loss curve and the decision boundary."""
    if len(args) != 1:
        raise CommandError(f"usage: plot FILE.png{files.QUOTE_HINT}")
    path = args[0]
    files.check_target(path, ".png")
    session, s = console.session, console.session.settings
    xs, _ = views.grid_coords(PLOT_RESOLUTION, PLOT_RESOLUTION)
    try:
        write_plot(
            path, title=f"{session.model!r}, epoch {session.epochs}", history=session.history,
            loss_name=s.loss, xs=xs, outputs=session.output_grid(xs, xs), points=views.POINTS,
            targets=session.Y, threshold=s.threshold, confident=s.confident,
        )  # fmt: skip
    except (OSError, ValueError, RuntimeError) as error:
        raise CommandError(f"could not write {path!r}: {error}") from None
    console.print(
        f"wrote {path}:", f"  the loss at {len(session.history)} epochs, and the boundary"
    )
