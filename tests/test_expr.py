"""demos.expr: the safe expression parser shared by render_graph and step_through."""

import ast
import math
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, grad_table
from demos.expr import FUNCTIONS, ExpressionError, build, parse_assignments

SEED = {"x": 2.0, "y": -2.0, "z": 3.0, "w": 4.0}


def test_seed_example_values_and_gradients():
    f, leaves = build("x*y + max(z, w)", SEED)
    assert f.data == 0.0
    assert list(leaves) == ["x", "y", "z", "w"]
    assert all(leaves[name].label == name for name in leaves)
    table = grad_table(f)
    assert [table[leaves[n]] for n in "xyzw"] == [-2.0, 2.0, 0.0, 1.0]
    assert f.op == "add" and f.inputs[1].op == "max"


def test_a_name_used_twice_is_one_leaf():
    f, leaves = build("x*x", {"x": 3})
    assert f.inputs == (leaves["x"], leaves["x"])
    assert grad_table(f)[leaves["x"]] == 6.0


def test_only_used_names_become_leaves():
    f, leaves = build("x + 1", {"x": 1, "unused": 5})
    assert list(leaves) == ["x"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x - y", 4.0),
        ("x / y", -1.0),
        ("x ** 3", 8.0),
        ("-x + +y", -4.0),
        ("-(x * y)", 4.0),
        ("2 * (x + 1.5)", 7.0),
        ("exp(0) + log(z) - log(z)", 1.0),
        ("tanh(0) + sigmoid(0) + relu(y) + relu(x)", 2.5),
        ("max(y, x)", 2.0),
        ("2 + 3", 5.0),
    ],
)
def test_arithmetic_and_functions(text, expected):
    f, _ = build(text, SEED)
    assert isinstance(f, Value)
    assert f.data == pytest.approx(expected)


def test_negative_literal_is_one_leaf():
    f, _ = build("-2 * x", SEED)
    assert f.inputs[0].data == -2.0 and f.inputs[0].op == ""


def test_every_engine_function_is_callable():
    for name, (arity, _) in FUNCTIONS.items():
        args = ", ".join(["z"] * arity)
        f, _ = build(f"{name}({args})", SEED)
        assert f.op == name


@pytest.mark.parametrize(
    "text, words",
    [
        ("x*", ["syntax error", "at the end"]),
        ("x +* y", ["syntax error", "column 4"]),
        ("max(x,", ["syntax error"]),
        ("", ["empty"]),
        ("q + 1", ["unknown name 'q'", "x, y, z, w"]),
        ("foo(x)", ["unknown function 'foo'", ", ".join(FUNCTIONS)]),
        ("max(x)", ["max()", "takes 2 arguments, got 1"]),
        ("exp(x, y)", ["exp()", "takes 1 argument, got 2"]),
        ("max(x, b=y)", ["plain arguments"]),
        ("exp", ["is a function"]),
        ("x // y", ["operator //", "not allowed", "+ - * / **"]),
        ("x % y", ["operator %"]),
        ("not x", ["operator not"]),
        ("x < y", ["comparison", "not allowed"]),
        ("x if y else z", ["if/else"]),
        ("x, y", ["tuple"]),
        ("'text'", ["is not a number"]),
        ("True + x", ["is not a number"]),
        ("1e999", ["too large"]),
        ("1" + "0" * 400, ["too large"]),
    ],
)
def test_errors_say_what_is_wrong(text, words):
    with pytest.raises(ExpressionError) as caught:
        build(text, SEED)
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('touch {marker}')",
        "__import__('os')",
        "x.__class__",
        "().__class__.__bases__[0]",
        "(lambda: 1)()",
        "lambda: 1",
        "[c for c in 'ab']",
        "{{c for c in 'ab'}}",
        "{{c: 1 for c in 'ab'}}",
        "sum(c for c in [1])",
        "open('{marker}', 'w')",
        "eval('1')",
        "exec('1')",
        "x[0]",
        "f'{{x}}'",
        "(y := 1)",
        "*x",
    ],
)
def test_never_evaluates_code(text, tmp_path):
    marker = tmp_path / "touched"
    with pytest.raises(ExpressionError):
        build(text.format(marker=marker), SEED)
    assert not marker.exists()


def test_the_parser_calls_no_eval_or_exec():
    source = pathlib.Path(__file__).parent.parent / "demos" / "expr.py"
    calls = {
        node.func.id
        for node in ast.walk(ast.parse(source.read_text()))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not calls & {"eval", "exec", "compile", "__import__"}


def test_engine_domain_errors_propagate_with_the_engine_message():
    with pytest.raises(ValueError, match="log\\(\\) needs a positive input") as caught:
        build("log(y)", SEED)
    assert not isinstance(caught.value, ExpressionError)
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        build("x / (z - 3)", SEED)
    with pytest.raises(OverflowError):
        build("exp(1000 * z)", SEED)


def test_long_and_deep_expressions_do_not_crash():
    f, _ = build(" + ".join(["x"] * 1000), SEED)
    assert f.data == 2000.0
    with pytest.raises(ExpressionError):
        build("(" * 300 + "x" + ")" * 300, SEED)
    with pytest.raises(ExpressionError, match="nested too deeply"):
        build("+".join(["x"] * 50_000), SEED)


def test_parse_assignments():
    assert parse_assignments(["x=2", " y = -2.5 ", "w1=1e-3"]) == {"x": 2.0, "y": -2.5, "w1": 0.001}
    assert parse_assignments([]) == {}


@pytest.mark.parametrize(
    "items, words",
    [
        (["x"], ["bad setting 'x'", "name=value"]),
        (["=2"], ["bad setting"]),
        (["x="], ["bad setting"]),
        (["1x=2"], ["bad name '1x'"]),
        (["if=2"], ["bad name 'if'"]),
        (["x=abc"], ["bad value 'abc' for x"]),
        (["x=５"], ["bad value '５' for x"]),  # float() reads it; the demos read ASCII
        (["x=nan"], ["finite"]),
        (["x=inf"], ["finite"]),
        (["x=1", "x=2"], ["x is set twice"]),
        (["exp=1"], ["function name"]),
    ],
)
def test_parse_assignments_errors(items, words):
    with pytest.raises(ExpressionError) as caught:
        parse_assignments(items)
    for word in words:
        assert word in str(caught.value)


def _expressions():
    """Random expression texts over x and y, each with its value computed alongside."""
    leaves = st.sampled_from([("x", 1.5), ("y", -0.5), ("2", 2.0), ("0.25", 0.25)])

    def extend(children):
        binary = st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(
            lambda t: (
                f"({t[0][0]} {t[1]} {t[2][0]})",
                {"+": t[0][1] + t[2][1], "-": t[0][1] - t[2][1], "*": t[0][1] * t[2][1]}[t[1]],
            )
        )
        unary = children.map(lambda c: (f"-{c[0]}", -c[1]))
        maxed = st.tuples(children, children).map(
            lambda t: (f"max({t[0][0]}, {t[1][0]})", max(t[0][1], t[1][1]))
        )
        tanh = children.map(lambda c: (f"tanh({c[0]})", math.tanh(c[1])))
        return binary | unary | maxed | tanh

    return st.recursive(leaves, extend, max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(_expressions())
def test_random_expressions_match_direct_arithmetic(case):
    text, expected = case
    f, _ = build(text, {"x": 1.5, "y": -0.5})
    assert f.data == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_the_books_notation_builds_the_same_graph():
    # seed 000 writes f = add(mul(x, y), max(z, w))
    book, _ = build("add(mul(x, y), max(z, w))", SEED)
    infix, _ = build("x*y + max(z, w)", SEED)
    assert book.op == infix.op == "add" and book.data == infix.data == 0.0
    assert grad_table(book)[book.inputs[0]] == grad_table(infix)[infix.inputs[0]] == 1.0
