"""Losses: each returns the mean over the elements as a Value (seeds 001, 002, 004).

``pred`` is a Value or a list of Values; ``target`` a number or a list of numbers of the
same length. BCE (of a sigmoid output) and cross-entropy are computed from logits, so a
confident mistake (a logit of +-1000) gives a large finite loss and the gradient a - y,
never log(0).

``mse``, ``bce_with_logits`` and ``hinge`` also take targets that are Values (leaves): a
traced tape of such a loss then replays it for new targets set through ``.data``, batch
after batch. A Value target is checked when the loss is built.
"""

import math
import numbers

from autograd import Value

from .activations import softplus

_EPS = 1e-12  # bce clamps a probability into [eps, 1 - eps] when it has no logit to use


def _pairs(name, pred, target):
    preds = list(pred) if isinstance(pred, (list, tuple)) else [pred]
    targets = list(target) if isinstance(target, (list, tuple)) else [target]
    if len(preds) != len(targets):
        raise ValueError(
            f"{name}: {len(preds)} predictions but {len(targets)} targets; "
            "pass one target per prediction"
        )
    if not preds:
        raise ValueError(f"{name}: needs at least one prediction")
    out = []
    for p, t in zip(preds, targets):
        if not isinstance(p, Value):
            p = Value(p)
        if isinstance(t, Value) and name in _VALUE_TARGETS:
            out.append((p, t))
            continue
        if isinstance(t, bool) or not isinstance(t, numbers.Real) or not math.isfinite(t):
            raise TypeError(f"{name}: a target must be a finite number, got {t!r}")
        out.append((p, float(t)))
    return out


_VALUE_TARGETS = ("mse", "bce_with_logits", "hinge")  # their graphs take a target node as is


def _mean(terms):
    total = sum(terms[1:], terms[0])
    return total if len(terms) == 1 else total * (1.0 / len(terms))


def mse(pred, target):
    """Mean squared error: mean of (pred - target)^2 (seed 001)."""
    terms = []
    for p, t in _pairs("mse", pred, target):
        d = p + (-t)
        terms.append(d * d)
    return _mean(terms)


def _check_labels(name, pairs, allowed):
    for _, t in pairs:
        if float(t) not in allowed:
            want = " or ".join(f"{a:g}" for a in allowed)
            raise ValueError(f"{name}: targets must be {want}, got {float(t):g}")


def _bce_logit(z, y):
    # -[y log sigma(z) + (1-y) log(1 - sigma(z))] = softplus(z) - y z  (seed 004: zeta((1-2y)z))
    if isinstance(y, Value):  # the general form, for any target the node will hold
        return softplus(z) + z * (-y)
    return softplus(z) + z * (-y) if y else softplus(z)


def bce_with_logits(logit, target):
    """Binary cross-entropy of sigmoid(logit) against 0/1 targets, stable for any logit."""
    pairs = _pairs("bce_with_logits", logit, target)
    _check_labels("bce_with_logits", pairs, (0.0, 1.0))
    return _mean([_bce_logit(z, y) for z, y in pairs])


def bce(prob, target):
    """Binary cross-entropy -[y log p + (1-y) log(1-p)] against 0/1 targets.

    For a sigmoid output p = sigma(z) the loss is read from its logit z, as
    ``bce_with_logits`` computes it: softplus(z) - y z is the same number, computed so
    that a confident mistake gives a large finite loss with the gradient dL/dz = p - y
    (seed 002's delta = a - y). The graph then runs from z. This choice depends on the
    graph's shape, never on its data, so a traced tape of it stays valid. Any other
    probability is used as the formula reads, clamped to [1e-12, 1 - 1e-12].
    """
    pairs = _pairs("bce", prob, target)
    _check_labels("bce", pairs, (0.0, 1.0))
    terms = []
    for p, y in pairs:
        if p.op == "sigmoid":
            terms.append(_bce_logit(p.inputs[0], y))
            continue
        if not 0.0 <= p.data <= 1.0:
            raise ValueError(
                f"bce: a prediction must be a probability in [0, 1], got {p.data:g}; "
                "apply sigmoid() first or use bce_with_logits()"
            )
        if y:
            terms.append(-(p.max(_EPS).log()))
        else:
            one_minus = 1.0 + -p
            terms.append(-(one_minus.max(_EPS).log()))
    return _mean(terms)


def hinge(score, target):
    """SVM hinge loss: mean of max(0, 1 - target*score), targets +1 or -1."""
    pairs = _pairs("hinge", score, target)
    _check_labels("hinge", pairs, (1.0, -1.0))
    return _mean([(s * -t + 1.0).relu() for s, t in pairs])


def cross_entropy(logits, target):
    """-log softmax(logits)[target] for one example and a class index; gradient softmax - onehot."""
    zs = [z if isinstance(z, Value) else Value(z) for z in logits]
    if not zs:
        raise ValueError("cross_entropy needs a non-empty list of logits")
    if isinstance(target, bool) or not isinstance(target, numbers.Integral):
        raise TypeError(f"cross_entropy: target must be a class index (int), got {target!r}")
    if not 0 <= target < len(zs):
        raise ValueError(
            f"cross_entropy: class index {target} is out of range for {len(zs)} logits "
            f"(0..{len(zs) - 1})"
        )
    # log sum_j e^z_j = m + log sum_j e^(z_j - m) for the constant m = max z: nothing overflows
    top = max(z.data for z in zs)
    exps = [(z + (-top)).exp() for z in zs]
    log_sum = sum(exps[1:], exps[0]).log() + top
    return log_sum - zs[target]


LOSSES = {
    "mse": mse,
    "bce": bce,
    "bce_with_logits": bce_with_logits,
    "hinge": hinge,
    "cross_entropy": cross_entropy,
}
"""Every loss by name."""
