"""gradtable's neural-network library: neurons, layers, MLPs and Rosenblatt's perceptron on
``autograd`` Values, with the activations, losses, initialisers, optimizers and toy data
sets of the lecture notes (seeds 000-004).
"""

from .activations import ACTIVATIONS, elu, leaky_relu, relu, sigmoid, softmax, softplus, tanh
from .data import and_, moons, or_, xor
from .init import INITS
from .losses import LOSSES, bce, bce_with_logits, cross_entropy, hinge, mse
from .modelfile import ModelFileError, load_model, read_model
from .module import MLP, Layer, Module, Neuron
from .objective import Objective
from .optim import OPTIMIZERS, SGD, AdaGrad, Adam, Optimizer, RMSProp
from .perceptron import Perceptron

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "LOSSES",
    "MLP",
    "OPTIMIZERS",
    "SGD",
    "AdaGrad",
    "Adam",
    "Layer",
    "ModelFileError",
    "Module",
    "Neuron",
    "Objective",
    "Optimizer",
    "Perceptron",
    "RMSProp",
    "and_",
    "bce",
    "bce_with_logits",
    "cross_entropy",
    "elu",
    "hinge",
    "leaky_relu",
    "load_model",
    "read_model",
    "moons",
    "mse",
    "or_",
    "relu",
    "sigmoid",
    "softmax",
    "softplus",
    "tanh",
    "xor",
]
