"""Modules: Neuron, Layer and MLP, built from Values (seeds 000, 001, 003).

A neuron computes activation(w . x + b); a layer is neurons that share their inputs; an
MLP is layers in a row, each feeding the next. Every weight and bias is a plain Value, so
``model.parameters()`` are leaves of the graph a forward pass builds, and ``backward()``
fills their ``.grad``. Models save to JSON and load back through ``nn.modelfile``.
"""

import os

from autograd import Value

from . import init as _init
from . import modelfile, torch_bridge
from .activations import ACTIVATIONS
from .checks import few_enough_parameters, one_of, positive_int


class Module:
    """Base of every model: parameters, zero_grad, and save/load as JSON."""

    ARCHITECTURE = ()
    """The constructor arguments that rebuild the model: the model file's "architecture"."""
    PROVENANCE = ("init", "seed")
    """Architecture keys that say only how the weights were first drawn, not what the model is."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        modelfile.KINDS[cls.__name__] = cls

    def parameters(self):
        """Every trainable Value of the model, in a fixed order."""
        return []

    def zero_grad(self):
        """Set ``.grad`` of every parameter to 0."""
        for p in self.parameters():
            p.grad = 0.0

    def architecture(self):
        """The constructor arguments that rebuild this model, as a dict."""
        return {key: getattr(self, key) for key in self.ARCHITECTURE}

    def weights(self):
        """The parameter values as nested lists and dicts of floats (the file's layout)."""
        raise NotImplementedError

    def to_dict(self):
        """The model as a JSON-ready dict: format tag, version, kind, architecture, weights."""
        return modelfile.to_dict(self)

    @classmethod
    def from_dict(cls, d, source="model dict"):
        """A new model built from ``to_dict()`` output; ModelFileError if anything is off."""
        arch = modelfile.architecture_of(cls, d, source)
        modelfile.check_size(cls, arch, source)  # before building: a file is only text
        try:
            model = cls(**arch)
        except (TypeError, ValueError) as error:
            raise modelfile.ModelFileError(f"{source}: bad architecture: {error}") from None
        model._assign(d, source)
        return model

    @classmethod
    def parameter_count(cls, architecture):
        """How many parameters a model of ``architecture`` (a dict) has, without building it."""
        raise NotImplementedError

    def save(self, path):
        """Write the model to ``path`` as JSON, atomically (temporary file, then rename)."""
        return modelfile.write(path, self)

    def load(self, path):
        """Replace this model's weights with those in ``path`` (same architecture needed).

        Everything is checked first; on any error the model is left exactly as it was.
        """
        self._assign(modelfile.read(path), repr(os.fspath(path)))
        return self

    def _assign(self, d, source):
        values = modelfile.weights_for(self, d, source)
        provenance = {k: v for k, v in d["architecture"].items() if k in self.PROVENANCE}
        try:  # how the weights were first drawn: checked too, so the next save loads again
            if "init" in provenance:
                _init.check_init(provenance["init"])
            _init.make_rng(provenance.get("seed"))
        except (TypeError, ValueError) as error:
            raise modelfile.ModelFileError(f"{source}: bad architecture: {error}") from None
        # every check has passed: from here on nothing can fail
        for p, v in zip(self.parameters(), values, strict=True):
            p.data = v
            p.grad = 0.0
        for key in self.PROVENANCE:
            if key in self.ARCHITECTURE:
                setattr(self, key, d["architecture"].get(key))


class Neuron(Module):
    """One unit: activation(w . x + b). ``.w`` is a list of Values, ``.b`` a Value."""

    ARCHITECTURE = ("nin", "activation", "init", "seed")

    @classmethod
    def parameter_count(cls, architecture):
        return positive_int("nin", architecture["nin"]) + 1

    def __init__(self, nin, activation="tanh", init="uniform", seed=None, *, fan_out=1):
        few_enough_parameters(self.parameter_count({"nin": nin}))
        one_of("activation", activation, ACTIVATIONS)
        _init.check_init(init)
        rng = _init.make_rng(seed)
        ws, b = _init.draw(init, nin, fan_out, rng)
        self.w = [Value(wi) for wi in ws]
        self.b = Value(b)
        self.nin, self.activation, self.init = nin, activation, init
        self.seed = _init.seed_to_save(seed)
        self._fn = ACTIVATIONS[activation]

    def __call__(self, x):
        """activation(w . x + b) as a Value; ``x`` is a list of numbers or Values."""
        if len(x) != self.nin:
            raise ValueError(f"this neuron takes {self.nin} inputs, got {len(x)}: {list(x)!r}")
        z = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return z if self.activation == "linear" else self._fn(z)

    def parameters(self):
        return self.w + [self.b]

    def weights(self):
        return {"w": [wi.data for wi in self.w], "b": self.b.data}

    def __repr__(self):
        return f"Neuron({self.nin} inputs, {self.activation})"


class Layer(Module):
    """``nout`` neurons that share the inputs; calling it returns a list of Values."""

    ARCHITECTURE = ("nin", "nout", "activation", "init", "seed")

    @classmethod
    def parameter_count(cls, architecture):
        nin, nout = architecture["nin"], architecture["nout"]
        return positive_int("nout", nout) * (positive_int("nin", nin) + 1)

    def __init__(self, nin, nout, activation="tanh", init="uniform", seed=None):
        few_enough_parameters(self.parameter_count({"nin": nin, "nout": nout}))
        one_of("activation", activation, ACTIVATIONS)
        _init.check_init(init)
        rng = _init.make_rng(seed)
        self.neurons = [Neuron(nin, activation, init, rng, fan_out=nout) for _ in range(nout)]
        self.nin, self.nout, self.activation, self.init = nin, nout, activation, init
        self.seed = _init.seed_to_save(seed)

    def __call__(self, x):
        """[neuron(x) for each neuron]."""
        return [n(x) for n in self.neurons]

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def weights(self):
        return [n.weights() for n in self.neurons]

    def __repr__(self):
        return f"Layer({self.nin} → {self.nout} {self.activation})"


class MLP(Module):
    """A multilayer perceptron: ``activation`` on hidden layers, ``output_activation`` on the last.

    ``MLP(2, [4, 1], output_activation="sigmoid")`` is 2 inputs, 4 tanh units, 1 sigmoid
    output. ``seed`` makes the initial weights reproducible (a private random.Random).
    """

    ARCHITECTURE = ("nin", "nouts", "activation", "output_activation", "init", "seed")

    @classmethod
    def parameter_count(cls, architecture):
        nouts = architecture["nouts"]
        nouts = [nouts] if isinstance(nouts, int) and not isinstance(nouts, bool) else nouts
        if not isinstance(nouts, list) or not nouts:
            raise ValueError(f"nouts must be a non-empty list of layer sizes, got {nouts!r}")
        sizes = [positive_int("nin", architecture["nin"])]
        sizes += [positive_int("each layer size in nouts", n) for n in nouts]
        return sum(n_out * (n_in + 1) for n_in, n_out in zip(sizes, sizes[1:]))

    def __init__(
        self, nin, nouts, activation="tanh", output_activation="linear", init="uniform", seed=None
    ):
        positive_int("nin", nin)
        if isinstance(nouts, int) and not isinstance(nouts, bool):
            nouts = [nouts]
        if not isinstance(nouts, (list, tuple)) or not nouts:
            raise ValueError(
                f"nouts must be a non-empty list of layer sizes, like [4, 1]; got {nouts!r}"
            )
        few_enough_parameters(self.parameter_count({"nin": nin, "nouts": list(nouts)}))
        one_of("activation", activation, ACTIVATIONS)
        one_of("output_activation", output_activation, ACTIVATIONS)
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
        self.seed = _init.seed_to_save(seed)

    def __call__(self, x):
        """The output: a Value when the last layer has one neuron, else a list of Values."""
        if len(x) != self.nin:
            raise ValueError(f"this MLP takes {self.nin} inputs, got {len(x)}: {list(x)!r}")
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def weights(self):
        return [layer.weights() for layer in self.layers]

    def describe(self):
        """One line: sizes and activations of each layer and the parameter count."""
        layers = " → ".join(f"{layer.nout} {layer.activation}" for layer in self.layers)
        return f"MLP({self.nin} → {layers}, {len(self.parameters())} parameters)"

    __repr__ = describe

    def to_torch(self):
        """This MLP as a float64 ``torch.nn.Sequential`` with the same weights (needs torch)."""
        return torch_bridge.to_torch(self)

    @classmethod
    def from_torch(cls, module):
        """A new MLP with the weights of ``module``, a Sequential such as ``to_torch()`` makes."""
        return torch_bridge.from_torch(cls, module)
