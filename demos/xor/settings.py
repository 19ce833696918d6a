"""The trainer's settings: the ``Settings`` of a run, and the table of keys that ``set`` takes.

Each row of ``KEYS`` holds one key: its name, its aliases, how its value is parsed (or
the names it may take), whether changing it re-initialises the model, and its help.
``set`` alone lists the table; the command-line flags parse with the same rows.
"""

import math
import textwrap
from dataclasses import dataclass
from typing import Callable

import nn
from autograd.render import format_number
from demos._cli import closest, decimal

MAX_UNITS = 32
MAX_HIDDEN_LAYERS = 3
MAX_SPEED = 1_000_000  # epochs per second of the live view

ACTIVATION_NAMES = tuple(nn.ACTIVATIONS)
LOSS_NAMES = ("bce", "bce_with_logits", "mse", "hinge")  # the losses for one 0/1 output
OPTIMIZER_NAMES = tuple(nn.OPTIMIZERS)
INIT_NAMES = tuple(nn.INITS)
_SIGNED_LOSSES = ("hinge", "bce_with_logits")  # the output is a score or a logit
_NEGATIVE_OUTPUTS = ("linear", "tanh", "leaky_relu", "elu")


class CommandError(Exception):
    """A bad command or value: the message says what is allowed."""


@dataclass(frozen=True)
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
    batch: str = "full"

    @property
    def threshold(self):
        """The output above which a point is class 1: 0 for a score or a logit, else 0.5."""
        return 0.0 if self.loss in _SIGNED_LOSSES else 0.5

    @property
    def confident(self):
        """How far from the threshold an output counts as fully confident."""
        return 1.0 if self.loss in _SIGNED_LOSSES else 0.5

    def describe(self):
        """The model's settings, then the training's, on two lines that fit 80 columns.

        The second line is indented to follow a ``settings  `` prefix.
        """
        online = ", online" if self.batch == "online" else ""
        return (
            f"hidden {as_text(self.hidden)} {self.activation}, output {self.output}, "
            f"loss {self.loss}\n"
            f"          optimizer {self.optimizer}, lr {as_text(self.lr)}{online}, "
            f"init {self.init}, seed {self.seed}"
        )


def as_text(value):
    """A setting's value as ``set`` takes it: ``4,3`` for layers, ``0.5`` for a rate."""
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    if isinstance(value, float):
        return format_number(value, 6)
    return str(value)


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


def fitting_loss(output):
    """The loss to switch to when the current one cannot train ``output``."""
    return {"sigmoid": "bce", "linear": "bce_with_logits"}.get(output, "mse")


# -- parsers: each takes the text a user typed and returns the value, or raises CommandError


def _whole(text, low, high):
    """The whole number written in ``text`` if it lies from ``low`` to ``high``, else None."""
    text = text.strip()
    # isdigit() alone admits '²', and int() of 5000 digits is refused: check both first
    if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > len(str(high)):
        return None
    return int(text) if low <= int(text) <= high else None


def whole_number(what, low, high, allowed=None):
    """A parser of a whole number from ``low`` to ``high``; the error says
    "``what`` must be ``allowed``" (by default, a whole number from low to high)."""
    allowed = allowed or f"a whole number from {low} to {high}"

    def parse(text):
        n = _whole(text, low, high)
        if n is None:
            raise CommandError(f"{what} must be {allowed}; got {text!r}")
        return n

    return parse


def parse_lr(text):
    """A learning rate: a positive, finite number up to 1000."""
    try:
        lr = decimal(text)
    except ValueError:
        lr = None
    if lr is None or not math.isfinite(lr) or lr <= 0 or lr > 1000:
        raise CommandError(
            f"lr must be a positive number up to 1000, such as 0.5 or 0.05; got {text!r}"
        )
    return lr


def parse_hidden(text):
    """Hidden layer sizes: ``4`` or ``4,3`` (units per layer)."""
    sizes = [_whole(part, 1, MAX_UNITS) for part in text.replace(" ", "").split(",")]
    if not 1 <= len(sizes) <= MAX_HIDDEN_LAYERS or None in sizes:
        raise CommandError(
            f"hidden must be 1 to {MAX_UNITS} units, or up to {MAX_HIDDEN_LAYERS} layers as 4,3; "
            f"got {text!r}"
        )
    return tuple(sizes)


parse_seed = whole_number("seed", 0, 2**32 - 1)
parse_speed = whole_number(
    "speed", 0, MAX_SPEED, "a whole number of epochs per second (0 = no limit)"
)


def one_of(kind, names):
    """A parser that takes one of ``names`` (any case, '-' for '_') and suggests the closest."""

    def parse(text):
        name = text.strip().lower().replace("-", "_")
        if name in names:
            return name
        guess = closest(name, names)
        hint = f" (did you mean {guess}?)" if guess else ""
        raise CommandError(f"{kind} must be one of: {', '.join(names)}; got {text!r}{hint}")

    return parse


# -- the table of keys ---------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One key of ``set``: its value comes from ``parse``, or is one of ``choices``."""

    name: str
    aliases: tuple
    parse: Callable | None
    choices: tuple
    reinitialises: bool
    help: str

    def __post_init__(self):
        if self.parse is None:
            object.__setattr__(self, "parse", one_of(self.name, self.choices))

    @property
    def summary(self):
        """The help, saying when a change starts the model over."""
        return self.help + (" (re-initialises)" if self.reinitialises else "")


_ROWS = [
    #   key           aliases                          parser        choices           re-init
    #   help
    Key("lr",         ("learning_rate",),              parse_lr,     (),               False,
        "learning rate, a positive number (keeps the weights)"),
    Key("hidden",     ("units",),                      parse_hidden, (),               True,
        f"hidden units, 1 to {MAX_UNITS}, or layers as 4,3"),
    Key("activation", ("act", "hidden_activation"),    None,         ACTIVATION_NAMES, True,
        "hidden activation"),
    Key("output",     ("out", "output_activation"),    None,         ACTIVATION_NAMES, True,
        "output activation"),
    Key("loss",       (),                              None,         LOSS_NAMES,       False,
        "loss function (keeps the weights)"),
    Key("optimizer",  ("opt", "optimiser"),            None,         OPTIMIZER_NAMES,  False,
        "optimizer (keeps the weights, starts a fresh optimizer state)"),
    Key("init",       (),                              None,         INIT_NAMES,       True,
        "weight initialisation"),
    Key("seed",       (),                              parse_seed,   (),               True,
        "random seed of the initialisation"),
    Key("batch",      (),                              None,         ("full", "online"), False,
        "full: one step per epoch on all 4 points; online: one step per point, "
        "in seed 003's order"),
    Key("speed",      (),                              parse_speed,  (),               False,
        "epochs per second of the live view on a terminal; 0 = as fast as possible"),
    Key("tape",       (),                              None,         ("on", "off"),    False,
        "on: each epoch replays the graph traced once; off: builds it from Values "
        "(the same numbers, slower)"),
]  # fmt: skip

KEYS = {key.name: key for key in _ROWS}
"""Every key of ``set`` by name; all but ``speed`` (the live view's) and ``tape`` (how the
session computes) are fields of Settings."""


def find_key(word):
    """The key named ``word`` or one of its aliases; CommandError with a suggestion if none."""
    name = word.lower()
    for key in _ROWS:
        if name == key.name or name in key.aliases:
            return key
    guess = closest(name, KEYS, cutoff=0.5)
    hint = f"; did you mean {guess}?" if guess else "; `set` alone lists the keys"
    raise CommandError(f"unknown key {word!r}{hint}")


def key_lines(current, width=80):
    """The listing of ``set`` alone: every key with its value in ``current``, its help and
    its choices, in lines of at most ``width`` columns."""
    lines = ["set KEY VALUE, with KEY one of:"]
    for key in _ROWS:
        head = f"  {key.name:<10} now {as_text(current[key.name]):<8} "
        text = key.summary + (f"; one of: {', '.join(key.choices)}" if key.choices else "")
        lines += textwrap.wrap(
            text, width, initial_indent=head, subsequent_indent=" " * len(head),
            break_on_hyphens=False,
        )  # fmt: skip
    return lines
