"""Step through backprop on f = xy + max(z, w), one node at a time, as in a lecture.

    python -m demos.step_through                       # the seeds' example, x=2 y=-2 z=3 w=4
    python -m demos.step_through --z 4 --w 4           # a tie: max routes to z
    python -m demos.step_through --expr "x*x + y" --set x=3 --set y=1
    python -m demos.step_through --example goodfellow  # J = ½(xy - 3)², seed 004
    python -m demos.step_through --html steps.html     # an offline page to project

``frames`` turns ``autograd.backprop_steps`` into the text of each step, ``pictures``
draws the steps as SVG files or one offline page (``page.html``), and ``cli`` holds the
flags and the stepping on a terminal.
"""

from .cli import main
from .frames import Frame, Walk
from .pictures import frame_filename, frame_svgs, write_html, write_svg_frames

__all__ = [
    "Frame",
    "Walk",
    "frame_filename",
    "frame_svgs",
    "main",
    "write_html",
    "write_svg_frames",
]
