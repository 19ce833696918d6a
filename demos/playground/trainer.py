"""One run of the playground: configuration, data, model, optimizer and epoch count, with
the loss history. It never prints and takes no HTTP objects; it answers with plain numbers.

One ``step_epoch()`` trains every training point once, shuffled with the run's own seeded
Random, in batches of ``batch_size``, one optimizer update per batch. The loss of one
sample is traced once per configuration, with placeholder leaves for the features, the
target and the batch scale 1/B:

    l_i = (L_i + λ Σ w²) · (1/B)

Each batch sets the leaves and replays it sample by sample, ``run()`` then ``backward()``.
The gradients add up in the parameters' ``.grad``, so after the batch they are those of the
batch's mean loss plus the L2 term. Memory stays that of one sample's graph, whatever the
batch size. With ``tape=False`` each sample's graph is built from Values instead, which
gives the same numbers bit for bit (``nn.Objective``).

The losses shown (``loss``, ``history``) are the mean of L over the whole training and test
sets, with no L2 term, replayed from a second trace of L alone.
"""

import bisect
import math
import random

import nn
from autograd import Value
from nn import modelfile

from . import datasets, network
from .features import feature_rows

FILE_TAG = "gradtable-playground"
"""The model file's extra key that holds the playground's configuration."""

MAX_HISTORY = 1000
"""Past twice this many entries, the history keeps every other one (first and last kept)."""

OPTIMIZERS = {
    "sgd": lambda params, lr: nn.SGD(params, lr),
    "momentum": lambda params, lr: nn.SGD(params, lr, momentum=0.9),
    "adam": lambda params, lr: nn.Adam(params, lr),
}


class Trainer:
    """The state of one run. ``version`` counts every change of the weights."""

    def __init__(self, config, tape=True):
        self.tape = tape
        self.version = 0
        self.configure(config)

    def configure(self, config, model=None):
        """Install ``config`` (already checked): its data, and a new model (or ``model``).
        All or nothing: if the loss cannot be computed (a loaded model's weights so large
        that it overflows), the error is raised and the run is as it was."""
        before = dict(vars(self))
        try:
            self._install(config, model)
        except BaseException:
            vars(self).clear()
            vars(self).update(before)
            raise

    def _install(self, config, model):
        self.config = config
        self.data = datasets.make(
            config["dataset"], config["points"], config["noise"], config["train_percent"],
            config["seed"],
        )  # fmt: skip
        self.head = network.head(config, self.data.problem)
        self._rows, self._targets = {}, {}
        for part, points in (("train", self.data.train), ("test", self.data.test)):
            self._rows[part] = feature_rows(config["features"], points)
            self._targets[part] = [self.head.target(label) for _, _, label in points]
        self.reset(model)

    def reset(self, model=None):
        """Back to epoch 0: the seed's initial weights (or ``model``), a fresh optimizer and
        shuffle, and an empty history."""
        config = self.config
        self.model = model or network.build_model(config, self.head)
        self.parameters = self.model.parameters()
        self.optimizer = OPTIMIZERS[config["optimizer"]](self.parameters, config["learning_rate"])
        self._shuffle = random.Random(f"{config['seed']} shuffle")
        self._trace()
        self.epoch, self.error = 0, None
        self.grads = [0.0] * len(self.parameters)
        self.updates = [0.0] * len(self.parameters)
        self._changed()
        self.history = [[0, *self.loss]]

    def _trace(self):
        """The two objectives: a sample's training loss l_i, and its loss L alone."""
        self._inputs, self._target = network.input_leaves(self.config), Value(0.0, "y")
        self._scale = Value(1.0, "1/B")
        l2 = self.config["l2"]
        weights = [w for layer in self.model.layers for n in layer.neurons for w in n.w]

        def sample_loss():
            return network.loss_graph(self.model, self._inputs, self._target, self.head)[0]

        def training_loss():
            loss = sample_loss()
            if not l2:
                return loss * self._scale
            squares = [w * w for w in weights]
            penalty = l2 * sum(squares[1:], squares[0])
            penalty.label = "λΣw²"
            return (loss + penalty) * self._scale

        self._training = nn.Objective(training_loss, tape=self.tape)
        self._evaluation = nn.Objective(sample_loss, tape=self.tape)

    def _set(self, row, target):
        for leaf, value in zip(self._inputs, row):
            leaf.data = value
        self._target.data = target

    # -- training -------------------------------------------------------------------------

    def step_epoch(self):
        """Train one epoch. On a numeric problem, stop: the model is put back as it was before
        the failing batch, ``error`` says what happened, and the result is False."""
        order = list(range(len(self.data.train)))
        self._shuffle.shuffle(order)
        size = self.config["batch_size"]
        for start in range(0, len(order), size):
            try:
                self._train_batch(order[start : start + size])
            except (ArithmeticError, ValueError) as error:
                text = " ".join(str(error).split())
                self.error = (
                    f"training stopped in epoch {self.epoch + 1}: {text}; the model is as it "
                    "was before that batch (a smaller learning rate may help)"
                )
                self._changed()
                return False
        self.epoch += 1
        self._changed()
        self._remember([self.epoch, *self.loss])
        return True

    def _train_batch(self, batch):
        """One update from the samples ``batch`` (indices of training points)."""
        rows, targets = self._rows["train"], self._targets["train"]
        self.optimizer.zero_grad()
        self._scale.data = 1.0 / len(batch)
        total = 0.0
        for i in batch:
            self._set(rows[i], targets[i])
            total += self._training.forward()
            self._training.backward()
        grads = [p.grad for p in self.parameters]
        if not math.isfinite(total) or not all(map(math.isfinite, grads)):
            raise ArithmeticError(f"the batch's loss or a gradient became {total:g}")
        before = [p.data for p in self.parameters]
        self.optimizer.step()  # one that would overflow a weight raises and changes nothing
        after = [p.data for p in self.parameters]
        self.grads = grads
        self.updates = [a - b for a, b in zip(after, before)]

    # -- what the run shows ---------------------------------------------------------------

    def _changed(self):
        """The weights changed: a new version, and the losses of the model as it is now."""
        self.version += 1
        self.loss = (self._mean_loss("train"), self._mean_loss("test"))

    def _mean_loss(self, part):
        """The mean of L over the training or test points; nan if it cannot be computed."""
        total = 0.0
        try:
            for row, target in zip(self._rows[part], self._targets[part]):
                self._set(row, target)
                total += self._evaluation.forward()
        except (ArithmeticError, ValueError):
            return math.nan
        return total / len(self._rows[part])

    def _remember(self, entry):
        self.history.append(entry)
        if len(self.history) > 2 * MAX_HISTORY:
            self.history = self.history[:-1:2] + self.history[-1:]

    def history_since(self, epoch):
        """The history entries ``[epoch, train loss, test loss]`` from ``epoch`` on."""
        start = bisect.bisect_left(self.history, epoch, key=lambda entry: entry[0])
        return self.history[start:]

    def network(self):
        """The network as nested lists: ``sizes``, ``weights[l][j][i]``, ``biases[l][j]``,
        and the last batch's ``grads`` and ``updates`` of the weights, shaped as ``weights``."""
        layers = self.model.layers
        return {
            "sizes": [self.model.nin, *(layer.nout for layer in layers)],
            "weights": [[[w.data for w in n.w] for n in layer.neurons] for layer in layers],
            "biases": [[n.b.data for n in layer.neurons] for layer in layers],
            "grads": self._weights_shaped(self.grads),
            "updates": self._weights_shaped(self.updates),
        }

    def _weights_shaped(self, flat):
        """Numbers in ``parameters()`` order, biases dropped, nested as ``weights``."""
        numbers = iter(flat)
        shaped = []
        for layer in self.model.layers:
            rows = []
            for neuron in layer.neurons:
                rows.append([next(numbers) for _ in neuron.w])
                next(numbers)  # the bias
            shaped.append(rows)
        return shaped

    def sample(self, index):
        """``(features, target, (x1, x2, label))`` of training point ``index``."""
        return self._rows["train"][index], self._targets["train"][index], self.data.train[index]

    def model_file(self):
        """The model as an ``nn`` model file (a dict), with the configuration under FILE_TAG."""
        return modelfile.to_dict(self.model, extra={FILE_TAG: dict(self.config)})
