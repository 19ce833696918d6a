"""The XOR trainer's picture: loss curve and decision boundary (matplotlib, Agg backend)."""

import io

from autograd.files import write_atomically
from autograd.render import format_number


def write(path, *, title, history, loss_name, xs, outputs, points, targets, threshold, confident):
    """Write a slide-sized PNG (1800 pixels wide): the loss at each epoch in ``history`` (a
    dict), and the decision boundary.

    ``outputs`` is the model's output over ``xs`` × ``xs``, a row per x2; ``points`` are the
    data with their ``targets``; class 1 is output > ``threshold``, and colours saturate
    ``confident`` away from it.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig = Figure(figsize=(12, 5), layout="constrained")
    left, right = fig.subplots(1, 2)
    if history:
        epochs, losses = list(history), list(history.values())
        left.plot(epochs, losses, color="tab:blue", marker="o" if len(epochs) == 1 else None)
        if min(losses) > 0 and max(losses) > 10 * min(losses):  # a log scale only for decades
            left.set_yscale("log")
        left.yaxis.set_major_formatter(FuncFormatter(lambda y, _: format_number(y)))
        left.yaxis.set_minor_formatter(FuncFormatter(lambda y, _: ""))
    else:
        left.text(0.5, 0.5, "not trained yet", ha="center", va="center", transform=left.transAxes)
    left.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    left.set_xlabel("epoch")
    left.set_ylabel(f"{loss_name} loss")
    left.set_title("the loss at each epoch, on the four points")
    left.grid(alpha=0.3)

    low, high = threshold - confident, threshold + confident
    levels = [low + (high - low) * i / 20 for i in range(21)]
    clipped = [[min(max(z, low), high) for z in row] for row in outputs]
    filled = right.contourf(xs, xs, clipped, levels=levels, cmap="RdBu_r", alpha=0.8)
    right.contour(xs, xs, outputs, levels=[threshold], colors="black", linewidths=1.5)
    fig.colorbar(filled, ax=right, label="output (clipped)")
    for (x1, x2), y in zip(points, targets):
        colour = "tab:red" if y else "tab:blue"
        right.scatter([x1], [x2], s=160, c=colour, edgecolors="white", linewidths=2, zorder=3)
        right.annotate(
            str(y), (x1, x2), ha="center", va="center", color="white", fontsize=9, zorder=4
        )
    right.set_xlim(xs[0], xs[-1])
    right.set_ylim(xs[0], xs[-1])
    right.set_aspect("equal")
    right.set_xlabel("x1")
    right.set_ylabel("x2")
    right.set_title(f"decision boundary: output = {format_number(threshold)}")
    fig.suptitle(title)

    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=150)
    write_atomically(path, png.getvalue())
