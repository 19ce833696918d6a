"""The step-through's pictures: one SVG drawing per frame, as files or as one offline page.

Each frame's drawing highlights the frame's node; a backward frame shows the grad_table
entries filled so far and ``grad ?`` for the rest. The page is ``page.html``, a template
shipped with this package: everything it needs is in it, so it works from ``file://``
with no network.
"""

import html
import os
import re
from importlib import resources
from string import Template

from autograd.files import write_atomically
from autograd.render import svg_string

_FRAME_FILE = re.compile(r"^\d+-(forward|backward)-u\d+\.svg$")
_XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'


def frame_svgs(walk, rankdir="LR"):
    """One inline SVG (text starting at <svg) per frame, highlighting the frame's node."""
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
                rankdir=rankdir,
            )
        )
    return svgs


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
    """``page.html`` from this package, as a ``string.Template`` ($title, $count, $frames)."""
    text = resources.files(__package__).joinpath("page.html").read_text(encoding="utf-8")
    return Template(text)


def write_html(walk, path, title):
    """Write one self-contained page: every frame inlined, Prev/Next and arrow keys."""
    svgs = frame_svgs(walk, rankdir="TB")  # top to bottom fits beside the text
    sections = []
    last = len(walk.frames) - 1
    for k, (frame, svg) in enumerate(zip(walk.frames, svgs)):
        text = frame.text
        if k == last:
            text += "\n\n" + "\n".join(walk.summary_lines())
        sections.append(
            f'<section class="frame" data-phase="{frame.phase}">\n'
            f'<div class="picture">{svg}</div>\n'
            f'<pre class="text">{html.escape(text)}</pre>\n</section>'
        )
    page = page_template().substitute(
        title=html.escape(title),
        count=len(sections),
        frames="\n".join(sections),
    )
    write_atomically(path, page)
