"""The float-only forward pass gives exactly the numbers of the Value graph."""

import pytest

import nn
from nn import floats


@pytest.mark.parametrize("activation", list(nn.ACTIVATIONS))
def test_float_forward_is_the_value_forward_exactly(activation):
    model = nn.MLP(2, [3, 2, 1], activation=activation, output_activation="sigmoid", seed=4)
    points = [[0.0, 0.0], [1.0, -0.5], [-1.25, 2.0], [0.3, 0.7]]
    over = floats.layer_outputs_over(model, points)
    for k, x in enumerate(points):
        expected, values = [], x
        for layer in model.layers:
            values = layer(values)
            expected.append([v.data for v in values])
        assert floats.layer_outputs(model, x) == expected  # ==, not approx
        assert [[column[k] for column in layer] for layer in over] == expected
        assert floats.output(model, x) == model(x).data
