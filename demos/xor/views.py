"""Text drawings for the XOR trainer: truth table, decision-boundary grid, weights, and the
training view.

Each takes plain data (numbers, lists, a grid of floats, a function that draws) and
returns lines of text; only ``TrainingView`` writes, because it redraws in place. Numbers
go through ``format_number``. ANSI colour codes appear only when ``color`` is true (the
caller decides: a terminal, and NO_COLOR unset).
"""

import math
import shutil
import textwrap
import time

from autograd.render import format_number
from demos._progress import Pacer, bar, fit

LOW, HIGH = -0.5, 1.5
GRID_COLS, GRID_ROWS = 41, 21  # steps of 0.05 across and 0.1 up: the points land on cells
# smaller grids for smaller terminals: (n - 1) a multiple of 4, so 0 and 1 still land on cells
GRID_SIZES = ((41, 21), (33, 17), (25, 13), (17, 9), (9, 5))
POINTS = ((0, 0), (0, 1), (1, 0), (1, 1))
DIGITS = 4  # significant digits of a loss, an output, a weight or a gradient
LIVE_SPEED = 200  # epochs per second while the live view runs, so that learning can be watched
REDRAW_INTERVAL = 0.1  # seconds between redraws of the live view

_RESET = "\x1b[0m"
# 256-colour backgrounds from faint (near the boundary) to strong (confident)
_BG_ZERO = (153, 111, 69, 25)  # blues: class 0
_BG_ONE = (223, 216, 209, 202)  # oranges: class 1


WIDTH = 80  # no line the trainer prints is wider
NBSP = "\u00a0"  # holds a phrase together while it is wrapped; a space again when printed


def wrapped(text, first="", width=WIDTH, rest=None):
    """``text`` in lines of at most ``width`` columns, the first after ``first`` and the
    rest after ``rest`` (by default, indented to line up under the first)."""
    rest = " " * len(first) if rest is None else rest
    return textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False,
        break_long_words=False,
    ) or [first.rstrip()]  # fmt: skip


def number(x):
    """A loss, an output, a weight or a gradient as the trainer shows it."""
    return format_number(x, DIGITS)


def grid_coords(cols=GRID_COLS, rows=GRID_ROWS):
    """The x1 values across and the x2 values from top to bottom of the grid."""
    xs = [LOW + (HIGH - LOW) * i / (cols - 1) for i in range(cols)]
    ys = [HIGH - (HIGH - LOW) * j / (rows - 1) for j in range(rows)]
    return xs, ys


def truth_table(rows):
    """Lines of the truth table; ``rows`` holds (x1, x2, target, output, predicted class)."""
    outputs = [number(row[3]) for row in rows]
    width = max(7, *map(len, outputs))  # 7 fits 4 digits; a diverged net's 6.082e+150 widens it
    lines = [f" x1  x2 | target | {'output':<{width}} | class"]
    for (x1, x2, target, _, predicted), output in zip(rows, outputs):
        mark = "ok" if predicted == target else "WRONG"
        cells = f"  {x1}   {x2} |   {target}    | {output:>{width}} |   {predicted}"
        lines.append(f"{cells}   {mark}")
    return lines


def boundary_grid(outputs, threshold, confident, targets, color=False):
    """The decision boundary over [-0.5, 1.5]² as text, with the four points by target.

    ``outputs`` is the model's output over ``grid_coords``, a row of floats per x2 from the
    top; class 1 is output > ``threshold``, and ``confident`` away from it is full colour.
    """
    rows, cols = len(outputs), len(outputs[0])
    marks = {}
    for (x1, x2), t in zip(POINTS, targets):
        col = round((x1 - LOW) / (HIGH - LOW) * (cols - 1))
        row = round((HIGH - x2) / (HIGH - LOW) * (rows - 1))
        marks[(row, col)] = str(t)
    ticks = (1.5, 1.0, 0.5, 0.0, -0.5)
    labelled = {round((HIGH - v) / (HIGH - LOW) * (rows - 1)): v for v in ticks}
    lines = []
    for r, row_outputs in enumerate(outputs):
        label = f"{format_number(labelled[r]):>4}" if r in labelled else "    "
        cells = []
        last = None
        for c, out in enumerate(row_outputs):
            one = out > threshold
            mark = marks.get((r, c))
            if color:
                strength = min(abs(out - threshold) / confident, 1.0) if math.isfinite(out) else 1.0
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
        text = format_number(v)
        start = min(max(col - len(text) // 2, 0), len(axis) - len(text))
        axis[start : start + len(text)] = text
    lines.append("".join(axis).rstrip() + "   x1 →")
    return lines


def boundary_legend(threshold, color=False):
    """How to read the grid, in two lines of at most 62 columns."""
    above = f"(output > {format_number(threshold)})"
    if color:
        one, zero = (f"\x1b[48;5;{shade[3]}m   {_RESET}" for shade in (_BG_ONE, _BG_ZERO))
        return [
            f"{one} class 1 {above}  {zero} class 0  (paler: near the boundary)",
            "x1 across, x2 up; digits: the four XOR points, by target",
        ]
    return [
        f"'#' class 1 {above}  '.' class 0",
        "x1 across, x2 up; digits: the four XOR points, by target",
    ]


def perceptron_grid(w, b, targets, cols=21, rows=9):
    """A small plain grid of a perceptron's regions (w·x + b > 0 is '#') with the points."""
    xs, ys = grid_coords(cols, rows)
    outputs = [[w[0] * x1 + w[1] * x2 + b for x1 in xs] for x2 in ys]
    lines = boundary_grid(outputs, 0.0, 1.0, targets)
    return [line[5:] for line in lines[:-2]]  # drop the axis: three grids sit side by side


def neuron_name(layer, j, layers):
    """The name of neuron ``j`` of layer ``layer`` (of ``layers``): h3, h2.3 or y (output)."""
    if layer == layers - 1:
        return "y"
    return f"h{layer + 1}.{j + 1}" if layers > 2 else f"h{j + 1}"


def weight_lines(weights, activation, output, width=WIDTH):
    """Per neuron ``h1  w = [...]  b = ...`` under a title per layer; each column of a
    layer is right-aligned, and a list too long for ``width`` goes on under its ``[``.

    ``weights[i][j]`` is ``{"w": [...], "b": ...}`` for neuron j of layer i, the layout of
    ``Module.weights()``; ``activation`` and ``output`` name the layers' functions.
    """
    lines = []
    for i, layer in enumerate(weights):
        if i < len(weights) - 1:
            which = "hidden layer" + (f" {i + 1}" if len(weights) > 2 else "")
            lines.append(f"{which} ({activation}): h = {activation}(w·x + b)")
        else:
            lines.append(f"output ({output}): y = {output}(w·h + b)")
        rows = [[number(x) for x in (*neuron["w"], neuron["b"])] for neuron in layer]
        widths = [max(map(len, column)) for column in zip(*rows)]
        names = [neuron_name(i, j, len(weights)) for j in range(len(rows))]
        name_width = max(4, *map(len, names))  # h2.10 as wide as h2.9, so the lists line up
        for name, row in zip(names, rows):
            # padded cells keep their padding through the wrapping: the columns stay aligned
            *ws, b = (f"{text:>{width}}".replace(" ", NBSP) for text, width in zip(row, widths))
            head, tail = f"  {name:<{name_width}} w = [", f"]  b = {b}".replace(" ", NBSP)
            text = ", ".join(ws) + tail
            lines += [line.replace(NBSP, " ") for line in wrapped(text, head, width)]
    return lines


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


class TrainingView:
    """Training as it goes: on a terminal (``live``) the boundary, its legend, the loss curve
    and a status line redrawn in place, paced to ``speed`` epochs a second (0: no limit),
    and cut to fit the terminal; otherwise a status line now and then.
    ``boundary(cols, rows)`` returns the grid's lines for the model as it is.
    """

    def __init__(
        self, out, total, until_solved, boundary, legend=(), live=False, speed=LIVE_SPEED
    ):
        self.out, self.total, self.until_solved = out, total, until_solved
        self.boundary, self.legend, self.live, self.speed = boundary, legend, live, speed
        self.lines_drawn = 0
        self.last_draw = 0.0
        self.started = time.monotonic()
        every = 250 if until_solved else max(total // 10, 1)
        if total < 20 and not until_solved:
            every = total + 1  # too short to report along the way
        self.lines = Pacer(every)

    def status(self, done, epoch, loss, correct, width=WIDTH):
        """The status line: bar, epochs done of the total, then the loss and the accuracy at
        the epoch reached; the bar shrinks to fit ``width``."""
        cap = " (cap)" if self.until_solved else ""
        rest = f" {done}/{self.total}{cap}  epoch {epoch}: loss {number(loss)}, "
        rest += f"{100 * correct // 4}% right"
        return bar(done / self.total, min(20, max(width - len(rest) - 3, 4))) + rest

    def update(self, done, epoch, loss, correct, history):
        """After epoch ``epoch``, the ``done``-th of this run, with the loss at that epoch;
        ``history`` maps every epoch so far to its loss."""
        if not self.live:
            if self.lines.due(done):
                self.out.write(self.status(done, epoch, loss, correct) + "\n")
                self.out.flush()
            return
        now = time.monotonic()
        if self.speed:
            ahead = self.started + done / self.speed - now
            if ahead > 0:
                time.sleep(ahead)
                now += ahead
        if now - self.last_draw >= REDRAW_INTERVAL:
            self.last_draw = now
            self._draw((done, epoch, loss, correct), history)

    def close(self, done, epoch, loss, correct, history):
        """Draw the last frame and show the cursor again (on a terminal, if anything was drawn)."""
        if self.live and self.lines_drawn:
            self._draw((done, epoch, loss, correct), history)
            self.out.write("\x1b[?25h")
            self.out.flush()

    def _draw(self, numbers, history):
        width, height = shutil.get_terminal_size()
        frame = [fit(self.status(*numbers, width - 1), width - 1)]
        # what fits, most needed first: the status, the grid, the loss curve, the legend
        for cols, rows in GRID_SIZES:
            if cols + 12 < width and rows + 3 < height:
                frame[:0] = self.boundary(cols, rows)
                break
        if len(frame) > 1 and len(frame) + 1 < height:
            frame.insert(-1, "loss " + sparkline(list(history.values()), min(48, width - 7)))
        if len(frame) > 1 and len(frame) + 2 < height and width > 64:
            frame[-2:-2] = self.legend
        if self.lines_drawn:
            text = f"\x1b[{self.lines_drawn}F"  # back to the top of the previous frame
        else:
            text = "\x1b[?25l"  # hide the cursor while redrawing
        # each line cleared before it is drawn, and whatever a taller frame left below after
        text += "".join("\x1b[2K" + line + "\n" for line in frame) + "\x1b[J"
        self.out.write(text)
        self.out.flush()
        self.lines_drawn = len(frame)
