"""Rosenblatt's perceptron (1958), with the labels of either set of lecture notes.

Seed 001 labels the classes 0 and 1: predict 1 if w . x + b > 0, else 0, and after each
example w += lr (y - y_hat) x, b += lr (y - y_hat). Seed 002 labels them -1 and +1:
predict sign(w . x + b), with sign(0) = +1, and after a mistake w += lr y x, b += lr y
(stochastic gradient descent on the perceptron criterion). Both move the boundary toward
the misclassified point; ``fit`` follows whichever labels it is given.
"""

from autograd import Value, format_number

from .checks import few_enough_parameters, positive_int
from .init import make_rng, seed_to_save
from .module import Module

LABELS = {(0, 1): "0/1", (-1, 1): "±1"}
"""The two label sets (negative class, positive class), and how they are written."""


class Perceptron(Module):
    """A threshold unit that learns by Rosenblatt's rule, with labels 0/1 or -1/+1.

    With ``seed=None`` the weights start at 0, as in the textbook algorithm; with a seed
    they start U(-1, 1) from a private random.Random(seed). ``labels`` is the pair of
    class labels the model predicts, (0, 1) until ``fit`` sees -1/+1 labels.
    """

    ARCHITECTURE = ("nin", "seed", "labels")
    DEFAULTS = {"labels": [0, 1]}  # files written before the labels were saved

    @classmethod
    def parameter_count(cls, architecture):
        return positive_int("nin", architecture["nin"]) + 1

    def __init__(self, nin, seed=None, labels=(0, 1)):
        few_enough_parameters(self.parameter_count({"nin": nin}))
        self.labels = _label_set(labels)
        if seed is None:
            ws, b = [0.0] * nin, 0.0
        else:
            rng = make_rng(seed)
            ws, b = [rng.uniform(-1.0, 1.0) for _ in range(nin)], rng.uniform(-1.0, 1.0)
        self.w = [Value(wi) for wi in ws]
        self.b = Value(b)
        self.nin = nin
        self.seed = seed_to_save(seed)
        self.converged = False

    def score(self, x):
        """w . x + b as a float."""
        if len(x) != self.nin:
            raise ValueError(f"this perceptron takes {self.nin} inputs, got {len(x)}: {list(x)!r}")
        return sum((wi.data * float(xi) for wi, xi in zip(self.w, x)), self.b.data)

    def predict(self, x):
        """The positive label if w . x + b > 0 (>= 0 with labels ±1, as sign(0) = +1), else
        the negative one."""
        negative, positive = self.labels
        score = self.score(x)
        return positive if score > 0 or (score == 0 and negative == -1) else negative

    __call__ = predict

    def fit(self, X, y, epochs, lr=1.0):
        """Rosenblatt's rule from the current weights, an example at a time: with labels 0/1,
        w += lr (y - y_hat) x and b += lr (y - y_hat); with labels ±1, after a mistake,
        w += lr y x and b += lr y.

        Stops at the first epoch with no errors (``.converged`` becomes True) or after
        ``epochs``; returns the number of errors in each epoch.
        """
        if len(X) != len(y):
            raise ValueError(f"fit: {len(X)} inputs but {len(y)} labels; pass one label per input")
        positive_int("epochs", epochs)
        self.labels = _labels_of(y, self.labels)
        plus_minus = self.labels == (-1, 1)
        self.converged = False
        history = []
        for _ in range(epochs):
            errors = 0
            for x, target in zip(X, y):
                predicted = self.predict(x)
                if predicted == target:
                    continue
                errors += 1
                step = lr * (target if plus_minus else target - predicted)
                for wi, xi in zip(self.w, x):
                    wi.data += step * float(xi)
                self.b.data += step
            history.append(errors)
            if errors == 0:
                self.converged = True
                break
        return history

    def parameters(self):
        return self.w + [self.b]

    def architecture(self):
        return {"nin": self.nin, "seed": self.seed, "labels": list(self.labels)}

    def weights(self):
        return {"w": [wi.data for wi in self.w], "b": self.b.data}

    def __repr__(self):
        w = ", ".join(format_number(wi.data, 6) for wi in self.w)
        return (
            f"Perceptron(w=[{w}], b={format_number(self.b.data, 6)}, "
            f"labels {LABELS[self.labels]})"
        )


def _label_set(labels):
    if isinstance(labels, (list, tuple)) and tuple(labels) in LABELS:
        return tuple(labels)
    raise ValueError(f"labels must be (0, 1) or (-1, 1), got {labels!r}")


def _labels_of(y, current):
    """The label set of ``y``: 0/1 (seed 001) or -1/+1 (seed 002); all 1s keep ``current``."""
    found = set()
    for label in y:
        if isinstance(label, bool) or label not in (-1, 0, 1):
            raise ValueError(
                f"fit: labels must be 0 and 1 (seed 001) or -1 and +1 (seed 002), got {label!r}"
            )
        found.add(label)
    if found == {1}:
        return current
    if found <= {0, 1}:
        return (0, 1)
    if found <= {-1, 1}:
        return (-1, 1)
    raise ValueError("fit: labels must be all 0/1 (seed 001) or all -1/+1 (seed 002), not both")
