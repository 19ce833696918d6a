"""The XOR trainer's state: model, optimizer, settings, epochs and loss history. It never prints.

A ``Session`` answers with plain numbers: ``evaluate()`` gives the loss and the outputs
on the four points, ``train(n)`` a ``Trained`` summary, and ``output_grid`` the model
over a grid of inputs (the float forward pass of ``nn.floats``, for drawing). Whoever
changes it can take a ``snapshot()`` first and ``restore()`` it if something fails.

One epoch is one full-batch step over the four XOR points (mean loss, zero_grad, backward,
optimizer step), or with ``batch`` online one step per point, in the order of seed 003's
code. "Solved" means all four points are classified correctly. The loss at epoch N is the
mean loss on the four points of the model after N epochs: ``history`` maps each epoch
that training has seen to it. With ``tape`` on (the default) each graph is traced once
(``nn.Objective``) and replayed; off, it is built from Values every time. The numbers are
the same, bit for bit.
"""

import copy
import dataclasses
import math
from typing import NamedTuple

import nn
from autograd import Value
from demos.examples import SEED_003_ORDER
from nn import floats

from .settings import KEYS, CommandError, Settings, fitting_loss, loss_problem


class Evaluation(NamedTuple):
    """The model on the four points: the loss, how many are right, and each output."""

    loss: float
    correct: int
    outputs: list

    @property
    def accuracy(self):
        """The percentage of the four points that are right, as a whole number."""
        return 100 * self.correct // 4


class Trained(NamedTuple):
    """What ``train`` did: the epochs it ran and why it stopped, if it stopped early."""

    epochs: int
    solved: bool = False  # asked to train until solved, and it is
    interrupted: bool = False  # Ctrl-C: the last whole epoch is kept
    error: str | None = None  # the loss or a weight stopped being finite: that epoch is undone


class _Snapshot(NamedTuple):
    model: nn.MLP
    settings: Settings
    epochs: int
    history: dict  # the same dict: training only adds later epochs to it
    values: list  # (data, grad) of every parameter
    optimizer: nn.Optimizer
    optimizer_state: dict
    start: tuple


class Session:
    """The model, its optimizer and settings, the epoch count and the loss of every epoch."""

    def __init__(self, settings=None, tape=True):
        self.X, self.Y = nn.xor()
        self.tape = tape
        self._objectives = None  # (what they were built for, {sample or None: nn.Objective})
        self.rebuild(settings or Settings())

    def rebuild(self, settings, model=None, epochs=0, weights=()):
        """Install ``settings`` with a new model (or ``model``), a fresh optimizer, no history.

        ``weights``, if given, replace the drawn ones, in the order of ``model.parameters()``.
        The result is the start that ``reset`` returns to.
        """
        if model is None:
            model = nn.MLP(
                2, [*settings.hidden, 1], activation=settings.activation,
                output_activation=settings.output, init=settings.init, seed=settings.seed,
            )  # fmt: skip
        for p, value in zip(model.parameters(), weights):
            p.data = value
        self.model, self.settings = model, settings
        self.optimizer = self._new_optimizer(settings)
        self.epochs, self.history = epochs, {}
        self.start = (model, [p.data for p in model.parameters()], epochs)

    def reset(self):
        """Back to the start: the weights the last re-initialisation, preset or load set up,
        with a fresh optimizer and no history."""
        model, weights, epochs = self.start
        self.model = model
        for p, value in zip(model.parameters(), weights):
            p.data, p.grad = value, 0.0
        self.optimizer = self._new_optimizer(self.settings)
        self.epochs, self.history = epochs, {}

    def _new_optimizer(self, settings):
        return nn.OPTIMIZERS[settings.optimizer](self.model.parameters(), lr=settings.lr)

    def change(self, key, value):
        """Set the setting ``key`` (a field of Settings) to ``value``, already parsed.

        A key that re-initialises builds a new model; if the loss cannot train the new
        output, the loss changes to one that can, and the old one is returned. The other
        keys keep the weights: ``lr`` keeps the optimizer's state, ``optimizer`` starts anew.
        """
        new = dataclasses.replace(self.settings, **{key: value})
        if KEYS[key].reinitialises:
            replaced = new.loss if loss_problem(new.loss, new.output) else None
            if replaced:
                new = dataclasses.replace(new, loss=fitting_loss(new.output))
            self.rebuild(new)
            return replaced
        problem = loss_problem(new.loss, new.output)
        if problem:
            raise CommandError(problem)
        if key == "lr":
            self.optimizer.lr = value
        elif key == "optimizer":
            self.optimizer = self._new_optimizer(new)
        self.settings = new
        return None

    # -- what the model does --------------------------------------------------------------

    def targets(self):
        """Training targets: 0/1, or -1/+1 for the hinge loss."""
        return [2 * y - 1 for y in self.Y] if self.settings.loss == "hinge" else list(self.Y)

    def evaluate(self):
        """The loss, the number right and the outputs of the current model on the four points:
        the loss at epoch ``epochs``."""
        objective = self.objective()
        loss = objective.forward()
        return Evaluation(loss, self._correct(objective.outputs), objective.outputs)

    def _correct(self, outputs):
        threshold = self.settings.threshold
        return sum((o > threshold) == bool(y) for o, y in zip(outputs, self.Y))

    def min_margin(self):
        """How near the threshold the nearest output is, in units of a confident distance."""
        s = self.settings
        return min(abs(o - s.threshold) / s.confident for o in self.evaluate().outputs)

    def output_grid(self, xs, ys):
        """The model's output at every (x1, x2): one row of floats per x2 in ``ys``."""
        points = [(x1, x2) for x2 in ys for x1 in xs]
        flat = floats.layer_outputs_over(self.model, points)[-1][0]
        return [flat[i : i + len(xs)] for i in range(0, len(flat), len(xs))]

    def gradients(self):
        """d loss / d parameter from the last step, laid out as ``model.weights()``."""
        return [
            [{"w": [w.grad for w in neuron.w], "b": neuron.b.grad} for neuron in layer.neurons]
            for layer in self.model.layers
        ]

    def sample_loss(self, x):
        """(loss, target) for the XOR point ``x`` alone, as a new graph from inputs x1, x2."""
        target = self.targets()[[tuple(p) for p in self.X].index(tuple(x))]
        output = self.model([Value(float(x[0]), "x1"), Value(float(x[1]), "x2")])
        output.label = "y"
        loss = nn.LOSSES[self.settings.loss](output, target)
        loss.label = "loss"
        return loss, target

    def objective(self, sample=None):
        """The mean loss on the four points as an ``nn.Objective`` (or, with ``sample``, the
        loss on that point alone) for the current model and loss.

        They are traced again only when the model, the loss or ``tape`` has changed.
        """
        key = (self.model, self.settings.loss, self.tape)
        if self._objectives is None or self._objectives[0] != key:
            self._objectives = (key, {})
        made = self._objectives[1]
        if sample not in made:
            loss_fn, targets = nn.LOSSES[self.settings.loss], self.targets()
            points = range(len(self.X)) if sample is None else [sample]

            def build():
                outputs = [self.model(self.X[k]) for k in points]
                return loss_fn(outputs, [targets[k] for k in points]), outputs

            made[sample] = nn.Objective(build, tape=self.tape)
        return made[sample]

    # -- training -------------------------------------------------------------------------

    def train(self, n, on_epoch=None, until_solved=False):
        """Train ``n`` epochs (or until solved) and return what happened as ``Trained``.

        ``on_epoch(epoch, loss, correct)`` is called after each epoch with the new epoch
        count, and the loss at that epoch and the number right. Ctrl-C keeps the last whole
        epoch; a loss or weight that stops being finite undoes its epoch and stops training.
        """
        objective = self.objective()
        online = [self.objective(k) for k in _ONLINE] if self.settings.batch == "online" else []
        start = self.epochs
        snap = self.snapshot()
        try:
            loss, correct = self._measure(objective)
            for _ in range(n):
                if until_solved and correct == 4:
                    return Trained(self.epochs - start, solved=True)
                snap = self.snapshot()
                if online:  # one step per point, each from its own forward pass
                    for sample in online:
                        sample.step(self.optimizer)
                else:  # one step from the forward pass that measured the loss
                    self.optimizer.zero_grad()
                    objective.backward()
                    self.optimizer.step()
                self.epochs += 1
                loss, correct = self._measure(objective)
                if on_epoch:
                    on_epoch(self.epochs, loss, correct)
        except KeyboardInterrupt:
            self.restore(snap)
            return Trained(self.epochs - start, interrupted=True)
        except (ArithmeticError, ValueError) as error:
            self.restore(snap)
            return Trained(self.epochs - start, error=str(error))
        return Trained(n, solved=until_solved and correct == 4)

    def _measure(self, objective):
        """The loss and the number right at the current epoch, kept in ``history``."""
        loss = objective.forward()
        if not math.isfinite(loss):
            raise ArithmeticError(f"the loss is {loss}")
        self.history[self.epochs] = loss
        return loss, self._correct(objective.outputs)

    # -- snapshot and restore -------------------------------------------------------------

    def snapshot(self):
        """Everything ``restore`` needs to put the session back as it is now."""
        params = self.model.parameters()
        memo = {id(p): p for p in params}  # the optimizer's state is copied, its parameters not
        return _Snapshot(
            self.model, self.settings, self.epochs, self.history,
            [(p.data, p.grad) for p in params], self.optimizer,
            copy.deepcopy(vars(self.optimizer), memo), self.start,
        )  # fmt: skip

    def restore(self, snap):
        """Put back the model, weights, gradients, optimizer state, settings and history."""
        self.model, self.settings, self.epochs = snap.model, snap.settings, snap.epochs
        self.optimizer, self.history, self.start = snap.optimizer, snap.history, snap.start
        for epoch in [e for e in self.history if e > self.epochs]:  # training only adds epochs
            del self.history[epoch]
        memo = {id(p): p for p in self.model.parameters()}  # a copy again: restore is repeatable
        vars(self.optimizer).clear()
        vars(self.optimizer).update(copy.deepcopy(snap.optimizer_state, memo))
        for p, (data, grad) in zip(self.model.parameters(), snap.values):
            p.data, p.grad = data, grad


_ONLINE = [nn.xor()[0].index(list(point)) for point in SEED_003_ORDER]
"""The points in the order seed 003's code trains on them, as indices into ``nn.xor()``."""
