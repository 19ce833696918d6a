"""The selected sample: its loss graph drawn, its numbers for each frame, its backward pass
step by step, and a gradient check.

The graph is built from Values by ``network.loss_graph``, the same code the training tape
was traced from, so node ``v{i}`` of the drawing is u_i of the graph that trains. Drawing
takes a second for a few hundred nodes and the graph's shape depends only on the
architecture, so each architecture's SVG is drawn once and kept. The page then writes
each frame's numbers into it.
"""

import threading
from collections import OrderedDict

from autograd import Value, backprop_steps, grad, numerical_grad, topological_order, trace
from autograd.render import MAX_NODES, RenderError, format_number, svg_string
from demos.step_through.frames import Walk

from . import network
from .features import FEATURES

KEPT_DRAWINGS = 32
"""How many architectures' drawings are kept."""

H = 1e-6
"""The step of the central differences in the gradient check."""

WIDEST = -8.888e-88
"""A number as wide as any that a drawing shows (format_number keeps 4 digits)."""

_drawings = OrderedDict()  # architecture -> (svg, too_big)
_drawing_lock = threading.Lock()  # one drawing at a time: the renderer is one per process


def loss_graph(model, features, row, target, head):
    """``(L, neurons)``: the loss graph of a sample whose features are ``row``."""
    inputs = [Value(v, FEATURES[name].label) for name, v in zip(features, row)]
    return network.loss_graph(model, inputs, Value(target, "y"), head)


def numbers(loss, neurons):
    """``(values, neurons)`` of a frame's ``sample``: each node's ``[data, grad]`` in
    u_1..u_n order, and per hidden neuron its nodes and the terms of its grad_table entry."""
    steps = {step.node: step for step in backprop_steps(loss)}
    values = [None] * len(steps)
    for node, step in steps.items():
        values[step.index - 1] = [node.data, step.grad]

    def described(z, h):
        terms = [
            [f"v{steps[t.consumer].index}", t.local, t.upstream, t.contribution]
            for t in steps[h].terms
        ]
        return {"z": f"v{steps[z].index}", "h": f"v{steps[h].index}", "terms": terms}

    return values, [[described(z, h) for z, h in layer] for layer in neurons]


def drawing(architecture, loss, nodes):
    """``(svg, too_big)`` for a graph of the shape ``architecture`` names: the SVG text, or
    None and the reason it is not drawn."""
    if nodes > MAX_NODES:
        return None, (
            f"This sample's graph has {nodes} nodes, more than the {MAX_NODES} a drawing can "
            "show readably: use fewer hidden layers or neurons (or fewer features) to see it."
        )
    with _drawing_lock:
        if architecture in _drawings:
            _drawings.move_to_end(architecture)
            return _drawings[architecture]
        # drawn with the widest numbers a box shows, so each frame's numbers fit in it
        widest = {node: WIDEST for node in topological_order(loss)}
        try:
            svg = svg_string(loss, standalone=False, show_index=True, grads=widest, data=widest)
            made = svg, None
        except RenderError as error:  # no renderer installed, or it failed
            return None, str(error)
        _drawings[architecture] = made
        if len(_drawings) > KEPT_DRAWINGS:
            _drawings.popitem(last=False)
        return made


def steps(loss):
    """The backward pass of ``loss``, one grad_table entry each, f first: node, index and
    the step-through's text for it (without the whole table at every step)."""
    walk = Walk(loss, {}, table=False, width=None)  # the page wraps the text itself
    return [
        {"node": f"v{walk.index[frame.node]}", "index": walk.index[frame.node], "text": frame.text}
        for frame in walk.frames
        if frame.phase == "backward"
    ]


def gradcheck(model, loss, index):
    """Autodiff against central differences for every weight and bias of ``model`` on the
    sample's ``loss`` (built on ``model``, a copy that may be changed): the answer of
    POST /api/gradcheck."""
    params = model.parameters()
    autodiff = grad(loss, params)
    tape = trace(loss)

    def loss_at(*values):
        for p, value in zip(params, values):
            p.data = value
        return tape.run()

    numeric = numerical_grad(loss_at, [p.data for p in params], h=H)
    rows = [
        {"name": p.label, "autodiff": a, "numerical": n, "difference": abs(a - n)}
        for p, a, n in zip(params, autodiff, numeric)
    ]
    largest = max(row["difference"] for row in rows)
    text = (
        f"Sample {index}: autodiff against central differences (h = {H:g}) for the "
        f"{len(rows)} weights and biases, on the sample's loss L without the L2 term: "
        f"largest difference {format_number(largest, 2)}"
    )
    return {"parameters": rows, "largest_difference": largest, "text": text}
