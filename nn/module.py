"""Modules: Neuron, Layer and MLP on Values, and saving/loading them as JSON.

A model file holds a format tag and version, the architecture (enough to rebuild the model)
and the weights, nested as the model is: ``weights[i][j] = {"w": [...], "b": ...}`` is
``layers[i].neurons[j]``. Writes are atomic; ``load`` checks the whole file before it
changes a single weight.
"""

import json
import math
import numbers
import os

from autograd import Value
from autograd.files import write_atomically

from . import init as _init
from .activations import ACTIVATIONS

FORMAT = "gradtable-model"
VERSION = 1

_KINDS = {}  # class name -> Module subclass, for load_model


class ModelFileError(ValueError):
    """A model file that is not valid JSON, not a gradtable model, or does not fit the model."""


class Module:
    """Base of every model: parameters, zero_grad, and save/load as JSON."""

    # architecture keys that only say how the weights were first drawn, not what the model is
    _PROVENANCE = ("init", "seed")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _KINDS[cls.__name__] = cls

    def parameters(self):
        """Every trainable Value of the model, in a fixed order."""
        return []

    def zero_grad(self):
        """Set ``.grad`` of every parameter to 0."""
        for p in self.parameters():
            p.grad = 0.0

    # -- serialisation -------------------------------------------------------------------

    def architecture(self):
        """The constructor arguments that rebuild this model, as a dict."""
        raise NotImplementedError

    def weights(self):
        """The parameter values as nested lists and dicts of floats (the file's layout)."""
        raise NotImplementedError

    def to_dict(self):
        """The model as a JSON-ready dict: format tag, version, kind, architecture, weights."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "kind": type(self).__name__,
            "architecture": self.architecture(),
            "weights": self.weights(),
        }

    @classmethod
    def from_dict(cls, d, source="model dict"):
        """A new model built from ``to_dict()`` output; ModelFileError if anything is off."""
        _check_header(d, source)
        if d.get("kind") != cls.__name__:
            raise ModelFileError(f"{source} holds a {d.get('kind')!r}, not a {cls.__name__}")
        arch = d.get("architecture")
        expected = set(cls._ARCH_KEYS)
        if not isinstance(arch, dict) or set(arch) != expected:
            raise ModelFileError(
                f"{source}: 'architecture' must be an object with keys {sorted(expected)}"
            )
        try:
            model = cls(**arch)
        except (TypeError, ValueError) as error:
            raise ModelFileError(f"{source}: bad architecture: {error}") from None
        model._assign(d, source)
        return model

    def save(self, path):
        """Write the model to ``path`` as JSON, atomically (temporary file, then rename)."""
        write_atomically(path, _dumps(self.to_dict()))
        return path

    def load(self, path):
        """Replace this model's weights with those in ``path`` (same architecture needed).

        Everything is checked first; on any error the model is left exactly as it was.
        """
        self._assign(_read(path), repr(os.fspath(path)))
        return self

    def _assign(self, d, source):
        _check_header(d, source)
        kind = type(self).__name__
        if d.get("kind") != kind:
            raise ModelFileError(
                f"{source} holds a {d.get('kind')!r} but this model is a {kind}; "
                "load it with nn.load_model(path) instead"
            )
        arch = d.get("architecture")
        if not isinstance(arch, dict):
            raise ModelFileError(f"{source}: 'architecture' must be an object")
        mine = self.architecture()
        differences = [
            f"{key} is {arch.get(key)!r} in the file but {value!r} here"
            for key, value in mine.items()
            if key not in self._PROVENANCE and arch.get(key) != value
        ]
        if differences:
            raise ModelFileError(
                f"{source} does not fit {self!r}: {'; '.join(differences)}. "
                "Build a matching model, or use nn.load_model(path) to get the saved one"
            )
        values = []
        _flatten_like(self.weights(), d.get("weights"), "weights", values, source)
        # all checks passed: from here on nothing can fail
        for p, v in zip(self.parameters(), values, strict=True):
            p.data = float(v)
            p.grad = 0.0
        for key in self._PROVENANCE:
            if key in mine and hasattr(self, key):
                setattr(self, key, arch.get(key))


def _dumps(d):
    """JSON with one line per key, and one line per neuron inside "weights"."""
    lines = [
        f"  {json.dumps(key)}: "
        + (_dumps_weights(value, 1) if key == "weights" else json.dumps(value))
        for key, value in d.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _dumps_weights(x, depth):
    if isinstance(x, list) and x and isinstance(x[0], (list, dict)):
        pad = "  " * (depth + 1)
        inner = f",\n{pad}".join(_dumps_weights(item, depth + 1) for item in x)
        return f"[\n{pad}{inner}\n{'  ' * depth}]"
    return json.dumps(x)


def _check_header(d, source):
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise ModelFileError(
            f"{source} is not a gradtable model file (no \"format\": \"{FORMAT}\")"
        )
    if d.get("version") != VERSION:
        raise ModelFileError(
            f"{source} is model format version {d.get('version')!r}; "
            f"this gradtable reads version {VERSION}"
        )


def _flatten_like(expected, got, where, out, source):
    """Check that ``got`` has the shape of ``expected`` and append its numbers to ``out``."""
    # recursion here walks a JSON tree three levels deep, not a computation graph
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            found = f"{len(got)} entries" if isinstance(got, list) else type(got).__name__
            raise ModelFileError(
                f"{source}: {where} should be a list of {len(expected)}, found {found} "
                "(wrong number of weights for this architecture)"
            )
        for i, (e, g) in enumerate(zip(expected, got)):
            _flatten_like(e, g, f"{where}[{i}]", out, source)
    elif isinstance(expected, dict):
        if not isinstance(got, dict) or set(got) != set(expected):
            raise ModelFileError(
                f"{source}: {where} should be an object with keys {sorted(expected)}"
            )
        for key in expected:
            _flatten_like(expected[key], got[key], f"{where}[{key!r}]", out, source)
    else:
        if isinstance(got, bool) or not isinstance(got, numbers.Real) or not math.isfinite(got):
            raise ModelFileError(f"{source}: {where} should be a finite number, found {got!r}")
        out.append(float(got))


def _read(path):
    name = repr(os.fspath(path))
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        raise FileNotFoundError(
            f"no model file at {name}: check the path, or save a model there first"
        ) from None
    except IsADirectoryError:
        raise IsADirectoryError(f"{name} is a directory, not a model file") from None
    except UnicodeDecodeError:
        raise ModelFileError(f"{name} is not a gradtable model file (not UTF-8 text)") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ModelFileError(
            f"{name} is not valid JSON ({error.msg}, line {error.lineno}); "
            "the file may be truncated or not a model file"
        ) from None
    except RecursionError:
        raise ModelFileError(f"{name} is not a gradtable model file (nested too deeply)") from None


def load_model(path):
    """A new model (MLP, Layer, Neuron or Perceptron) built from the file at ``path``."""
    d = _read(path)
    source = repr(os.fspath(path))
    _check_header(d, source)
    cls = _KINDS.get(d.get("kind"))
    if cls is None:
        raise ModelFileError(
            f"{source} holds an unknown kind of model {d.get('kind')!r}; "
            f"expected one of {sorted(_KINDS)}"
        )
    return cls.from_dict(d, source)


# -- argument checks ---------------------------------------------------------------------


def _check_count(name, n):
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{name} must be a positive integer, got {n!r}")


def _check_activation(name, activation):
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown {name} {activation!r}; choose one of: {', '.join(ACTIVATIONS)}")


def _seed_for_file(seed):
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None


# -- the models --------------------------------------------------------------------------


class Neuron(Module):
    """One unit: activation(w . x + b). ``.w`` is a list of Values, ``.b`` a Value."""

    _ARCH_KEYS = ("nin", "activation", "init", "seed")

    def __init__(self, nin, activation="tanh", init="uniform", seed=None, *, fan_out=1):
        _check_count("nin", nin)
        _check_activation("activation", activation)
        _init.check_init(init)
        rng = _init.make_rng(seed)
        ws, b = _init.draw(init, nin, fan_out, rng)
        self.w = [Value(wi) for wi in ws]
        self.b = Value(b)
        self.nin, self.activation, self.init = nin, activation, init
        self.seed = _seed_for_file(seed)
        self._fn = ACTIVATIONS[activation]

    def __call__(self, x):
        """activation(w . x + b) as a Value; ``x`` is a list of numbers or Values."""
        if len(x) != self.nin:
            raise ValueError(f"this neuron takes {self.nin} inputs, got {len(x)}: {list(x)!r}")
        z = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return z if self.activation == "linear" else self._fn(z)

    def parameters(self):
        return self.w + [self.b]

    def architecture(self):
        return {
            "nin": self.nin, "activation": self.activation, "init": self.init, "seed": self.seed,
        }  # fmt: skip

    def weights(self):
        return {"w": [wi.data for wi in self.w], "b": self.b.data}

    def __repr__(self):
        return f"Neuron({self.nin} inputs, {self.activation})"


class Layer(Module):
    """``nout`` neurons that share the inputs; calling it returns a list of Values."""

    _ARCH_KEYS = ("nin", "nout", "activation", "init", "seed")

    def __init__(self, nin, nout, activation="tanh", init="uniform", seed=None):
        _check_count("nin", nin)
        _check_count("nout", nout)
        _check_activation("activation", activation)
        _init.check_init(init)
        rng = _init.make_rng(seed)
        self.neurons = [Neuron(nin, activation, init, rng, fan_out=nout) for _ in range(nout)]
        self.nin, self.nout, self.activation, self.init = nin, nout, activation, init
        self.seed = _seed_for_file(seed)

    def __call__(self, x):
        """[neuron(x) for each neuron]."""
        return [n(x) for n in self.neurons]

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def architecture(self):
        return {
            "nin": self.nin, "nout": self.nout, "activation": self.activation,
            "init": self.init, "seed": self.seed,
        }  # fmt: skip

    def weights(self):
        return [n.weights() for n in self.neurons]

    def __repr__(self):
        return f"Layer({self.nin} → {self.nout} {self.activation})"


class MLP(Module):
    """A multilayer perceptron: ``activation`` on hidden layers, ``output_activation`` on the last.

    ``MLP(2, [4, 1], output_activation="sigmoid")`` is 2 inputs, 4 tanh units, 1 sigmoid
    output. ``seed`` makes the initial weights reproducible (a private random.Random).
    """

    _ARCH_KEYS = ("nin", "nouts", "activation", "output_activation", "init", "seed")

    def __init__(
        self, nin, nouts, activation="tanh", output_activation="linear", init="uniform", seed=None
    ):
        _check_count("nin", nin)
        if isinstance(nouts, int) and not isinstance(nouts, bool):
            nouts = [nouts]
        if not isinstance(nouts, (list, tuple)) or not nouts:
            raise ValueError(
                f"nouts must be a non-empty list of layer sizes, like [4, 1]; got {nouts!r}"
            )
        for n in nouts:
            _check_count("each layer size in nouts", n)
        _check_activation("activation", activation)
        _check_activation("output_activation", output_activation)
        _init.check_init(init)
        rng = _init.make_rng(seed)
        sizes = [nin, *nouts]
        last = len(nouts) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1], output_activation if i == last else activation, init, rng)
            for i in range(len(nouts))
        ]
        self.nin, self.nouts = nin, list(nouts)
        self.activation, self.output_activation, self.init = activation, output_activation, init
        self.seed = _seed_for_file(seed)

    def __call__(self, x):
        """The output: a Value when the last layer has one neuron, else a list of Values."""
        if len(x) != self.nin:
            raise ValueError(f"this MLP takes {self.nin} inputs, got {len(x)}: {list(x)!r}")
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def architecture(self):
        return {
            "nin": self.nin, "nouts": list(self.nouts), "activation": self.activation,
            "output_activation": self.output_activation, "init": self.init, "seed": self.seed,
        }  # fmt: skip

    def weights(self):
        return [layer.weights() for layer in self.layers]

    def describe(self):
        """One line: sizes and activations of each layer and the parameter count."""
        layers = " → ".join(f"{layer.nout} {layer.activation}" for layer in self.layers)
        return f"MLP({self.nin} → {layers}, {len(self.parameters())} parameters)"

    __repr__ = describe
