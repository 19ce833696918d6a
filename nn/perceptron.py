"""Rosenblatt's perceptron (1958; seed 001), with 0/1 labels."""

from autograd import Value

from .checks import positive_int
from .init import make_rng, seed_to_save
from .module import Module


class Perceptron(Module):
    """A threshold unit: predict 1 if w . x + b > 0, else 0. Learns by Rosenblatt's rule.

    With ``seed=None`` the weights start at 0, as in the textbook algorithm; with a seed
    they start U(-1, 1) from a private random.Random(seed).
    """

    ARCHITECTURE = ("nin", "seed")

    @classmethod
    def parameter_count(cls, architecture):
        return positive_int("nin", architecture["nin"]) + 1

    def __init__(self, nin, seed=None):
        positive_int("nin", nin)
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
        """1 if w . x + b > 0, else 0."""
        return 1 if self.score(x) > 0 else 0

    __call__ = predict

    def fit(self, X, y, epochs, lr=1.0):
        """Rosenblatt's rule from the current weights: w += lr (y - y_hat) x, b += lr (y - y_hat).

        Stops at the first epoch with no errors (``.converged`` becomes True) or after
        ``epochs``; returns the number of errors in each epoch.
        """
        if len(X) != len(y):
            raise ValueError(f"fit: {len(X)} inputs but {len(y)} labels; pass one label per input")
        positive_int("epochs", epochs)
        for label in y:
            if isinstance(label, bool) or label not in (0, 1):
                raise ValueError(
                    f"fit: labels must be 0 or 1 (Rosenblatt's rule, seed 001), got {label!r}"
                )
        self.converged = False
        history = []
        for _ in range(epochs):
            errors = 0
            for x, target in zip(X, y):
                delta = target - self.predict(x)
                if delta:
                    errors += 1
                    for wi, xi in zip(self.w, x):
                        wi.data += lr * delta * float(xi)
                    self.b.data += lr * delta
            history.append(errors)
            if errors == 0:
                self.converged = True
                break
        return history

    def parameters(self):
        return self.w + [self.b]

    def weights(self):
        return {"w": [wi.data for wi in self.w], "b": self.b.data}

    def __repr__(self):
        w = ", ".join(f"{wi.data:g}" for wi in self.w)
        return f"Perceptron(w=[{w}], b={self.b.data:g})"
