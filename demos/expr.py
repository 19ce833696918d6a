"""A safe parser for the expressions the demos draw and step through.

``build("x*y + max(z, w)", {"x": 2, ...})`` reads the text with ``ast`` and builds the
graph from ``Value`` operations. Only a whitelist of syntax is accepted (numbers, names,
``+ - * / **``, unary ``-``/``+``, parentheses and calls of the engine's functions); the
text is never passed to ``eval``. The tree is checked whole before any node is built, and
evaluated with an explicit stack, so a long expression cannot exhaust Python's stack.
"""

import ast
import keyword
import math

from autograd import OPS, Value
from demos._cli import decimal

FUNCTIONS = {name: (op.arity, getattr(Value, name)) for name, op in OPS.items()}
"""The functions an expression may call, one per op of the engine, in the book's notation
(``add(mul(x, y), max(z, w))``): name -> (number of arguments, Value method)."""

_BINARY = {
    ast.Add: ("+", lambda a, b: a + b),
    ast.Sub: ("-", lambda a, b: a - b),
    ast.Mult: ("*", lambda a, b: a * b),
    ast.Div: ("/", lambda a, b: a / b),
    ast.Pow: ("**", lambda a, b: a**b),
}
_OPERATOR_TEXT = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.Not: "not", ast.Invert: "~",
}  # fmt: skip
_SYNTAX_TEXT = {
    ast.Attribute: "attribute access (a.b)",
    ast.Subscript: "indexing (a[i])",
    ast.Lambda: "lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.Compare: "a comparison",
    ast.BoolOp: "and/or",
    ast.IfExp: "if/else",
    ast.NamedExpr: "assignment (:=)",
    ast.JoinedStr: "an f-string",
    ast.List: "a list",
    ast.Tuple: "a tuple (a comma)",
    ast.Set: "a set",
    ast.Dict: "a dict",
    ast.Starred: "unpacking (*a)",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "a slice",
}
ALLOWED = (
    "numbers, names, + - * / **, unary minus, parentheses and the functions "
    + ", ".join(FUNCTIONS)
)


class ExpressionError(ValueError):
    """An expression or a ``name=value`` setting that cannot be used; the message says why."""


def build(text, values, output_label="f"):
    """Parse ``text`` and build its graph: (output Value, {name: leaf Value labelled name}).

    The output is labelled ``output_label`` (as the notes call it: f, or J for a cost) unless it is
    a variable itself.

    ``values`` maps each name to a number. A name used twice is the same leaf. Engine
    errors (``log(-1)``, ``1/0``) propagate with the engine's message.
    """
    tree = _parse(text)
    _check(tree, values)
    leaves = {}
    output = _evaluate(tree.body, values, leaves)
    if not isinstance(output, Value):  # an expression of numbers alone
        output = Value(output)
    if output.op:
        output.label = output_label
    return output, leaves


def parse_assignments(items):
    """``["x=2", "y=-2"]`` -> ``{"x": 2.0, "y": -2.0}``, for ``--set name=value`` flags."""
    values = {}
    for item in items:
        name, sep, number = item.partition("=")
        name, number = name.strip(), number.strip()
        if not sep or not name or not number:
            raise ExpressionError(f"bad setting {item!r}: write name=value, for example x=2")
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ExpressionError(
                f"bad name {name!r} in {item!r}: a name is letters, digits and _, "
                "not starting with a digit"
            )
        if name in FUNCTIONS:
            raise ExpressionError(f"{name!r} is a function name; pick another variable name")
        try:
            value = decimal(number)
        except ValueError:
            raise ExpressionError(f"bad value {number!r} for {name}: it must be a number") from None
        if not math.isfinite(value):
            raise ExpressionError(f"bad value {number!r} for {name}: it must be a finite number")
        if name in values:
            raise ExpressionError(f"{name} is set twice; set each name once")
        values[name] = value
    return values


def _parse(text):
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be text, got {type(text).__name__}")
    if not text.strip():
        raise ExpressionError("the expression is empty; try something like x*y + max(z, w)")
    try:
        return ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        where = "at the end"
        if error.offset and 1 <= error.offset <= len(text.strip()):
            where = f"at column {error.offset}"
        raise ExpressionError(f"syntax error {where} of {text.strip()!r}: {error.msg}") from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is nested too deeply to read") from None
    except ValueError as error:  # e.g. a NUL character
        raise ExpressionError(f"cannot read the expression: {error}") from None


def _where(node):
    return f" at column {node.col_offset + 1}" if hasattr(node, "col_offset") else ""


def _check(tree, values):
    """Raise ExpressionError for the first node (in reading order) outside the whitelist."""
    nodes = [n for n in ast.walk(tree) if hasattr(n, "col_offset")]
    called = {id(n.func) for n in nodes if isinstance(n, ast.Call)}
    nodes.sort(key=lambda n: (n.lineno, n.col_offset))
    for node in nodes:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ExpressionError(
                    f"{node.value!r}{_where(node)} is not a number; an expression may use {ALLOWED}"
                )
            if abs(node.value) > 1e308 or not math.isfinite(node.value):
                raise ExpressionError(f"the number{_where(node)} is too large")
        elif isinstance(node, ast.Name):
            if id(node) in called:
                continue
            if node.id in FUNCTIONS:
                raise ExpressionError(
                    f"{node.id}{_where(node)} is a function: call it, as in {node.id}(x)"
                )
            if node.id not in values:
                have = ", ".join(values) if values else "none"
                raise ExpressionError(
                    f"unknown name {node.id!r}{_where(node)}; "
                    f"the names that have a value are: {have}"
                )
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY:
                raise ExpressionError(_bad_operator(node, node.op))
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise ExpressionError(_bad_operator(node, node.op))
        elif isinstance(node, ast.Call):
            _check_call(node)
        else:
            what = _SYNTAX_TEXT.get(type(node), type(node).__name__)
            raise ExpressionError(
                f"{what}{_where(node)} is not allowed; an expression may use {ALLOWED}"
            )


def _bad_operator(node, op):
    text = _OPERATOR_TEXT.get(type(op), type(op).__name__)
    return f"the operator {text}{_where(node)} is not allowed; an expression may use {ALLOWED}"


def _check_call(node):
    allowed = ", ".join(FUNCTIONS)
    if not isinstance(node.func, ast.Name):
        raise ExpressionError(
            f"only the functions {allowed} can be called (column {node.col_offset + 1})"
        )
    name = node.func.id
    if name not in FUNCTIONS:
        raise ExpressionError(
            f"unknown function {name!r}{_where(node)}; the functions are: {allowed}"
        )
    if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        raise ExpressionError(f"{name}(){_where(node)} takes plain arguments only, as in {name}(x)")
    arity = FUNCTIONS[name][0]
    if len(node.args) != arity:
        plural = "argument" if arity == 1 else "arguments"
        raise ExpressionError(
            f"{name}(){_where(node)} takes {arity} {plural}, got {len(node.args)}"
        )


def _evaluate(root, values, leaves):
    """Post-order evaluation of a checked tree with an explicit stack."""
    results = []
    stack = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if isinstance(node, ast.Constant):
            results.append(Value(node.value))
        elif isinstance(node, ast.Name):
            if node.id not in leaves:
                leaves[node.id] = Value(values[node.id], label=node.id)
            results.append(leaves[node.id])
        elif isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
            # fold -2 into one leaf rather than drawing 2 × -1
            sign = -1 if isinstance(node.op, ast.USub) else 1
            results.append(Value(sign * node.operand.value))
        elif not ready:
            stack.append((node, True))
            children = _operands(node)
            stack.extend((c, False) for c in reversed(children))
        else:
            arguments = results[len(results) - len(_operands(node)) :]
            del results[len(results) - len(arguments) :]
            results.append(_apply(node, arguments))
    return results[0]


def _operands(node):
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    return list(node.args)  # ast.Call


def _apply(node, arguments):
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)][1](*arguments)
    if isinstance(node, ast.UnaryOp):
        return -arguments[0] if isinstance(node.op, ast.USub) else arguments[0]
    return FUNCTIONS[node.func.id][1](*arguments)
