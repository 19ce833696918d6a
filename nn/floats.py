"""An MLP's forward pass on plain floats: no graph is recorded, so it is cheap enough to
draw a decision boundary or a heat map of every neuron over a grid of inputs.

The sums run in the order a ``Neuron`` adds its Values (b, then w1*x1, w2*x2, ...) and the
activations are the op table's own forward functions, so the numbers are exactly those of
``model(x)``.
"""

from autograd import OPS, Value

from .activations import ACTIVATIONS


def float_activation(name):
    """The activation ``name`` (a key of ``nn.ACTIVATIONS``) as a function on floats."""
    if name == "linear":
        return float
    if name in OPS:  # tanh, sigmoid, relu are primitives of the engine
        return OPS[name].forward
    value_function = ACTIVATIONS[name]  # built from several primitives: run them on one Value
    return lambda z: value_function(Value(z)).data


def layer_outputs(model, x):
    """Every layer's outputs at the input ``x``: a list per layer, a float per neuron."""
    outputs = []
    for layer in model.layers:
        act = float_activation(layer.activation)
        x = [act(_preactivation(neuron, x)) for neuron in layer.neurons]
        outputs.append(x)
    return outputs


def output(model, x):
    """The model's output at ``x`` as a float (the first output neuron's)."""
    return layer_outputs(model, x)[-1][0]


def layer_outputs_over(model, points):
    """``layer_outputs`` for many inputs at once: ``[layer][neuron]`` is a list with one float
    per point. Each neuron's sums run across all the points together, which is several
    times faster than one point at a time."""
    columns = [list(column) for column in zip(*points)]
    outputs = []
    for layer in model.layers:
        act = float_activation(layer.activation)
        layer_columns = []
        for neuron in layer.neurons:
            zs = [neuron.b.data] * len(points)
            for w, column in zip(neuron.w, columns):
                weight = w.data
                zs = [z + weight * c for z, c in zip(zs, column)]
            layer_columns.append(list(map(act, zs)))
        outputs.append(layer_columns)
        columns = layer_columns
    return outputs


def _preactivation(neuron, x):
    z = neuron.b.data
    for w, xi in zip(neuron.w, x):
        z = z + w.data * xi
    return z
