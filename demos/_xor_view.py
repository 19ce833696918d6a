"""Text drawings for the XOR trainer: truth table, decision-boundary grid, weights, bars.

Every function returns lines of text and takes ``color``: ANSI colour codes are used only
when it is true (the caller decides: a terminal, and NO_COLOR unset).
"""

import math

LOW, HIGH = -0.5, 1.5
GRID_COLS, GRID_ROWS = 41, 21  # steps of 0.05 across and 0.1 up: the points land on cells
POINTS = ((0, 0), (0, 1), (1, 0), (1, 1))

_RESET = "\x1b[0m"
# 256-colour backgrounds from faint (near the boundary) to strong (confident)
_BG_ZERO = (153, 111, 69, 25)  # blues: class 0
_BG_ONE = (223, 216, 209, 202)  # oranges: class 1


def grid_coords(cols=GRID_COLS, rows=GRID_ROWS):
    """The x1 values across and the x2 values from top to bottom of the grid."""
    xs = [LOW + (HIGH - LOW) * i / (cols - 1) for i in range(cols)]
    ys = [HIGH - (HIGH - LOW) * j / (rows - 1) for j in range(rows)]
    return xs, ys


def fmt(x):
    """A signed number for weight tables, e.g. ``+0.6888`` (``+1.234e+09`` when huge)."""
    return f"{x:+.4f}" if abs(x) < 1e5 else f"{x:+.3e}"


def num(x):
    """A loss or output value: four decimals, or scientific notation when huge."""
    return f"{x:.4f}" if abs(x) < 1e5 else f"{x:.3e}"


def truth_table(rows, threshold):
    """Lines of the truth table; ``rows`` holds (x1, x2, target, output, predicted)."""
    lines = [" x1  x2 | target | output  | class"]
    for x1, x2, target, output, predicted in rows:
        mark = "ok" if predicted == target else "WRONG"
        lines.append(f"  {x1}   {x2} |   {target}    | {num(output):>7} |   {predicted}   {mark}")
    return lines


def boundary_grid(predict, threshold, scale, targets, color=False, cols=GRID_COLS, rows=GRID_ROWS):
    """The decision boundary over [-0.5, 1.5]² as text, with the four points by target.

    ``predict(x1, x2)`` gives the output as a float; class 1 is output > threshold.
    ``scale`` is the distance from the threshold that counts as fully confident.
    """
    xs, ys = grid_coords(cols, rows)
    marks = {}
    for (x1, x2), t in zip(POINTS, targets):
        col = round((x1 - LOW) / (HIGH - LOW) * (cols - 1))
        row = round((HIGH - x2) / (HIGH - LOW) * (rows - 1))
        marks[(row, col)] = str(t)
    ticks = (1.5, 1.0, 0.5, 0.0, -0.5)
    labelled = {round((HIGH - v) / (HIGH - LOW) * (rows - 1)): v for v in ticks}
    lines = []
    for r, y in enumerate(ys):
        label = f"{labelled[r]:4.1f}" if r in labelled else "    "
        cells = []
        last = None
        for c, x in enumerate(xs):
            out = predict(x, y)
            one = out > threshold
            mark = marks.get((r, c))
            if color:
                strength = min(abs(out - threshold) / scale, 1.0) if math.isfinite(out) else 1.0
                shade = (_BG_ONE if one else _BG_ZERO)[min(int(strength * 4), 3)]
                if shade != last:  # one escape per run of equal colour keeps redraws small
                    cells.append(f"\x1b[48;5;{shade}m")
                    last = shade
                ink = "97" if strength >= 0.5 else "30"  # white on strong colours, black on pale
                cells.append(f"\x1b[1;{ink}m{mark}\x1b[22;39m" if mark else " ")
            else:
                cells.append(mark if mark else ("#" if one else "."))
        lines.append(f"{label} |" + "".join(cells) + (_RESET if color else ""))
    lines.append("     +" + "-" * cols)
    axis = [" "] * (cols + 6)
    for v in (-0.5, 0.0, 0.5, 1.0, 1.5):
        col = 6 + round((v - LOW) / (HIGH - LOW) * (cols - 1))
        text = f"{v:g}"
        start = min(max(col - len(text) // 2, 0), len(axis) - len(text))
        axis[start : start + len(text)] = text
    lines.append("".join(axis).rstrip() + "   x1 →")
    return lines


def boundary_legend(threshold, color=False):
    """One line saying how to read the grid."""
    if color:
        return (
            f"x1 across, x2 up; \x1b[48;5;{_BG_ONE[3]}m   {_RESET} class 1 "
            f"(output > {threshold:g}), "
            f"\x1b[48;5;{_BG_ZERO[3]}m   {_RESET} class 0, paler near the boundary; "
            "digits: the four XOR points, by target"
        )
    return (
        f"x1 across, x2 up; '#' class 1 (output > {threshold:g}), '.' class 0; "
        "digits: the four XOR points, by target"
    )


def neuron_lines(layers, values_of, names):
    """Per-neuron lines ``h1  w = [...]  b = ...``; ``values_of(value) -> float``."""
    lines = []
    for (title, layer), name in zip(layers, names):
        lines.append(title)
        for j, neuron in enumerate(layer.neurons):
            ws = ", ".join(fmt(values_of(w)) for w in neuron.w)
            lines.append(f"  {name(j):<4} w = [{ws}]  b = {fmt(values_of(neuron.b))}")
    return lines


def bar(fraction, width=24):
    """A text progress bar ``[#####.....]``."""
    done = min(max(int(round(fraction * width)), 0), width)
    return "[" + "#" * done + "." * (width - done) + "]"


def sparkline(history, width=48):
    """The loss history squeezed into ``width`` block characters (last value on the right)."""
    if not history:
        return ""
    blocks = "▁▂▃▄▅▆▇█"
    step = max(len(history) / width, 1.0)
    picks = [history[min(int(i * step), len(history) - 1)] for i in range(min(width, len(history)))]
    picks[-1] = history[-1]
    top, bottom = max(picks), min(picks)
    span = (top - bottom) or 1.0
    return "".join(blocks[min(int((v - bottom) / span * 7.999), 7)] for v in picks)


def perceptron_grid(w, b, targets, cols=21, rows=9):
    """A small plain grid of a perceptron's regions (w·x + b > 0 is '#') with the points."""

    def predict(x1, x2):
        return w[0] * x1 + w[1] * x2 + b

    lines = boundary_grid(predict, 0.0, 1.0, targets, color=False, cols=cols, rows=rows)
    return [line[5:] for line in lines[:-2]]  # drop the axis: three grids sit side by side
