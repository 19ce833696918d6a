"""The XOR trainer's picture: loss curve and decision boundary (matplotlib, Agg backend)."""

import io

from autograd.files import write_atomically

from . import _xor_view as view


def plot(session, path, resolution=81):
    """Write a PNG with the loss per epoch and the decision boundary over [-0.5, 1.5]²."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from ._xor_session import threshold_of

    threshold, scale = threshold_of(session.settings)
    xs = [view.LOW + (view.HIGH - view.LOW) * i / (resolution - 1) for i in range(resolution)]
    zs = [[session.predict(x1, x2) for x1 in xs] for x2 in xs]

    fig = Figure(figsize=(10, 4.4), layout="constrained")
    left, right = fig.subplots(1, 2)
    if session.history:
        epochs = range(1, len(session.history) + 1)
        left.plot(epochs, session.history, color="tab:blue")
        if min(session.history) > 0:
            left.set_yscale("log")
    else:
        left.text(0.5, 0.5, "not trained yet", ha="center", va="center", transform=left.transAxes)
    left.set_xlabel("epoch")
    left.set_ylabel(f"{session.settings.loss} loss")
    left.set_title("loss per epoch (full batch)")
    left.grid(alpha=0.3)

    low, high = threshold - scale, threshold + scale
    levels = [low + (high - low) * i / 20 for i in range(21)]
    clipped = [[min(max(z, low), high) for z in row] for row in zs]
    filled = right.contourf(xs, xs, clipped, levels=levels, cmap="RdBu_r", alpha=0.8)
    right.contour(xs, xs, zs, levels=[threshold], colors="black", linewidths=1.5)
    fig.colorbar(filled, ax=right, label="output (clipped)")
    for (x1, x2), y in zip(view.POINTS, session.Y):
        colour = "tab:red" if y else "tab:blue"
        right.scatter([x1], [x2], s=160, c=colour, edgecolors="white", linewidths=2, zorder=3)
        right.annotate(
            str(y), (x1, x2), ha="center", va="center", color="white", fontsize=9, zorder=4
        )
    right.set_xlim(view.LOW, view.HIGH)
    right.set_ylim(view.LOW, view.HIGH)
    right.set_aspect("equal")
    right.set_xlabel("x1")
    right.set_ylabel("x2")
    right.set_title(f"decision boundary: output = {threshold:g}")
    fig.suptitle(f"{session.model!r}, epoch {session.epochs}")

    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=100)
    write_atomically(path, png.getvalue())
