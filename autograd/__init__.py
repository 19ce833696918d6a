"""gradtable's engine: scalar reverse-mode autodiff as the grad_table dynamic program.

See ``ops`` for the primitives and their conventions, ``node`` and ``value`` for the graph
and the numbers that record it, ``backprop`` for the traversal (Goodfellow et al. 6.5),
``tape`` for replaying a graph traced once, and ``render`` for drawing graphs.
"""

from .backprop import (
    Step,
    Term,
    backprop_steps,
    grad,
    grad_table,
    numerical_grad,
    topological_order,
)
from .formatting import format_number
from .ops import OPS, Op
from .render import render_svg, to_dot
from .tape import Tape, trace
from .value import Value, maximum

__all__ = [
    "OPS",
    "Op",
    "Step",
    "Tape",
    "Term",
    "Value",
    "backprop_steps",
    "format_number",
    "grad",
    "grad_table",
    "maximum",
    "numerical_grad",
    "render_svg",
    "to_dot",
    "topological_order",
    "trace",
]
