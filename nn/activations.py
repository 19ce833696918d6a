"""Activation functions on Values, built from the engine's primitives (seeds 000, 002, 004).

Conventions at the kinks follow the engine's: ``relu'(0) = 0`` and ``max`` gives a tie to
its first input. So ``leaky_relu'(0) = alpha`` and ``elu'(0) = alpha`` (the slope of the
left side, as for relu and as in PyTorch), and ``softplus'(0) = sigmoid(0) = 0.5``.
"""

from autograd import Value


def _value(x):
    return x if isinstance(x, Value) else Value(x)


def sigmoid(x):
    """sigma(x) = 1 / (1 + e^-x), the engine's overflow-free primitive."""
    return _value(x).sigmoid()


def tanh(x):
    """tanh(x), the engine's primitive."""
    return _value(x).tanh()


def relu(x):
    """max(0, x), with relu'(0) = 0 (seed 002)."""
    return _value(x).relu()


def linear(x):
    """The identity: a neuron with no nonlinearity."""
    return _value(x)


def leaky_relu(x, alpha=0.01):
    """max(alpha*x, x) for 0 <= alpha <= 1, written as in seed 004: max{alpha z, z}."""
    if not 0 <= alpha <= 1:
        raise ValueError(f"leaky_relu needs 0 <= alpha <= 1, got alpha={alpha:g}")
    x = _value(x)
    # alpha*x first: at x = 0 the tie sends the gradient to it, so the slope there is alpha
    return (alpha * x).max(x)


def elu(x, alpha=1.0):
    """x for x > 0, else alpha*(e^x - 1); never calls exp on a positive number."""
    if alpha < 0:
        raise ValueError(f"elu needs alpha >= 0, got alpha={alpha:g}")
    x = _value(x)
    positive = x.relu()
    negative = x - positive  # min(x, 0), slope 1 at 0
    return positive + alpha * (negative.exp() + -1.0)


def _abs(x):
    # (-x) first: at 0 the tie gives slope -1, the left side, to match relu'(0) = 0
    return (-x).max(x)


def softplus(x):
    """zeta(x) = log(1 + e^x) (seed 004), stable: relu(x) + log(1 + e^-|x|). zeta' = sigma.

    Accurate to about 1e-16 absolute; far in the negative tail the engine has no log1p.
    """
    x = _value(x)
    return x.relu() + (1.0 + (-_abs(x)).exp()).log()


def softmax(xs):
    """e^x_i / sum_j e^x_j over a list, stable: the max is subtracted first (seeds 000, 004)."""
    xs = [_value(x) for x in xs]
    if not xs:
        raise ValueError("softmax needs a non-empty list of numbers or Values")
    # a constant shift changes no output and no gradient, so the max is taken as a float
    top = max(x.data for x in xs)
    exps = [(x + (-top)).exp() for x in xs]
    inverse = 1.0 / sum(exps[1:], exps[0])
    return [e * inverse for e in exps]


ACTIVATIONS = {
    "tanh": tanh,
    "sigmoid": sigmoid,
    "relu": relu,
    "leaky_relu": leaky_relu,
    "elu": elu,
    "softplus": softplus,
    "linear": linear,
}
"""The names a Neuron, Layer or MLP accepts as ``activation=``, mapped to their functions."""
