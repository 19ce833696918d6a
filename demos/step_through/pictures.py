"""The step-through's pictures: one SVG drawing per frame as files, or one offline page.

Each frame's drawing highlights the frame's node; a backward frame shows the grad_table
entries filled so far, ``grad ?`` for the rest, and the local derivative on each edge
its sum uses. The page is ``page.html``, a template shipped with this package:
everything it needs is in it, so it works from ``file://`` with no network.
"""

import html
import json
import os
import re
from importlib import resources
from string import Template

from autograd import format_number, grad_table
from autograd.files import write_atomically
from autograd.render import svg_size, svg_string

from .frames import DIGITS, Walk

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

_FRAME_FILE = re.compile(r"^\d+-(forward|backward)-u\d+\.svg$")
_XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'


def frame_svgs(walk, rankdir="LR"):
    """One inline SVG (text starting at <svg) per frame, highlighting the frame's node.

    A backward frame's drawing writes the local derivative on each edge its sum uses.
    """
    svgs = []
    for frame in walk.frames:
        backward = frame.phase == "backward"
        svgs.append(
            svg_string(
                walk.f,
                standalone=False,
                show_index=True,
                show_grad=backward,
                grads=frame.grads if backward else None,
                highlight={frame.node},
                edges={(c, p): _local(walk, c, p, d) for c, p, d in frame.terms},
                digits=DIGITS,
                rankdir=rankdir,
            )
        )
    return svgs


def _local(walk, consumer, position, derivative):
    """∂u₇/∂x = -2: the local derivative a backward step uses on one edge."""
    wrt = consumer.inputs[position]
    name = wrt.label if not wrt.op and wrt.label else _u(walk, wrt)
    return f"∂{_u(walk, consumer)}/∂{name} = {format_number(derivative, DIGITS)}"


def _u(walk, node):
    """u₇, as the picture writes the index."""
    return f"u{walk.index[node]}".translate(_SUBSCRIPTS)


def frame_filename(walk, k, frame):
    """01-forward-u1.svg: the step number overall, the phase and the node."""
    width = len(str(len(walk.frames)))
    return f"{k:0{width}d}-{frame.phase}-u{walk.index[frame.node]}.svg"


def write_svg_frames(walk, directory):
    """Write one SVG file per frame into ``directory``; returns how many."""
    svgs = frame_svgs(walk)
    os.makedirs(directory, exist_ok=True)
    for old in os.listdir(directory):  # frames of an earlier, longer walk would mislead
        if _FRAME_FILE.match(old):
            os.remove(os.path.join(directory, old))
    for k, (frame, svg) in enumerate(zip(walk.frames, svgs), start=1):
        write_atomically(os.path.join(directory, frame_filename(walk, k, frame)), _XML_HEADER + svg)
    return len(svgs)


def page_template():
    """``page.html`` from this package, as a ``string.Template``: $title, $count,
    $constants (the nodes that take no steps), $picture and $frames."""
    text = resources.files(__package__).joinpath("page.html").read_text(encoding="utf-8")
    return Template(text)


def write_html(walk, path, title):
    """Write one self-contained page: the graph drawn once, and a section per step.

    The page shows a step by recolouring that one drawing: its node, the edges its sum
    uses (each with its local derivative), and the values known so far. So the layout
    and the scale never change from step to step. The drawing goes left to right or top
    to bottom, whichever shows it larger on a projector. The picture already holds the
    grad_table, so the steps' text leaves the table out.
    """
    steps = Walk(walk.f, walk.variables, table=False, constants=walk.constants, width=None)
    texts = [frame.text for frame in steps.frames]
    texts[-1] += "\n\n" + "\n".join(steps.summary_lines())
    every_term = {(c, p): d for frame in steps.frames for c, p, d in frame.terms}
    drawings = [
        svg_string(
            walk.f,
            standalone=False,
            show_index=True,
            grads=grad_table(walk.f),  # the widest the grad fields get, so every step fits
            edges={(c, p): _local(steps, c, p, d) for (c, p), d in every_term.items()},
            digits=DIGITS,
            rankdir=rankdir,
        )
        for rankdir in ("LR", "TB")
    ]
    rows = [row for text in texts for row in text.split("\n")]
    lines, chars = max(text.count("\n") + 1 for text in texts), max(map(len, rows))
    arrangement, svg = max(
        ((arrangement, svg) for svg in drawings for arrangement in ("stacked", "beside")),
        key=lambda choice: _scale(choice[0], *svg_size(choice[1]), lines, chars, *PROJECTOR),
    )
    shown = set(steps.shown)
    constants = [_node_id(steps, node) for node in steps.order if node not in shown]
    sections = []
    for frame, text in zip(steps.frames, texts):
        backward = frame.phase == "backward"
        paint = {
            "node": _node_id(steps, frame.node),
            "upto": steps.index[frame.node],
            "grads": {
                _node_id(steps, n): format_number(g, DIGITS) for n, g in frame.grads.items()
            } if backward else None,
            "edges": [_edge_id(steps, c, p) for c, p, _ in frame.terms],
        }  # fmt: skip
        sections.append(
            f'<section class="frame" data-phase="{frame.phase}" '
            f'data-paint="{html.escape(json.dumps(paint, ensure_ascii=False))}">\n'
            f'<pre class="text">{html.escape(text)}</pre>\n</section>'
        )
    page = page_template().substitute(
        arrangement=arrangement,
        wrap=WRAP[arrangement],
        title=html.escape(title),
        count=len(sections),
        constants=html.escape(json.dumps(constants)),
        picture=svg,
        frames="\n".join(sections),
    )
    write_atomically(path, page)


PROJECTOR = (990, 668)
"""What a 1024×768 window leaves the page's picture and text, in px, below its header."""

FONT, LINE, CHAR = 12, 1.35, 0.6
"""The drawing's font size, in its units; the text's line height and character width, in em."""

WRAP = {"stacked": 100, "beside": 56}
"""Where the text wraps, in characters, below the picture and beside it."""


def _scale(arrangement, width, height, lines, chars, room_width, room_height):
    """Px per unit that fits a width × height drawing and its text into the room.

    The text is as large as the drawing's labels (FONT units), so its size grows with
    the scale too. ``arrangement`` is "stacked" (text below) or "beside" (text right).
    page.html's ``scaleFor`` is this formula, run again when the window changes.
    """
    text_width, text_height = FONT * CHAR * min(chars, WRAP[arrangement]), FONT * LINE * lines
    if arrangement == "stacked":
        return min(room_width / max(width, text_width), room_height / (height + text_height))
    return min(room_width / (width + text_width), room_height / max(height, text_height))


def _node_id(walk, node):
    """The name to_dot gives a node's box, which Graphviz writes as the box's <title>."""
    return f"v{walk.index[node]}"


def _edge_id(walk, consumer, position):
    """v1->v3op#1: the edge's <title> and, for an input used twice, which of the edges."""
    wrt = consumer.inputs[position]
    repeat = sum(1 for earlier in consumer.inputs[:position] if earlier is wrt)  # by identity
    return f"v{walk.index[wrt]}->v{walk.index[consumer]}op#{repeat}"
