"""The XOR trainer's state and commands; ``demos/xor.py`` is the command line around it.

``XorSession(out).run_command("train")`` runs one command and writes to ``out``. A command
that fails prints one line saying what is allowed and leaves the model, the optimizer
state and the settings exactly as they were.

One epoch is one full-batch step over the four XOR points: mean loss, zero_grad, backward,
optimizer step. "Solved" means all four points are classified correctly.
"""

import copy
import dataclasses
import difflib
import json
import math
import os
import time

import nn
from autograd import Value
from autograd.files import write_atomically

from . import _xor_view as view

TRAIN_CAP = 5000  # `train` with no N stops here if XOR is not solved
MAX_EPOCHS = 100_000  # the largest N that `step N` / `train N` accept
MAX_UNITS = 32
MAX_HIDDEN_LAYERS = 3
PERCEPTRON_EPOCHS = 20
LIVE_INTERVAL = 0.1  # seconds between redraws of the live view
LIVE_SPEED = 200  # epochs per second while the live view runs, so that learning can be watched
FILE_TAG = "gradtable-xor"  # the extra key a saved session adds to an nn model file

# losses that fit a single output; which outputs each takes, and the class threshold
_NEGATIVE_OUTPUTS = ("linear", "tanh", "leaky_relu", "elu")


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything that defines a run: architecture, loss, optimizer, lr, init and seed."""

    hidden: tuple = (4,)
    activation: str = "tanh"
    output: str = "sigmoid"
    loss: str = "bce"
    optimizer: str = "sgd"
    lr: float = 0.5
    init: str = "uniform"
    seed: int = 0

    def describe(self):
        """The model's settings, then the training's, on two lines that fit 80 columns.

        The second line is indented to follow a ``settings  `` prefix.
        """
        hidden = ",".join(map(str, self.hidden))
        return (
            f"hidden {hidden} {self.activation}, output {self.output}, loss {self.loss}\n"
            f"          optimizer {self.optimizer}, lr {self.lr:g}, init {self.init}, seed {self.seed}"
        )


class CommandError(Exception):
    """A bad command or value: the message says what is allowed."""


def threshold_of(settings):
    """The output value above which a point is class 1, and the 'confident' distance."""
    if settings.loss in ("hinge", "bce_with_logits"):
        return 0.0, 1.0  # a score or a logit: its sign decides
    return 0.5, 0.5  # a probability, or a regression onto the 0/1 targets


def loss_problem(loss, output):
    """Why ``loss`` cannot train an ``output`` unit, or None if it can."""
    if loss == "bce" and output != "sigmoid":
        return (
            f"loss bce takes probabilities, so it needs `output sigmoid` (output is {output}); "
            "with a linear output use loss bce_with_logits, otherwise mse"
        )
    if loss == "bce_with_logits" and output != "linear":
        return (
            f"loss bce_with_logits applies the sigmoid itself, so it needs `output linear` "
            f"(output is {output})"
        )
    if loss == "hinge" and output not in _NEGATIVE_OUTPUTS:
        return (
            f"loss hinge needs an output that can go negative ({', '.join(_NEGATIVE_OUTPUTS)}); "
            f"output is {output}"
        )
    return None


def _whole(x):
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0


def _fitting_loss(output):
    return "bce" if output == "sigmoid" else "bce_with_logits" if output == "linear" else "mse"


def _choices(registry):
    return list(registry) if not isinstance(registry, dict) else list(registry.keys())


ACTIVATION_NAMES = _choices(nn.ACTIVATIONS)
LOSS_NAMES = [n for n in ("bce", "bce_with_logits", "mse", "hinge") if n in nn.LOSSES]
OPTIMIZER_NAMES = _choices(nn.OPTIMIZERS)
INIT_NAMES = _choices(nn.INITS)


def _pick(kind, text, names):
    name = text.strip().lower().replace("-", "_")
    by_lower = {n.lower(): n for n in names}
    if name in by_lower:
        return by_lower[name]
    close = difflib.get_close_matches(name, list(by_lower), n=1, cutoff=0.6)
    hint = f" (did you mean {by_lower[close[0]]}?)" if close else ""
    raise CommandError(f"{kind} must be one of: {', '.join(names)}; got {text!r}{hint}")


def parse_lr(text):
    """A learning rate: a positive, finite number."""
    try:
        lr = float(text)
    except ValueError:
        lr = None
    if lr is None or not math.isfinite(lr) or lr <= 0 or lr > 1000:
        raise CommandError(
            f"lr must be a positive number up to 1000, such as 0.5 or 0.05; got {text!r}"
        )
    return lr


def parse_hidden(text):
    """Hidden layer sizes: ``4`` or ``4,3`` (units per layer)."""
    allowed = (
        f"hidden must be a whole number of units from 1 to {MAX_UNITS}, or up to "
        f"{MAX_HIDDEN_LAYERS} layers as 4,3; got {text!r}"
    )
    parts = text.replace(" ", "").split(",")
    if not 1 <= len(parts) <= MAX_HIDDEN_LAYERS or not all(p.isdigit() for p in parts):
        raise CommandError(allowed)
    sizes = tuple(int(p) for p in parts)
    if not all(1 <= n <= MAX_UNITS for n in sizes):
        raise CommandError(allowed)
    return sizes


def parse_seed(text):
    """A seed: a whole number from 0 to 2**32 - 1."""
    if not text.strip().isdigit() or int(text) >= 2**32:
        raise CommandError(f"seed must be a whole number from 0 to 4294967295; got {text!r}")
    return int(text)


def parse_epochs(command, text):
    """N for ``step N`` / ``train N``: a whole number from 1 to MAX_EPOCHS."""
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_EPOCHS:
        raise CommandError(
            f"N must be a whole number of epochs from 1 to {MAX_EPOCHS}; got {text!r}"
        )
    return int(text)


SET_KEYS = {
    "lr": "learning rate, a positive number (keeps the weights)",
    "hidden": f"hidden units, 1 to {MAX_UNITS}, or layers as 4,3 (re-initialises)",
    "activation": "hidden activation (re-initialises)",
    "output": "output activation (re-initialises)",
    "loss": "loss function (keeps the weights)",
    "optimizer": "optimizer (keeps the weights, starts a fresh optimizer state)",
    "init": "weight initialisation (re-initialises)",
    "seed": "random seed of the initialisation (re-initialises)",
    "speed": "epochs per second of the live view on a terminal; 0 = as fast as possible",
}
_KEY_ALIASES = {
    "output_activation": "output", "out": "output",
    "act": "activation", "hidden_activation": "activation",
    "opt": "optimizer", "optimiser": "optimizer", "learning_rate": "lr", "units": "hidden",
}  # fmt: skip

PRESETS = {
    "default": "the defaults: 2-4-1, tanh hidden, sigmoid output, BCE, SGD lr 0.5, uniform init",
    "seed-net": "seed 003's network: 2-2-1, sigmoid hidden, tanh output, MSE, SGD lr 0.5, U(-1, 1)",
    "goodfellow": "seed 004's hand-built ReLU solution (the book's W, c, w, b), not trained",
}

HELP = [
    ("help", "list the commands"),
    ("step [N]", "train N epochs (default 1); one epoch = one full-batch step on the 4 points"),
    ("train [N]", f"train N epochs, or until solved (100% accuracy, at most {TRAIN_CAP})"),
    ("", "Ctrl-C stops training and keeps the model"),
    ("show", "truth table, loss, accuracy and the decision boundary over [-0.5, 1.5]²"),
    ("weights", "weights and bias of every neuron"),
    ("grads", "their gradients from the last step"),
    ("set KEY VALUE", "change a setting; `set` alone lists keys and values"),
    ("reset", "re-initialise the model (same seed, same start) and the optimizer"),
    ("graph FILE.svg [X1 X2]", "draw one sample's loss graph with its gradients (default 1 1)"),
    ("plot FILE.png", "loss curve and decision boundary as a picture"),
    ("perceptron", "Rosenblatt's perceptron on AND, OR and XOR: it cannot learn XOR"),
    ("preset NAME", "load a preset: " + ", ".join(PRESETS)),
    ("save FILE", "save model and settings as JSON"),
    ("load FILE", "load a model saved by `save` (or by nn's Module.save)"),
    ("quit", "leave (so do Ctrl-D and the end of piped input)"),
]  # fmt: skip


def _float_forward(model, activations, x):
    """The model's output on plain floats: one small Value per activation, no graph kept."""
    for layer, act in zip(model.layers, activations):
        x = [
            act(Value(sum(w.data * xi for w, xi in zip(n.w, x)) + n.b.data)).data
            for n in layer.neurons
        ]
    return x[0]


class XorSession:
    """The trainer: model, optimizer, settings and history; ``run_command`` runs one line."""

    def __init__(self, out, settings=None, color=False, live=False):
        self.out = out
        self.color = color
        self.live = live
        self.X, self.Y = nn.xor()
        self.settings = settings or Settings()
        self.quit_requested = False
        self.speed = LIVE_SPEED
        self._build(self.settings)

    # -- state ---------------------------------------------------------------------------

    def _new_model(self, s):
        return nn.MLP(
            2, [*s.hidden, 1], activation=s.activation, output_activation=s.output,
            init=s.init, seed=s.seed,
        )  # fmt: skip

    def _new_optimizer(self, model, s):
        return nn.OPTIMIZERS[s.optimizer](model.parameters(), lr=s.lr)

    def _build(self, s, model=None):
        """Install settings ``s`` with a fresh (or the given) model and optimizer."""
        model = model if model is not None else self._new_model(s)
        optimizer = self._new_optimizer(model, s)
        self.model, self.optimizer, self.settings = model, optimizer, s
        self.epochs = 0
        self.history = []

    def print(self, *lines):
        for line in lines:
            self.out.write(line + "\n")
        self.out.flush()

    def activations(self):
        """The activation function of each layer, input side first."""
        s = self.settings
        names = [s.activation] * (len(self.model.layers) - 1) + [s.output]
        return [nn.ACTIVATIONS[n] for n in names]

    def targets(self):
        """Training targets: 0/1, or -1/+1 for the hinge loss."""
        return [2 * y - 1 for y in self.Y] if self.settings.loss == "hinge" else list(self.Y)

    def loss_of(self, outputs):
        return nn.LOSSES[self.settings.loss](outputs, self.targets())

    def evaluate(self):
        """(loss, number correct, outputs as floats) of the current model on the four points."""
        outputs = [self.model(x) for x in self.X]
        loss = self.loss_of(outputs)
        threshold, _ = threshold_of(self.settings)
        correct = sum((o.data > threshold) == bool(y) for o, y in zip(outputs, self.Y))
        return loss.data, correct, [o.data for o in outputs]

    def _min_margin(self):
        threshold, scale = threshold_of(self.settings)
        _, _, outputs = self.evaluate()
        return min(abs(o - threshold) / scale for o in outputs)

    def predict(self, x1, x2):
        """The model's output at (x1, x2) as a float (used for the boundary grids)."""
        return _float_forward(self.model, self.activations(), [x1, x2])

    def _snapshot(self):
        params = self.model.parameters()
        memo = {id(p): p for p in params}
        return (
            self.model, self.settings, self.epochs, len(self.history),
            [(p.data, p.grad) for p in params], self.optimizer,
            copy.deepcopy(vars(self.optimizer), memo),  # its state, sharing the parameters
        )  # fmt: skip

    def _restore(self, snap):
        model, settings, epochs, n_history, values, optimizer, optimizer_state = snap
        self.model, self.settings, self.epochs, self.optimizer = model, settings, epochs, optimizer
        vars(optimizer).clear()
        vars(optimizer).update(optimizer_state)
        del self.history[n_history:]
        for p, (data, g) in zip(model.parameters(), values):
            p.data, p.grad = data, g

    # -- the command loop ----------------------------------------------------------------

    COMMANDS = (
        "help", "step", "train", "show", "weights", "grads", "set", "reset", "graph", "plot",
        "perceptron", "preset", "save", "load", "quit",
    )  # fmt: skip

    def run_command(self, line):
        """Run one command line (several may be separated by ';'). Never raises."""
        for part in line.split(";"):
            words = part.split()
            if not words:
                continue
            name, args = words[0].lower(), words[1:]
            if name in ("exit", "q"):
                name = "quit"
            if name in ("?", "h"):
                name = "help"
            if name not in self.COMMANDS:
                close = difflib.get_close_matches(name, self.COMMANDS, n=1, cutoff=0.5)
                hint = f"; did you mean `{close[0]}`?" if close else ""
                self.print(f"unknown command {words[0]!r}{hint} (type help for the list)")
                continue
            snap = self._snapshot()
            try:
                getattr(self, "cmd_" + name)(args)
            except CommandError as error:
                self.print(f"{name}: {error}")
            except KeyboardInterrupt:
                self._restore(snap)
                self.print(f"{name}: interrupted; the model is as it was")
            except Exception as error:  # a bug must not lose the student's model
                self._restore(snap)
                self.print(
                    f"{name}: unexpected {type(error).__name__}: {error}. "
                    "The model is as it was; please report this."
                )
            if self.quit_requested:
                return

    def banner(self):
        """What the trainer prints at start: the model, the settings, the truth table."""
        self.print("gradtable XOR trainer: type help for the commands, quit to leave")
        self._print_model()
        self._print_table()

    def _print_model(self):
        self.print(f"model     {self.model!r}", f"settings  {self.settings.describe()}")

    def _print_table(self):
        loss, correct, outputs = self.evaluate()
        threshold, _ = threshold_of(self.settings)
        rows = [
            (x[0], x[1], y, o, int(o > threshold)) for x, y, o in zip(self.X, self.Y, outputs)
        ]
        self.print(*view.truth_table(rows, threshold))
        self.print(
            f"loss {view.num(loss)} ({self.settings.loss}), epoch {self.epochs}",
            f"accuracy {100 * correct // 4}%",
        )

    # -- commands ------------------------------------------------------------------------

    def _no_args(self, name, args):
        if args:
            raise CommandError(f"takes no arguments, got {' '.join(args)!r}")

    def cmd_help(self, args):
        threshold, _ = threshold_of(self.settings)
        width = max(len(c) for c, _ in HELP)
        self.print("commands:")
        self.print(*(f"  {c:<{width}}  {text}" for c, text in HELP))
        self.print(
            f"class 1 means output > {threshold:g} (0.5 for sigmoid/mse outputs, which aim at "
            "0/1; 0 for hinge and bce_with_logits, whose sign decides).",
            "Try: train, show, set hidden 2, reset, train, perceptron, preset goodfellow.",
        )

    def cmd_quit(self, args):
        self.quit_requested = True

    def cmd_show(self, args):
        self._no_args("show", args)
        threshold, scale = threshold_of(self.settings)
        self._print_model()
        self._print_table()
        self.print(f"class 1 where output > {threshold:g}")
        self.print(*view.boundary_grid(self.predict, threshold, scale, self.Y, self.color))
        self.print(view.boundary_legend(threshold, self.color))

    def _layer_titles(self):
        s = self.settings
        layers = self.model.layers
        titles = []
        for i, layer in enumerate(layers):
            if i < len(layers) - 1:
                which = "hidden layer" + (f" {i + 1}" if len(layers) > 2 else "")
                titles.append((f"{which} ({s.activation}): h = {s.activation}(w·x + b)", layer))
            else:
                titles.append((f"output ({s.output}): y = {s.output}(w·h + b)", layer))
        names = []
        for i in range(len(layers)):
            if i == len(layers) - 1:
                names.append(lambda j: "y")
            elif len(layers) > 2:
                names.append(lambda j, i=i: f"h{i + 1}.{j + 1}")
            else:
                names.append(lambda j: f"h{j + 1}")
        return titles, names

    def cmd_weights(self, args):
        self._no_args("weights", args)
        titles, names = self._layer_titles()
        self.print(f"weights after {self.epochs} epochs:")
        self.print(*view.neuron_lines(titles, lambda v: v.data, names))

    def cmd_grads(self, args):
        self._no_args("grads", args)
        titles, names = self._layer_titles()
        if all(p.grad == 0 for p in self.model.parameters()):
            self.print("all gradients are 0: `step` computes them (or the model is at a flat spot)")
        self.print(f"d loss / d parameter, from the last step (epoch {self.epochs}):")
        self.print(*view.neuron_lines(titles, lambda v: v.grad, names))

    def cmd_reset(self, args):
        self._no_args("reset", args)
        self._build(self.settings)
        self.print(
            f"re-initialised {self.model!r} with seed {self.settings.seed} "
            "(the same start; `set seed N` for another)"
        )

    def cmd_set(self, args):
        if not args:
            s = self.settings
            current = dataclasses.asdict(s)
            current["hidden"] = ",".join(map(str, s.hidden))
            current["speed"] = self.speed
            allowed = {
                "activation": ", ".join(ACTIVATION_NAMES), "output": ", ".join(ACTIVATION_NAMES),
                "loss": ", ".join(LOSS_NAMES), "optimizer": ", ".join(OPTIMIZER_NAMES),
                "init": ", ".join(INIT_NAMES),
            }  # fmt: skip
            self.print("set KEY VALUE, with KEY one of:")
            for key, text in SET_KEYS.items():
                self.print(f"  {key:<10} now {current[key]!s:<8} {text}")
                if key in allowed:
                    self.print(f"  {'':<10} {'':<8} one of: {allowed[key]}")
            return
        key = _KEY_ALIASES.get(args[0].lower(), args[0].lower())
        if key not in SET_KEYS:
            close = difflib.get_close_matches(key, list(SET_KEYS), n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise CommandError(f"unknown key {args[0]!r}{hint} Keys: {', '.join(SET_KEYS)}")
        if len(args) != 2:
            raise CommandError(f"usage: set {key} VALUE ({SET_KEYS[key]})")
        text = args[1]
        s = self.settings
        if key == "lr":
            lr = parse_lr(text)
            if hasattr(self.optimizer, "lr"):
                self.optimizer.lr = lr
            else:
                self.optimizer = self._new_optimizer(self.model, s)
            self.settings = dataclasses.replace(s, lr=lr)
            self.print(f"lr = {lr:g} (weights kept)")
        elif key == "speed":
            if not text.isdigit() or int(text) > 1_000_000:
                raise CommandError(
                    "speed must be a whole number of epochs per second (0 = no limit); "
                    f"got {text!r}"
                )
            self.speed = int(text)
            limit = f"{self.speed} epochs per second in the live view" if self.speed else "no limit"
            self.print(f"speed = {limit}")
        elif key == "loss":
            loss = _pick("loss", text, LOSS_NAMES)
            problem = loss_problem(loss, s.output)
            if problem:
                raise CommandError(problem)
            self.settings = dataclasses.replace(s, loss=loss)
            threshold, _ = threshold_of(self.settings)
            self.print(f"loss = {loss} (weights kept); class 1 where output > {threshold:g}")
        elif key == "optimizer":
            name = _pick("optimizer", text, OPTIMIZER_NAMES)
            new = dataclasses.replace(s, optimizer=name)
            self.optimizer = self._new_optimizer(self.model, new)
            self.settings = new
            self.print(f"optimizer = {name} with lr {s.lr:g} (weights kept, fresh optimizer state)")
        else:
            if key == "hidden":
                new = dataclasses.replace(s, hidden=parse_hidden(text))
            elif key == "activation":
                new = dataclasses.replace(s, activation=_pick("activation", text, ACTIVATION_NAMES))
            elif key == "output":
                new = dataclasses.replace(s, output=_pick("output", text, ACTIVATION_NAMES))
            elif key == "init":
                new = dataclasses.replace(s, init=_pick("init", text, INIT_NAMES))
            else:
                new = dataclasses.replace(s, seed=parse_seed(text))
            note = ""
            if loss_problem(new.loss, new.output):
                old_loss = new.loss
                new = dataclasses.replace(new, loss=_fitting_loss(new.output))
                note = f"; loss {old_loss} does not fit output {new.output}, so loss = {new.loss}"
            self._build(new)
            self.print(
                f"{key} = {text}: re-initialised {self.model!r} "
                f"(seed {new.seed}, training starts over){note}"
            )

    def cmd_step(self, args):
        if len(args) > 1:
            raise CommandError("usage: step [N]")
        n = parse_epochs("step", args[0]) if args else 1
        self._train(n, until_solved=False, verbose=n > 1)
        if n == 1:
            loss, correct, _ = self.evaluate()
            accuracy = 100 * correct // 4
            self.print(f"epoch {self.epochs}: loss {view.num(loss)}, accuracy {accuracy}%")

    def cmd_train(self, args):
        if len(args) > 1:
            raise CommandError("usage: train [N]")
        if args:
            self._train(parse_epochs("train", args[0]), until_solved=False, verbose=True)
            return
        _, correct, _ = self.evaluate()
        if correct == 4:
            self.print("already solved (accuracy 100%); `train N` trains N more epochs")
            return
        self._train(TRAIN_CAP, until_solved=True, verbose=True)

    def _train(self, n, until_solved, verbose):
        threshold, _ = threshold_of(self.settings)
        targets = self.targets()
        loss_fn = nn.LOSSES[self.settings.loss]
        params = self.model.parameters()
        progress = _Progress(self, n, until_solved) if verbose else None
        start = self.epochs
        solved = False
        snap = self._snapshot()
        try:
            for _ in range(n):
                outputs = [self.model(x) for x in self.X]
                loss = loss_fn(outputs, targets)
                correct = sum((o.data > threshold) == bool(y) for o, y in zip(outputs, self.Y))
                if not math.isfinite(loss.data):
                    raise ArithmeticError(f"the loss is {loss.data}")
                if until_solved and correct == 4:
                    solved = True
                    break
                snap = self._snapshot()
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
                if not all(math.isfinite(p.data) for p in params):
                    raise ArithmeticError("a weight became infinite")
                self.epochs += 1
                self.history.append(loss.data)
                if progress:
                    progress.update(loss.data, correct)
        except KeyboardInterrupt:
            self._restore(snap)
            if progress:
                progress.close()
            self.print(
                f"stopped by Ctrl-C after {self.epochs - start} epochs; "
                f"the model is kept (epoch {self.epochs})"
            )
            return
        except (ArithmeticError, ValueError) as error:
            self._restore(snap)
            if progress:
                progress.close()
            self.print(
                f"training stopped at epoch {self.epochs + 1}: {error}. The model is kept as it "
                f"was after epoch {self.epochs}; the learning rate ({self.settings.lr:g}) is "
                "probably too large: try `set lr 0.1` and `reset`."
            )
            return
        if progress:
            progress.close()
        if not verbose:
            return
        loss, correct, _ = self.evaluate()
        done = self.epochs - start
        summary = f"loss {view.num(loss)}, accuracy {100 * correct // 4}%"
        if solved or (until_solved and correct == 4):
            self.print(f"solved after {done} epochs (epoch {self.epochs}): {summary}")
            if self._min_margin() < 0.2:
                self.print(
                    "  only just: some outputs are close to the threshold; "
                    "`train 200` makes it confident"
                )
        elif until_solved:
            self.print(
                f"not solved: stopped at the cap of {TRAIN_CAP} epochs (epoch {self.epochs}), "
                f"{summary}. The net may be stuck: try `set seed N` with another N, more hidden "
                "units, or a larger lr."
            )
        else:
            self.print(f"trained {done} epochs (epoch {self.epochs}): {summary}")

    # -- files ---------------------------------------------------------------------------

    def _check_target(self, command, path, suffix):
        if not path.lower().endswith(suffix):
            raise CommandError(f"the file name must end in {suffix}, got {path!r}")
        directory = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(directory):
            raise CommandError(f"cannot write {path!r}: the folder {directory!r} does not exist")
        if os.path.isdir(path):
            raise CommandError(f"cannot write {path!r}: it is a folder")

    def cmd_graph(self, args):
        if len(args) not in (1, 3):
            raise CommandError("usage: graph FILE.svg [X1 X2], e.g. graph xor.svg 0 1")
        path = args[0]
        self._check_target("graph", path, ".svg")
        x = (1, 1)
        if len(args) == 3:
            if args[1] not in ("0", "1") or args[2] not in ("0", "1"):
                raise CommandError(
                    "X1 and X2 must each be 0 or 1 (one of the XOR points); "
                    f"got {args[1]} {args[2]}"
                )
            x = (int(args[1]), int(args[2]))
        try:
            from autograd.render import render_svg
        except ImportError as error:
            raise CommandError(f"drawing needs autograd.render ({error})") from None
        index = [tuple(p) for p in self.X].index(x)
        target = self.targets()[index]
        inputs = [Value(float(x[0]), "x1"), Value(float(x[1]), "x2")]
        params = self.model.parameters()
        saved = [p.grad for p in params]
        self._label_parameters()
        output = self.model(inputs)
        output.label = "y"
        loss = nn.LOSSES[self.settings.loss](output, target)
        loss.label = "loss"
        try:
            for p in params:
                p.grad = 0.0
            loss.backward()
            render_svg(loss, path)
        except (OSError, ValueError, RuntimeError) as error:
            raise CommandError(f"could not write {path!r}: {error}") from None
        finally:
            for p, g in zip(params, saved):
                p.grad = g
        from autograd import topological_order

        self.print(
            f"wrote {path}: the loss on sample x = {x} (target {target}), "
            f"{len(topological_order(loss))} nodes, each with its gradient after backward"
        )

    def _label_parameters(self):
        titles, names = self._layer_titles()
        for (_, layer), name in zip(titles, names):
            for j, neuron in enumerate(layer.neurons):
                for i, w in enumerate(neuron.w):
                    if not w.label:
                        w.label = f"w{i + 1}→{name(j)}"
                if not neuron.b.label:
                    neuron.b.label = f"b {name(j)}"

    def cmd_plot(self, args):
        if len(args) != 1:
            raise CommandError("usage: plot FILE.png")
        path = args[0]
        self._check_target("plot", path, ".png")
        from . import _xor_plot

        try:
            _xor_plot.plot(self, path)
        except (OSError, ValueError, RuntimeError) as error:
            raise CommandError(f"could not write {path!r}: {error}") from None
        self.print(f"wrote {path}: loss curve ({len(self.history)} epochs) and decision boundary")

    def cmd_save(self, args):
        if len(args) != 1:
            raise CommandError("usage: save FILE (JSON)")
        path = args[0]
        self._check_target("save", path, "")
        data = self.model.to_dict()
        s = self.settings
        data[FILE_TAG] = {
            "loss": s.loss, "optimizer": s.optimizer, "lr": s.lr, "epochs": self.epochs,
            "seed": s.seed, "init": s.init,
        }  # fmt: skip
        text = json.dumps(data, indent=1) + "\n"
        try:
            write_atomically(path, text)
        except OSError as error:
            raise CommandError(f"could not write {path!r}: {error.strerror or error}") from None
        self.print(f"saved {self.model!r} after {self.epochs} epochs to {path}")

    def cmd_load(self, args):
        if len(args) != 1:
            raise CommandError("usage: load FILE")
        path = args[0]
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except FileNotFoundError:
            raise CommandError(f"no file {path!r}; the model is unchanged") from None
        except IsADirectoryError:
            raise CommandError(
                f"{path!r} is a folder, not a model file; the model is unchanged"
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path!r}: {error}; the model is unchanged") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path!r} is not valid JSON ({error.msg}, line {error.lineno}); "
                "the model is unchanged"
            ) from None
        except RecursionError:
            raise CommandError(
                f"{path!r} is not a model file (nested too deeply); the model is unchanged"
            ) from None
        settings, model, epochs = self._from_file(data, path)
        self._build(settings, model)
        self.epochs = epochs
        self.print(
            f"loaded {self.model!r} from {path} ({epochs} epochs)",
            f"settings  {settings.describe()}",
        )

    def _from_file(self, data, path):
        """(settings, model, epochs) from a saved file, or CommandError; changes nothing."""
        bad = f"{path!r} is not a saved XOR model"
        arch = data.get("architecture") if isinstance(data, dict) else None
        nouts = arch.get("nouts") if isinstance(arch, dict) else None
        if isinstance(nouts, list) and not (
            2 <= len(nouts) <= MAX_HIDDEN_LAYERS + 1
            and all(isinstance(n, int) and 1 <= n <= MAX_UNITS for n in nouts)
        ):  # checked before building, so a huge layer in a file cannot stall the trainer
            raise CommandError(
                f"{bad}: layer sizes {nouts} (allowed: 1 to {MAX_HIDDEN_LAYERS} hidden layers of "
                f"1 to {MAX_UNITS} units, then 1 output); the model is unchanged"
            )
        try:
            model = nn.MLP.from_dict(data)
        except (ValueError, TypeError, KeyError) as error:
            raise CommandError(f"{bad}: {error}; the model is unchanged") from None
        arch = model.architecture()
        nouts = list(arch.get("nouts", []))
        if arch.get("nin") != 2 or not nouts or nouts[-1] != 1:
            raise CommandError(
                f"{bad}: it has {arch.get('nin')} inputs and layers {nouts}; "
                "XOR needs 2 inputs and 1 output; the model is unchanged"
            )
        hidden = tuple(nouts[:-1])
        if not hidden or len(hidden) > MAX_HIDDEN_LAYERS or max(hidden) > MAX_UNITS:
            raise CommandError(
                f"{bad}: hidden layers {list(hidden)} (allowed: 1 to {MAX_HIDDEN_LAYERS} layers "
                f"of 1 to {MAX_UNITS} units); the model is unchanged"
            )
        extra = data.get(FILE_TAG)
        extra = extra if isinstance(extra, dict) else {}
        s = self.settings
        try:
            seed = arch.get("seed")
            seed = seed if _whole(seed) else s.seed
            output = arch.get("output_activation", "linear")
            loss = extra.get("loss", s.loss)
            loss = _pick("loss", str(loss), LOSS_NAMES)
            if loss_problem(loss, output):
                loss = _fitting_loss(output)
            settings = Settings(
                hidden=hidden, activation=arch.get("activation", "tanh"), output=output, loss=loss,
                optimizer=_pick(
                    "optimizer", str(extra.get("optimizer", s.optimizer)), OPTIMIZER_NAMES
                ),
                lr=parse_lr(str(extra.get("lr", s.lr))),
                init=arch.get("init") if arch.get("init") in INIT_NAMES else s.init, seed=seed,
            )  # fmt: skip
            epochs = extra.get("epochs", 0)
            epochs = epochs if _whole(epochs) else 0
        except CommandError as error:
            raise CommandError(f"{bad}: {error}; the model is unchanged") from None
        return settings, model, epochs

    # -- presets and the perceptron -------------------------------------------------------

    def cmd_preset(self, args):
        if len(args) != 1 or args[0].lower() not in PRESETS:
            names = "; ".join(f"{k}: {v}" for k, v in PRESETS.items())
            got = f" got {' '.join(args)!r}." if args else ""
            close = difflib.get_close_matches(args[0].lower(), list(PRESETS), n=1) if args else []
            hint = f" Did you mean {close[0]}?" if close else ""
            raise CommandError(f"usage: preset NAME.{got}{hint} Presets: {names}")
        name = args[0].lower()
        seed = self.settings.seed
        if name == "default":
            self._build(Settings(seed=seed))
            self.print(f"preset default: {self.model!r}", f"settings  {self.settings.describe()}")
        elif name == "seed-net":
            self._build(Settings((2,), "sigmoid", "tanh", "mse", "sgd", 0.5, "uniform", seed))
            self.print(
                f"preset seed-net: {self.model!r}, seed 003's XOR network",
                f"settings  {self.settings.describe()}",
                "The seed trains it 100 epochs with squared error, one sample at a time; here an",
                "epoch is one full-batch step. Try `train 100`, `show`, then `train`.",
            )
        else:
            self._build(Settings((2,), "relu", "linear", "mse", "sgd", 0.1, "uniform", seed))
            hidden, output = self.model.layers
            for neuron, w, c in zip(hidden.neurons, ([1.0, 1.0], [1.0, 1.0]), (0.0, -1.0)):
                for p, v in zip(neuron.w, w):
                    p.data = v
                neuron.b.data = c
            for p, v in zip(output.neurons[0].w, (1.0, -2.0)):
                p.data = v
            output.neurons[0].b.data = 0.0
            self.print(
                f"preset goodfellow: {self.model!r}, seed 004's hand-built solution, not trained:",
                "  y = w·relu(W x + c) + b, W = [[1, 1], [1, 1]], c = [0, -1], w = [1, -2], b = 0",
                f"settings  {self.settings.describe()}",
            )
        self._print_table()

    def cmd_perceptron(self, args):
        self._no_args("perceptron", args)
        self.print(
            "Rosenblatt's perceptron: predict 1 if w·x + b > 0; after each mistake",
            f"w += (y - y_hat) x, b += (y - y_hat). Starts at w = 0, b = 0; "
            f"at most {PERCEPTRON_EPOCHS} epochs.",
        )
        grids, titles = [], []
        for gate, data in (("AND", nn.and_), ("OR", nn.or_), ("XOR", nn.xor)):
            X, Y = data()
            p = nn.Perceptron(2)
            errors = p.fit(X, Y, epochs=PERCEPTRON_EPOCHS, lr=1.0)
            w = [v.data for v in p.w]
            b = p.b.data
            wrong = sum(p.predict(x) != y for x, y in zip(X, Y))
            if p.converged:
                verdict = f"learned in {len(errors)} epoch{'s' if len(errors) != 1 else ''}"
            else:
                verdict = f"FAILS: still {wrong} wrong after {len(errors)} epochs"
            self.print(
                f"{gate:<4} {verdict}; w = [{w[0]:.3g}, {w[1]:.3g}], b = {b:.3g}; "
                f"mistakes per epoch: {' '.join(map(str, errors))}"
            )
            grids.append(view.perceptron_grid(w, b, Y))
            titles.append(gate)
        width = len(grids[0][0])
        self.print("  ".join(f"{t:^{width}}" for t in titles))
        for row in zip(*grids):
            self.print("  ".join(row))
        self.print(
            "'#' is where the perceptron says 1. One straight line can split AND and OR, but no",
            "line puts (0,1) and (1,0) on one side and (0,0) and (1,1) on the other: the",
            "weights keep cycling. A hidden layer bends the boundary: `show` the MLP's.",
        )


class _Progress:
    """Reports training: a live redrawn view on a terminal, a few plain lines otherwise."""

    def __init__(self, session, total, until_solved):
        self.s = session
        self.total = total
        self.until_solved = until_solved
        self.count = 0
        self.lines_drawn = 0
        self.last_draw = 0.0
        self.started = time.monotonic()
        self.first_epoch = session.epochs
        self.every = 250 if until_solved else max(total // 10, 1)
        if total < 20 and not until_solved:
            self.every = total + 1  # too short to report along the way

    def _line(self, loss, correct):
        self.count = self.s.epochs - self.first_epoch
        goal = f"{self.count}/{self.total} epochs" + (" (cap)" if self.until_solved else "")
        return (
            f"{view.bar(self.count / self.total)} {goal}  epoch {self.s.epochs}  "
            f"loss {view.num(loss)}  accuracy {100 * correct // 4}%"
        )

    def update(self, loss, correct):
        self.count = self.s.epochs - self.first_epoch
        if self.s.live:
            now = time.monotonic()
            if self.s.speed:
                ahead = self.started + self.count / self.s.speed - now
                if ahead > 0:
                    time.sleep(ahead)
                    now += ahead
            if now - self.last_draw >= LIVE_INTERVAL:
                self.last_draw = now
                self._draw(self._line(loss, correct))
        elif self.count % self.every == 0:
            self.s.print(self._line(loss, correct))

    def _draw(self, status):
        s = self.s
        threshold, scale = threshold_of(s.settings)
        frame = view.boundary_grid(s.predict, threshold, scale, s.Y, s.color)
        frame.append("loss " + view.sparkline(s.history))
        frame.append(status)
        text = ""
        if self.lines_drawn:
            text += f"\x1b[{self.lines_drawn}F"  # back to the top of the previous frame
        else:
            text += "\x1b[?25l"  # hide the cursor while redrawing
        text += "".join("\x1b[2K" + line + "\n" for line in frame)
        s.out.write(text)
        s.out.flush()
        self.lines_drawn = len(frame)

    def close(self):
        if self.s.live and self.lines_drawn:
            loss = self.s.history[-1] if self.s.history else float("nan")
            _, correct, _ = self.s.evaluate()
            self._draw(self._line(loss, correct))
            self.s.out.write("\x1b[?25h")
            self.s.out.flush()
