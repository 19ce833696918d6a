"""The network of a configuration: its model, its output head, and the loss graph of one
sample with every node a reader needs labelled.

Names, as the page and the step-through show them: the features by their labels (``x1``,
``x2²``), the target ``y``, weight ``w2.3.1`` (layer 2, neuron 3, from unit 1 of the layer
before, layer 0 being the features) and bias ``b2.3``; a neuron's pre-activation ``z2.3``
and activation ``h2.3``; the network's output ``out`` and the loss ``L``. Layers count
from 1, the output layer last.
"""

from typing import Callable, NamedTuple

import nn
from autograd import OPS, Value
from nn import modelfile

from .features import FEATURES


class Head(NamedTuple):
    """How the output is trained and shown: the MLP's last activation, the loss, the target of
    a label, the shown value of an output, and the value drawn white in a heat map."""

    activation: str
    loss: Callable
    target: Callable
    show: Callable
    center: float


_SIGMOID_HEAD = Head("linear", nn.bce_with_logits, float, OPS["sigmoid"].forward, 0.5)
"""Trained on the logit with cross-entropy (targets 0/1); the page shows sigmoid(logit)."""

_TANH_HEAD = Head("tanh", nn.mse, lambda label: 2.0 * label - 1.0, float, 0.0)
"""TensorFlow Playground's: a tanh output and squared error against labels -1 and +1."""

_LINEAR_HEAD = Head("linear", nn.mse, float, float, 0.0)
"""Regression: a linear output and squared error against the label."""


def head(config, problem):
    """The ``Head`` of a configuration for its data's ``problem``."""
    if problem == "regression":
        return _LINEAR_HEAD
    return _SIGMOID_HEAD if config["output"] == "sigmoid" else _TANH_HEAD


def build_model(config, head):
    """A new MLP for ``config`` (its initial weights drawn from its seed), parameters labelled."""
    model = nn.MLP(
        len(config["features"]), [*config["hidden"], 1], activation=config["activation"],
        output_activation=head.activation, seed=config["seed"],
    )  # fmt: skip
    label_parameters(model)
    return model


def label_parameters(model):
    """Name each weight ``w<layer>.<neuron>.<input>`` and each bias ``b<layer>.<neuron>``."""
    for l, layer in enumerate(model.layers, start=1):
        for j, neuron in enumerate(layer.neurons, start=1):
            for i, w in enumerate(neuron.w, start=1):
                w.label = f"w{l}.{j}.{i}"
            neuron.b.label = f"b{l}.{j}"


def copy_model(model):
    """A new MLP with ``model``'s architecture and weights, its parameters labelled: a copy
    to draw or probe while the original trains on."""
    copy = modelfile.from_dict(modelfile.to_dict(model))
    label_parameters(copy)
    return copy


def input_leaves(config):
    """Leaf Values for the features of a point, labelled, holding 0 until set."""
    return [Value(0.0, FEATURES[name].label) for name in config["features"]]


def loss_graph(model, inputs, target, head):
    """``(L, neurons)``: the loss of one sample as a graph of Values, and per hidden layer a
    list of each neuron's ``(z, h)`` nodes. ``inputs`` are the feature Values, ``target``
    a Value (or number) holding the head's target."""
    x, neurons = inputs, []
    last = len(model.layers)
    for l, layer in enumerate(model.layers, start=1):
        x = layer(x)
        if l < last:
            neurons.append([_name_neuron(h, layer.activation, l, j) for j, h in enumerate(x, 1)])
    (out,) = x
    _name_neuron(out, head.activation, last, 1)
    out.label = "out"
    loss = head.loss(out, target)
    loss.label = "L"
    return loss, neurons


def _name_neuron(h, activation, l, j):
    """Label a neuron's output ``h<l>.<j>`` and its pre-activation ``z<l>.<j>``; (z, h)."""
    z = h if activation == "linear" else h.inputs[0]
    z.label = f"z{l}.{j}"
    if h is not z:
        h.label = f"h{l}.{j}"
    return z, h
