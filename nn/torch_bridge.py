"""The bridge to PyTorch: an MLP as a ``torch.nn.Sequential``, and back.

``MLP.to_torch()`` writes each layer as a ``Linear`` followed by its activation's module
(none for "linear"), in float64. Neuron j of a layer is row j of its ``Linear``: its ``w``
is ``weight[j]`` and its ``b`` is ``bias[j]``. ``MLP.from_torch(module)`` reads such a
Sequential back, and refuses anything an MLP cannot be, naming the layer.

Both compute the same outputs and, under the same loss, the same gradients, up to the
rounding of sums taken in another order: 1e-13 relative or less, unless a sum cancels to
nearly 0. They agree at the kinks too: relu'(0) = 0, leaky_relu'(0) = elu'(0) = alpha (the slope on the left, see
``nn.activations``) and softplus'(0) = 1/2 in both libraries.

torch is imported inside the functions, so ``import nn`` never needs it.
"""

import math
from dataclasses import dataclass

INSTALL = "pip install torch==2.13.0 (a CPU wheel is enough)"


@dataclass(frozen=True)
class Setting:
    """An attribute of a torch activation module that gradtable's activation fixes."""

    attribute: str
    value: float  # what to_torch sets; from_torch accepts this value only ...
    at_least: float | None = None  # ... or, when this is given, any value at least this


@dataclass(frozen=True)
class TorchActivation:
    """An activation name of ``nn.ACTIVATIONS`` and the ``torch.nn`` module computing it."""

    name: str
    module: str  # the class in torch.nn; "" for linear, which needs no module
    settings: tuple = ()  # of Setting


TORCH_ACTIVATIONS = {
    row.name: row
    for row in (
        TorchActivation("tanh", "Tanh"),
        TorchActivation("sigmoid", "Sigmoid"),
        TorchActivation("relu", "ReLU"),
        TorchActivation("leaky_relu", "LeakyReLU", (Setting("negative_slope", 0.01),)),
        TorchActivation("elu", "ELU", (Setting("alpha", 1.0),)),
        # Softplus returns x itself above `threshold` (20 by default): up to 2e-9 off
        # softplus(x). Above 40, softplus(x) and its slope round to x and 1 in float64,
        # so there the shortcut changes no number. 20 or more still reads as softplus.
        TorchActivation(
            "softplus", "Softplus", (Setting("beta", 1.0), Setting("threshold", 40.0, 20.0))
        ),
        TorchActivation("linear", ""),
    )
}
"""The PyTorch module for each activation name an MLP takes, with the settings it needs."""

_ALLOWED = (
    "an MLP reads Linear layers (with bias), each followed by "
    + ", ".join(row.module for row in TORCH_ACTIVATIONS.values() if row.module)
    + " or nothing (linear)"
)


def to_torch(model):
    """``model`` (an MLP) as a float64 ``torch.nn.Sequential`` with the same weights."""
    rows = [_row(layer.activation) for layer in model.layers]
    torch = _import_torch("MLP.to_torch()")
    modules = []
    for layer, row in zip(model.layers, rows):
        # skip_init draws no random weights, so torch's global generator is left alone
        linear = torch.nn.utils.skip_init(
            torch.nn.Linear, layer.nin, layer.nout, dtype=torch.float64
        )
        weight = [[w.data for w in neuron.w] for neuron in layer.neurons]
        bias = [neuron.b.data for neuron in layer.neurons]
        with torch.no_grad():  # a tensor made from Python floats is float32 unless told
            linear.weight.copy_(torch.tensor(weight, dtype=torch.float64))
            linear.bias.copy_(torch.tensor(bias, dtype=torch.float64))
        modules.append(linear)
        if row.module:
            settings = {s.attribute: s.value for s in row.settings}
            modules.append(getattr(torch.nn, row.module)(**settings))
    return torch.nn.Sequential(*modules)


@dataclass
class _Layer:
    """One MLP layer read from the Sequential: its Linear's numbers and its activation."""

    nin: int
    nout: int
    values: list  # in the MLP's parameter order: each neuron's w, then its b
    activation: str = "linear"
    at: str = ""  # the module that fixed the activation, as messages name it


def from_torch(cls, module):
    """A new ``cls`` (an MLP) with the weights of ``module``, a Sequential as to_torch makes."""
    torch = _import_torch("MLP.from_torch()")
    if not isinstance(module, torch.nn.Sequential):
        raise TypeError(
            f"MLP.from_torch needs a torch.nn.Sequential, got {_kind(module)}; {_ALLOWED}"
        )
    layers = _read(torch, module)
    hidden = layers[:-1]
    for layer in hidden[1:]:
        if layer.activation != hidden[0].activation:
            raise ValueError(
                f"{layer.at}: the hidden layers of an MLP share one activation, but "
                f"{hidden[0].at} gives {hidden[0].activation} and this one {layer.activation}"
            )
    model = cls(
        layers[0].nin,
        [layer.nout for layer in layers],
        activation=hidden[0].activation if hidden else "tanh",
        output_activation=layers[-1].activation,
    )
    values = [v for layer in layers for v in layer.values]
    for p, v in zip(model.parameters(), values, strict=True):
        p.data = v
    return model


def _read(torch, module):
    """The Sequential's children as MLP layers, each checked where it stands."""
    rows = {getattr(torch.nn, row.module): row for row in TORCH_ACTIVATIONS.values() if row.module}
    layers, after_linear = [], False
    for key, child in module.named_children():
        at = f"layer {key} ({_kind(child)})"
        if type(child) is torch.nn.Linear:
            layers.append(_read_linear(at, child, layers[-1] if layers else None))
            after_linear = True
        elif type(child) in rows:
            if not after_linear:
                raise ValueError(f"{at}: an activation must follow a Linear layer; {_ALLOWED}")
            layers[-1].activation = _read_activation(at, child, rows[type(child)])
            layers[-1].at = at
            after_linear = False
        else:
            raise ValueError(f"{at}: an MLP has no such layer; {_ALLOWED}")
    if not layers:
        raise ValueError(f"the Sequential is empty; {_ALLOWED}")
    return layers


def _read_linear(at, linear, before):
    if linear.bias is None:
        raise ValueError(f"{at}: no bias, but every neuron of an MLP has one (use bias=True)")
    if before is not None and linear.in_features != before.nout:
        raise ValueError(
            f"{at}: takes {linear.in_features} inputs, but the layer before it gives {before.nout}"
        )
    weight, bias = linear.weight.detach().tolist(), linear.bias.detach().tolist()
    values = [v for w, b in zip(weight, bias) for v in (*w, b)]
    for v in values:
        if not math.isfinite(v):
            raise ValueError(f"{at}: holds {v}, but a Value needs a finite number")
    return _Layer(linear.in_features, linear.out_features, values, at=at)


def _read_activation(at, child, row):
    for s in row.settings:
        got = getattr(child, s.attribute)
        if s.at_least is None and got != s.value:
            raise ValueError(
                f"{at}: {s.attribute}={got:g}, but an MLP's {row.name} has "
                f"{s.attribute}={s.value:g} only"
            )
        if s.at_least is not None and got < s.at_least:
            raise ValueError(
                f"{at}: {s.attribute}={got:g}, but an MLP's {row.name} needs "
                f"{s.attribute} >= {s.at_least:g}"
            )
    return row.name


def _row(name):
    if name not in TORCH_ACTIVATIONS:
        raise ValueError(
            f"activation {name!r} has no PyTorch module: add its row to TORCH_ACTIVATIONS "
            f"in nn/torch_bridge.py"
        )
    return TORCH_ACTIVATIONS[name]


def _kind(obj):
    return type(obj).__name__


def _import_torch(caller):
    try:
        import torch
    except ImportError as error:
        raise ImportError(
            f"{caller} needs PyTorch, which could not be imported ({error}). "
            f"Install it with: {INSTALL}"
        ) from error
    return torch
